"""Section (a): size and composition of the immigrant population, from published statistics."""

from django.utils.translation import gettext as _

from reports.models import PopulationStatistic
from reports.tables import Table


def latest_population_year(year: int) -> int | None:
    """The most recent statistics year not after the report year (ACS releases lag a year or two)."""
    return PopulationStatistic.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()


def population_tables(year: int) -> list[Table]:
    stats_year = latest_population_year(year)
    if stats_year is None:
        return []
    rows = list(PopulationStatistic.objects.filter(year=stats_year).order_by("topic", "geography", "order", "pk"))
    tables: list[Table] = []
    labels = dict(PopulationStatistic.Topic.choices)
    units = dict(PopulationStatistic.Unit.choices)
    for topic in dict.fromkeys(r.topic for r in rows):
        topic_rows = [r for r in rows if r.topic == topic]
        tables.append(
            Table(
                key=f"population-{topic}",
                title=f"{labels[topic]} ({stats_year})",
                columns=[_("Estimate"), _("Unit"), _("Margin of error")],
                rows=[
                    {
                        "label": r.dimension if r.geography == "citywide" else f"{r.dimension} — {r.geography}",
                        "unit": r.unit,
                        "aggregate": r.is_aggregate,
                        "values": [
                            float(r.value),
                            str(units[r.unit]),
                            float(r.margin_of_error) if r.margin_of_error is not None else None,
                        ],
                    }
                    for r in topic_rows
                ],
                chart=all(r.unit == PopulationStatistic.Unit.PERCENT for r in topic_rows) and len(topic_rows) > 1,
                ordered=any(r.order for r in topic_rows),
                source="; ".join(sorted({r.source for r in topic_rows})),
                note=_("Demo figures, for illustration only.") if any(r.is_demo for r in topic_rows) else "",
            )
        )
    return tables
