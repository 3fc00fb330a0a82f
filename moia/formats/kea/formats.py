# Cabo Verdean Creole, as written in Cabo Verde: Portuguese conventions.
DATE_FORMAT = r"j \d\i F \d\i Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j \d\i F \d\i Y, H:i"
YEAR_MONTH_FORMAT = r"F \d\i Y"
MONTH_DAY_FORMAT = r"j \d\i F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
