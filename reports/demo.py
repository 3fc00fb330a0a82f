"""Demo data for the annual report: population figures and a narrative.

Boston's headline figures come from the ordinance's preamble (over 690,000 residents, 29%
foreign-born, 15% limited English proficiency, 35% speak a language other than English at
home). The breakdowns are invented for the demo and labelled as such in the report.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from .models import PopulationStatistic, ReportNarrative

ORDINANCE = "Boston City Council, ordinance 12-19 preamble"
DEMO_ACS = "Demo breakdown modelled on ACS 5-year tables (not real data)"

BOSTON = [
    # (topic, dimension, value, unit, moe, source, is_demo)
    ("population", "Total residents", 690000, "count", None, ORDINANCE, False),
    ("nativity", "Foreign-born", 29, "percent", None, ORDINANCE, False),
    ("nativity", "U.S.-born", 71, "percent", None, ORDINANCE, False),
    ("english_ability", "Limited English proficiency", 15, "percent", None, ORDINANCE, False),
    ("language", "Speak a language other than English at home", 35, "percent", None, ORDINANCE, False),
    ("language", "Spanish", 16.1, "percent", 0.6, DEMO_ACS, True),
    ("language", "Chinese (incl. Cantonese, Mandarin)", 3.6, "percent", 0.3, DEMO_ACS, True),
    ("language", "Haitian Creole", 3.2, "percent", 0.3, DEMO_ACS, True),
    ("language", "Vietnamese", 1.9, "percent", 0.2, DEMO_ACS, True),
    ("language", "Portuguese or Cabo Verdean Creole", 2.8, "percent", 0.3, DEMO_ACS, True),
    ("language", "Arabic", 0.9, "percent", 0.1, DEMO_ACS, True),
    ("language", "Russian", 0.8, "percent", 0.1, DEMO_ACS, True),
    ("language", "French", 1.0, "percent", 0.1, DEMO_ACS, True),
    ("language", "Somali", 0.4, "percent", 0.1, DEMO_ACS, True),
    ("citizenship", "Naturalized U.S. citizen", 48.0, "percent", 1.5, DEMO_ACS, True),
    ("citizenship", "Not a U.S. citizen", 52.0, "percent", 1.5, DEMO_ACS, True),
    ("year_of_entry", "Entered 2010 or later", 38.5, "percent", 1.4, DEMO_ACS, True),
    ("year_of_entry", "Entered 2000 to 2009", 24.0, "percent", 1.2, DEMO_ACS, True),
    ("year_of_entry", "Entered before 2000", 37.5, "percent", 1.3, DEMO_ACS, True),
    ("immigration_status", "Lawful permanent residents (estimate)", 33.0, "percent", 2.5, DEMO_ACS, True),
    ("immigration_status", "Temporary or other lawful status (estimate)", 12.0, "percent", 2.0, DEMO_ACS, True),
    ("immigration_status", "Undocumented (estimate)", 7.0, "percent", 1.8, DEMO_ACS, True),
    ("poverty", "Foreign-born residents below the poverty line", 18.2, "percent", 1.1, DEMO_ACS, True),
    ("income", "Median household income, foreign-born householder", 62000, "dollars", 2500, DEMO_ACS, True),
    ("education", "Foreign-born adults with a bachelor's degree or higher", 34.0, "percent", 1.4, DEMO_ACS, True),
]

BALTIMORE = [
    ("population", "Total residents", 565000, "count", None, DEMO_ACS, True),
    ("nativity", "Foreign-born", 8.5, "percent", 0.5, DEMO_ACS, True),
    ("language", "Speak a language other than English at home", 10.5, "percent", 0.5, DEMO_ACS, True),
    ("language", "Spanish", 5.2, "percent", 0.4, DEMO_ACS, True),
    ("english_ability", "Limited English proficiency", 4.2, "percent", 0.3, DEMO_ACS, True),
]

# A total of the other rows of its topic: shown in the table, left out of the chart.
AGGREGATES = {"Speak a language other than English at home"}
# Year-of-entry bands in their natural order, oldest first.
ORDER = {"Entered before 2000": 1, "Entered 2000 to 2009": 2, "Entered 2010 or later": 3}
# Translations of the labels and sources above (a language whose labels are missing cannot be published).
LABELS = json.loads((Path(__file__).parent / "demo_data" / "population_labels.json").read_text(encoding="utf-8"))

# The demo's texts in English, Spanish and Arabic, not reviewed: a person must review each
# language in the admin before its report can be published.
NARRATIVE = {
    "en": {
        "director_letter": (
            "This report describes the immigrant residents of our city, what they told us they need, the "
            "barriers they meet, and what the Office and its partners did last year. (Demo text.)"
        ),
        "needs_commentary": "Residents most often asked for legal help, housing and English classes. (Demo text.)",
        "barriers_commentary": "Language, cost and fear were the barriers named most often. (Demo text.)",
        "recommendations": (
            "1. Offer every City service in the 11 threshold languages.\n"
            "2. Fund free legal consultations in every neighbourhood.\n"
            "3. Keep services open to all residents regardless of immigration status. (Demo text.)"
        ),
    },
    "es": {
        "director_letter": (
            "Este informe describe a los residentes inmigrantes de nuestra ciudad, lo que nos dijeron que "
            "necesitan, las barreras que encuentran y lo que la Oficina y sus socios hicieron el año pasado. "
            "(Texto de demostración.)"
        ),
        "needs_commentary": (
            "Los residentes pidieron sobre todo ayuda legal, vivienda y clases de inglés. (Texto de demostración.)"
        ),
        "barriers_commentary": (
            "El idioma, el costo y el miedo fueron las barreras mencionadas con más frecuencia. "
            "(Texto de demostración.)"
        ),
        "recommendations": (
            "1. Ofrecer todos los servicios de la Ciudad en los 11 idiomas principales.\n"
            "2. Financiar consultas legales gratuitas en todos los barrios.\n"
            "3. Mantener los servicios abiertos a todos los residentes, sin importar su estatus migratorio. "
            "(Texto de demostración.)"
        ),
    },
    "ar": {
        "director_letter": (
            "يصف هذا التقرير السكان المهاجرين في مدينتنا، وما أخبرونا أنهم يحتاجون إليه، والعوائق التي "
            "يواجهونها، وما قام به المكتب وشركاؤه في العام الماضي. (نص تجريبي.)"
        ),
        "needs_commentary": "طلب السكان في أغلب الأحيان المساعدة القانونية والسكن ودروس اللغة الإنجليزية. (نص تجريبي.)",
        "barriers_commentary": "كانت اللغة والتكلفة والخوف أكثر العوائق ذكرًا. (نص تجريبي.)",
        "recommendations": (
            "1. تقديم كل خدمات المدينة باللغات الإحدى عشرة الرئيسية.\n"
            "2. تمويل استشارات قانونية مجانية في كل حي.\n"
            "3. إبقاء الخدمات مفتوحة لجميع السكان بغض النظر عن وضع الهجرة. (نص تجريبي.)"
        ),
    },
}


def seed(*, office: str, stdout) -> None:
    year = timezone.localdate().year - 1
    rows = BOSTON if office == "boston" else BALTIMORE
    for topic, dimension, value, unit, moe, source, is_demo in rows:
        translations = {
            build_localized_fieldname(field, language): text
            for field, english in (("dimension", dimension), ("source", source))
            for language, text in LABELS.get(english, {}).items()
        }
        PopulationStatistic.objects.update_or_create(
            year=year,
            topic=topic,
            dimension_en=dimension,
            geography="citywide",
            defaults={
                "dimension": dimension,
                "value": Decimal(str(value)),
                "unit": unit,
                "margin_of_error": Decimal(str(moe)) if moe is not None else None,
                "source_en": source,
                "source": source,
                "is_demo": is_demo,
                "is_aggregate": dimension in AGGREGATES,
                "order": ORDER.get(dimension, 0),
                **translations,
            },
        )
    ReportNarrative.objects.get_or_create(
        year=year,
        defaults={
            build_localized_fieldname(field, language): text
            for language, texts in NARRATIVE.items()
            for field, text in texts.items()
        },
    )
    stdout.write(f"  population statistics and narrative for {year}")
