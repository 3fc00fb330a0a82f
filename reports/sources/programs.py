"""Section (d), per programme, and intake demand for section (b), from the programmes app.

`programs.selectors.program_metrics` computes the ordinance figures; this module only lays
them out as published tables and suppresses small cells.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from reports.suppression import suppress_list, suppress_matrix, suppress_value
from reports.tables import Table, count_table, matrix_table, published


def _programs_with_data(year: int):
    from programs.models import Activity, Intake, Program, ProgramCapacity
    from programs.selectors import year_bounds

    start, end = year_bounds(year)
    program = OuterRef("pk")
    return Program.objects.filter(
        Exists(Intake.objects.filter(program=program, received_at__gte=start, received_at__lt=end))
        | Exists(ProgramCapacity.objects.filter(program=program, year=year))
        | Exists(Activity.objects.filter(program=program, date__gte=start.date(), date__lt=end.date()))
    ).order_by("name")


def _service_table(*, key: str, title: str, metrics: dict) -> Table | None:
    """(i) capacity, (iii) individuals served and (iv) matters handled, by service type."""
    names: dict[str, str] = {}
    capacity: dict[str, int] = {}
    for row in metrics["capacity_by_service_type"]:
        names[row["service_type"]] = row["service_type_name"]
        capacity[row["service_type"]] = row["capacity"]
    individuals: dict[str, int] = {}
    for row in metrics["individuals_served_by_service_type"]:
        names[row["service_type"]] = row["service_type_name"]
        individuals[row["service_type"]] = row["individuals"]
    matters = {row["service_type"]: row["matters"] for row in metrics["matters_by_service_type"]}
    if not names:
        return None
    order = sorted(names, key=lambda slug: str(names[slug]))
    shown_individuals, total_individuals = suppress_list([individuals.get(s, 0) for s in order])
    shown_matters, total_matters = suppress_list([matters.get(s, 0) for s in order])
    return Table(
        key=key,
        title=title,
        columns=[_("Capacity (i)"), _("Individuals served (iii)"), _("Matters handled (iv)")],
        rows=[
            {"label": str(names[s]), "values": [capacity.get(s), published(ind), published(mat)]}
            for s, ind, mat in zip(order, shown_individuals, shown_matters, strict=True)
        ],
        totals=[sum(capacity.values()), published(total_individuals), published(total_matters)],
        chart=False,
    )


def _screening_table(*, key: str, title: str, metrics: dict) -> Table | None:
    """(ii) intakes received and eligibility screenings, with their results."""
    if not (metrics["intakes"] or metrics["screenings"]):
        return None
    (eligible, not_eligible), screenings = suppress_list(
        [metrics["screened_eligible"], metrics["screened_not_eligible"]]
    )
    return Table(
        key=key,
        title=title,
        columns=[_("Number")],
        rows=[
            {
                "label": _("Requests for help received (intakes)"),
                "values": [published(suppress_value(metrics["intakes"]))],
            },
            {"label": _("Eligibility screenings"), "values": [published(screenings)]},
            {"label": _("Screened eligible"), "values": [published(eligible)]},
            {"label": _("Screened not eligible"), "values": [published(not_eligible)]},
        ],
    )


def _outcome_table(*, key: str, title: str, metrics: dict) -> Table | None:
    """(iv) outcomes of the matters handled, by service type."""
    rows = metrics["matters_by_service_type"]
    if not rows:
        return None
    outcome_keys = sorted({outcome for row in rows for outcome in row["outcomes"]})
    labels = metrics["outcome_labels"]
    return matrix_table(
        key=key,
        title=title,
        columns=[labels.get(k, _("Pending")) for k in outcome_keys],
        items=[(str(row["service_type_name"]), [row["outcomes"].get(k, 0) for k in outcome_keys]) for row in rows],
    )


def _legal_table(*, key: str, title: str, metrics: dict) -> Table | None:
    """(v) legal services: individuals directly supported or referred, by service and case type."""
    rows = metrics["legal_by_service_and_case_type"]
    if not rows:
        return None
    # Only column totals are published: a row total would add people helped both ways twice.
    cells, _row_totals, col_totals, _grand = suppress_matrix(
        [[r["directly_supported"], r["referred"]] for r in rows], row_totals=False
    )
    not_recorded = _("Case type not recorded")
    return Table(
        key=key,
        title=title,
        columns=[_("Directly supported"), _("Referred to other legal providers")],
        rows=[
            {
                "label": "{} — {}".format(r["service_type_name"], r["case_type_name"] or not_recorded),
                "values": [published(v) for v in row],
            }
            for r, row in zip(rows, cells, strict=True)
        ],
        totals=[published(v) for v in col_totals],
        note=_("An individual helped directly in one matter and referred in another counts in both columns."),
    )


def _activity_table(*, key: str, title: str, metrics: dict) -> Table | None:
    rows = metrics["group_activities_by_service_type"]
    if not rows:
        return None
    return count_table(
        key=key,
        title=title,
        column=_("Attendance"),
        items=[(str(r["service_type_name"]), r["attendance"]) for r in rows],
        chart=False,
    )


def program_tables(year: int) -> list[Table]:
    """All programmes together, then one block of tables per programme (12-19.4(2)(d)(i)-(v))."""
    from programs.selectors import program_metrics

    tables: list[Table] = []
    blocks = [("all", _("All programmes"), program_metrics(year=year))]
    blocks += [(p.slug, p.name, program_metrics(year=year, program=p)) for p in _programs_with_data(year)]
    for slug, name, metrics in blocks:
        for builder, suffix, title in (
            (_service_table, "services", _("%(program)s: capacity, individuals served and matters by service type")),
            (_screening_table, "screenings", _("%(program)s: intakes and eligibility screenings")),
            (_outcome_table, "outcomes", _("%(program)s: outcomes of matters by service type")),
            (_legal_table, "legal", _("%(program)s: legal services by service and case type")),
            (_activity_table, "activities", _("%(program)s: attendance at group activities")),
        ):
            table = builder(key=f"program-{slug}-{suffix}", title=title % {"program": name}, metrics=metrics)
            if table:
                tables.append(table)
    return tables


def intake_demand_tables(year: int) -> list[Table]:
    """Section (b): requests for help received in the year, by programme."""
    from programs.models import Intake
    from programs.selectors import year_bounds

    start, end = year_bounds(year)
    rows = (
        Intake.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("program__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "program__name")
    )
    items = [(str(row["program__name"]), row["n"]) for row in rows]
    if not items:
        return []
    return [
        count_table(
            key="needs-intake-demand",
            title=_("Requests for help received, by programme"),
            column=_("Requests"),
            items=items,
        )
    ]
