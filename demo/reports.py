"""Demo data for the annual report: population figures and a narrative.

Boston's headline figures come from the ordinance's preamble (over 690,000 residents, 29%
foreign-born, 15% limited English proficiency, 35% speak a language other than English at
home). The breakdowns are invented for the demo and labelled as such in the report.
"""

from decimal import Decimal

from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from demo.loading import SHARED, read
from reports.models import PopulationStatistic, ReportNarrative


def seed(*, office: str, stdout) -> None:
    year = timezone.localdate().year - 1
    shared = read(SHARED, "reports")
    # Labels and sources are translated once, by their English text (a language whose labels are
    # missing cannot be published).
    labels = shared["labels"]
    for row in read(office, "reports")["population"]:
        dimension, source, moe = row["dimension"], row["source"], row["margin_of_error"]
        translations = {
            build_localized_fieldname(field, language): text
            for field, english in (("dimension", dimension), ("source", source))
            for language, text in labels.get(english, {}).items()
        }
        PopulationStatistic.objects.update_or_create(
            year=year,
            topic=row["topic"],
            dimension_en=dimension,
            geography="citywide",
            defaults={
                "dimension": dimension,
                "value": Decimal(str(row["value"])),
                "unit": row["unit"],
                "margin_of_error": Decimal(str(moe)) if moe is not None else None,
                "source_en": source,
                "source": source,
                "is_demo": row["is_demo"],
                # A total of the other rows of its topic: shown in the table, left out of the chart.
                "is_aggregate": dimension in shared["aggregates"],
                # Year-of-entry bands in their natural order, oldest first.
                "order": shared["order"].get(dimension, 0),
                **translations,
            },
        )
    ReportNarrative.objects.get_or_create(
        year=year,
        defaults={
            build_localized_fieldname(field, language): text
            # The demo's texts in English, Spanish and Arabic, not reviewed: a person must review
            # each language in the admin before its report can be published.
            for language, texts in shared["narrative"].items()
            for field, text in texts.items()
        },
    )
    stdout.write(f"  population statistics and narrative for {year}")
