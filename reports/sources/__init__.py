"""Where each section of the report gets its figures.

Each source is a function `(year: int) -> list[Table]`; `reports.selectors.report_data`
calls them inside `translation.override(language)` so titles come out in the report's language.
"""
