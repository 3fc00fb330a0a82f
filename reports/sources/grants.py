"""Section (d), partner initiatives: what funded organizations reported they achieved.

Grantees report individuals served by service type; a report counts in the year it was
submitted.
"""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from reports.tables import Figure, Table, matrix_table


def grantee_tables(year: int) -> list[Table]:
    from grants.models import ReportServiceCount, ServiceType

    rows = (
        ReportServiceCount.objects.filter(report__submitted_at__year=year)
        .values(
            "report__award__application__organization_id",
            "report__award__application__organization__name",
            "service_type",
        )
        .annotate(individuals=Sum("individuals"))
        .order_by("report__award__application__organization__name", "service_type")
    )
    by_org: dict[tuple[str, int], dict[str, int]] = {}
    for row in rows:
        org = (
            row["report__award__application__organization__name"],
            row["report__award__application__organization_id"],
        )
        by_org.setdefault(org, {})[row["service_type"]] = row["individuals"]
    if not by_org:
        return []
    types = [code for code, _label in ServiceType.choices if any(code in counts for counts in by_org.values())]
    labels = dict(ServiceType.choices)
    figure = "grants/partners"
    return [
        matrix_table(
            key="partners-grantee-individuals",
            title=_("Funded partners: individuals served by service type, as reported by grantees"),
            columns=[str(labels[code]) for code in types],
            items=[
                (
                    name,
                    [Figure(f"{figure}/{pk}/{code}", counts.get(code, 0)) for code in types],
                    Figure(f"{figure}/{pk}", sum(counts.values())),
                )
                for (name, pk), counts in by_org.items()
            ],
            column_totals=[
                Figure(f"{figure}/all/{code}", sum(c.get(code, 0) for c in by_org.values())) for code in types
            ],
            grand_total=Figure(f"{figure}/all", sum(sum(c.values()) for c in by_org.values())),
            source=_("Grantee reports submitted in %(year)s") % {"year": year},
        )
    ]
