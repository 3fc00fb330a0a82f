"""Section (d), per programme, and intake demand for section (b), from the programmes app.

`programs.selectors.program_metrics` computes the ordinance figures; this module only lays
them out as tables of counts and declares the sums a reader can see; suppression is planned
over the whole report (reports.tables.publish).
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from reports.tables import Figure, Table, count_table, matrix_table


def _programs_with_data(year: int):
    """Every programme with a figure in the year, so that "all programmes" is the sum of those
    shown (a reader adds them up; the suppression plan relies on the same sum)."""
    from programs.models import Activity, Intake, Program, ProgramCapacity, ServiceRecord
    from programs.selectors import year_bounds

    start, end = year_bounds(year)
    program = OuterRef("pk")
    has_data = (
        Exists(Intake.objects.filter(program=program, received_at__gte=start, received_at__lt=end))
        | Exists(Intake.objects.filter(program=program, screened_at__gte=start, screened_at__lt=end))
        | Exists(
            ServiceRecord.objects.filter(intake__program=program, opened_on__gte=start.date(), opened_on__lt=end.date())
        )
        | Exists(ProgramCapacity.objects.filter(program=program, year=year))
        | Exists(Activity.objects.filter(program=program, date__gte=start.date(), date__lt=end.date()))
    )
    if apps.is_installed("events"):
        from events.models import Session

        has_data |= Exists(
            Session.objects.filter(
                event__program=program,
                event__service_type__isnull=False,
                starts_at__gte=start,
                starts_at__lt=end,
            )
        )
    return Program.objects.filter(has_data).order_by("name")


def _service_table(*, key: str, title: str, metrics: dict, figure: str) -> Table | None:
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
    served = [Figure(f"{figure}/individuals/{s}", individuals.get(s, 0)) for s in order]
    handled = [Figure(f"{figure}/matters/{s}", matters.get(s, 0)) for s in order]
    served_total = Figure(f"{figure}/individuals", sum(c.value for c in served))
    handled_total = Figure(f"{figure}/matters", sum(c.value for c in handled))
    # Every individual served has at least one matter of that service type.
    relations = [("ge", m.key, (i.key,)) for i, m in zip(served, handled, strict=True)]
    return Table(
        key=key,
        title=title,
        columns=[_("Capacity (i)"), _("Individuals served (iii)"), _("Matters handled (iv)")],
        rows=[
            {"label": str(names[s]), "values": [capacity.get(s), ind, mat]}
            for s, ind, mat in zip(order, served, handled, strict=True)
        ],
        # Capacity is a number of places, not of people: it is not suppressed.
        totals=[sum(capacity.values()), served_total, handled_total],
        chart=False,
        relations=[
            ("eq", served_total.key, tuple(c.key for c in served)),
            ("eq", handled_total.key, tuple(c.key for c in handled)),
            *relations,
        ],
    )


def _screening_table(*, key: str, title: str, metrics: dict, figure: str) -> Table | None:
    """(ii) intakes received and eligibility screenings, with their results."""
    if not (metrics["intakes"] or metrics["screenings"]):
        return None
    screenings = Figure(f"{figure}/screenings", metrics["screenings"])
    eligible = Figure(f"{figure}/screenings/eligible", metrics["screened_eligible"])
    not_eligible = Figure(f"{figure}/screenings/not-eligible", metrics["screened_not_eligible"])
    # Every screening records a result, so the two results add up to the screenings; a reader
    # can always count on "at least".
    exact = screenings.value == eligible.value + not_eligible.value
    return Table(
        key=key,
        title=title,
        columns=[_("Number")],
        rows=[
            {
                "label": _("Requests for help received (intakes)"),
                "values": [Figure(f"{figure}/intakes", metrics["intakes"])],
            },
            {"label": _("Eligibility screenings"), "values": [screenings]},
            {"label": _("Screened eligible"), "values": [eligible]},
            {"label": _("Screened not eligible"), "values": [not_eligible]},
        ],
        relations=[("eq" if exact else "ge", screenings.key, (eligible.key, not_eligible.key))],
    )


def _outcome_table(*, key: str, title: str, metrics: dict, figure: str) -> Table | None:
    """(iv) outcomes of the matters handled, by service type; each row's total is the matters
    figure of the services table (one figure, shown alike in both)."""
    rows = metrics["matters_by_service_type"]
    if not rows:
        return None
    outcome_keys = sorted({outcome for row in rows for outcome in row["outcomes"]})
    labels = metrics["outcome_labels"]
    items = [
        (
            str(row["service_type_name"]),
            [Figure(f"{figure}/outcomes/{row['service_type']}/{k}", row["outcomes"].get(k, 0)) for k in outcome_keys],
            Figure(f"{figure}/matters/{row['service_type']}", row["matters"]),
        )
        for row in rows
    ]
    return matrix_table(
        key=key,
        title=title,
        columns=[labels.get(k, _("Pending")) for k in outcome_keys],
        items=items,
        column_totals=[
            Figure(f"{figure}/outcomes/{k}", sum(row["outcomes"].get(k, 0) for row in rows)) for k in outcome_keys
        ],
        grand_total=Figure(f"{figure}/matters", sum(row["matters"] for row in rows)),
    )


def _legal_table(*, key: str, title: str, metrics: dict, figure: str) -> Table | None:
    """(v) legal services: individuals directly supported or referred, by service and case type."""
    rows = metrics["legal_by_service_and_case_type"]
    if not rows:
        return None
    not_recorded = _("Case type not recorded")
    cells = [
        (
            r,
            Figure(f"{figure}/legal/{r['service_type']}/{r['case_type'] or '-'}/direct", r["directly_supported"]),
            Figure(f"{figure}/legal/{r['service_type']}/{r['case_type'] or '-'}/referred", r["referred"]),
        )
        for r in rows
    ]
    direct_total = Figure(f"{figure}/legal/direct", sum(d.value for _r, d, _f in cells))
    referred_total = Figure(f"{figure}/legal/referred", sum(f.value for _r, _d, f in cells))
    # Each cell counts people of one service type, so it is at most that type's individuals served.
    bounds = [("ge", f"{figure}/individuals/{r['service_type']}", (c.key,)) for r, d, f in cells for c in (d, f)]
    return Table(
        key=key,
        title=title,
        columns=[_("Directly supported"), _("Referred to other legal providers")],
        rows=[
            {"label": "{} — {}".format(r["service_type_name"], r["case_type_name"] or not_recorded), "values": [d, f]}
            for r, d, f in cells
        ],
        # Only column totals are published: a row total would add people helped both ways twice.
        totals=[direct_total, referred_total],
        note=_("An individual helped directly in one matter and referred in another counts in both columns."),
        relations=[
            ("eq", direct_total.key, tuple(d.key for _r, d, _f in cells)),
            ("eq", referred_total.key, tuple(f.key for _r, _d, f in cells)),
            *bounds,
        ],
    )


def _activity_table(*, key: str, title: str, metrics: dict, figure: str) -> Table | None:
    rows = metrics["group_activities_by_service_type"]
    if not rows:
        return None
    items = [
        (str(r["service_type_name"]), Figure(f"{figure}/attendance/{r['service_type']}", r["attendance"])) for r in rows
    ]
    return count_table(
        key=key,
        title=title,
        column=_("Attendance"),
        items=items,
        total=Figure(f"{figure}/attendance", sum(c.value for _l, c in items)),
        chart=False,
    )


def _event_table(*, key: str, title: str, metrics: dict, figure: str) -> Table | None:
    """Events booked through the portal: seats offered, attendance (check-ins) and individuals
    (a person at two sessions once), by service type. Seats are places, not people: not suppressed."""
    rows = metrics.get("event_attendance_by_service_type") or []
    if not rows:
        return None
    attended = [Figure(f"{figure}/event-attendance/{r['service_type']}", r["attended"]) for r in rows]
    people = [Figure(f"{figure}/event-individuals/{r['service_type']}", r["individuals"]) for r in rows]
    attended_total = Figure(f"{figure}/event-attendance", sum(c.value for c in attended))
    return Table(
        key=key,
        title=title,
        columns=[_("Sessions"), _("Seats offered"), _("Attendance"), _("Individuals")],
        rows=[
            {"label": str(r["service_type_name"]), "values": [r["sessions"], r["seats"], a, p]}
            for r, a, p in zip(rows, attended, people, strict=True)
        ],
        # No total of individuals: one person at events of two service types is in both rows.
        totals=[sum(r["sessions"] for r in rows), sum(r["seats"] for r in rows), attended_total, None],
        note=_(
            "Attendance is counted from check-ins at the door, with the people each registrant brought; an "
            "individual is counted once however many sessions they attended."
        ),
        relations=[
            ("eq", attended_total.key, tuple(c.key for c in attended)),
            # Every individual who attended is part of the attendance of that service type.
            *[("ge", a.key, (p.key,)) for a, p in zip(attended, people, strict=True)],
        ],
    )


def _all_is_the_sum_of_programmes(tables: list[Table], slugs: list[str]) -> list:
    """Every "all programmes" figure is the sum of the same figure over the programmes, cell by
    cell: a reader can add the programme tables up, so the plan must know it too."""
    keys = {count.key for table in tables for count in table.counts()}
    relations = []
    for key in sorted(k for k in keys if k.startswith("programs/all/")):
        rest = key.removeprefix("programs/all/")
        relations.append(("eq", key, tuple(f"programs/{s}/{rest}" for s in slugs if f"programs/{s}/{rest}" in keys)))
    return relations


def program_tables(year: int) -> list[Table]:
    """All programmes together, then one block of tables per programme (12-19.4(2)(d)(i)-(v))."""
    from programs.selectors import program_metrics, program_metrics_with_all

    tables: list[Table] = []
    programs = list(_programs_with_data(year))
    # Every programme's figures, and their sums for all programmes, from one set of grouped
    # queries, not a set per programme.
    all_programs, by_program = program_metrics_with_all(year=year)
    blocks = [("all", _("All programmes"), all_programs)]
    blocks += [(p.slug, p.name, by_program.get(p.pk) or program_metrics(year=year, program=p)) for p in programs]
    for slug, name, metrics in blocks:
        for builder, suffix, title in (
            (_service_table, "services", _("%(program)s: capacity, individuals served and matters by service type")),
            (_screening_table, "screenings", _("%(program)s: intakes and eligibility screenings")),
            (_outcome_table, "outcomes", _("%(program)s: outcomes of matters by service type")),
            (_legal_table, "legal", _("%(program)s: legal services by service and case type")),
            (_activity_table, "activities", _("%(program)s: attendance at group activities")),
            (_event_table, "events", _("%(program)s: attendance at events with registration")),
        ):
            table = builder(
                key=f"program-{slug}-{suffix}",
                title=title % {"program": name},
                metrics=metrics,
                figure=f"programs/{slug}",
            )
            if table:
                tables.append(table)
    if tables:
        tables[0].relations += _all_is_the_sum_of_programmes(tables, [p.slug for p in programs])
    return tables


def intake_demand_tables(year: int) -> list[Table]:
    """Section (b): requests for help received in the year, by programme."""
    from programs.models import Intake
    from programs.selectors import year_bounds

    start, end = year_bounds(year)
    from programs.models import Program

    rows = (
        Intake.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("program_id", "program__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "program_id")
    )
    # Names through the model, not values("program__name"): that column is the English one.
    names = {p.pk: p.name for p in Program.objects.filter(pk__in=[row["program_id"] for row in rows])}
    # The same figures as each programme's "requests for help received" in section (d).
    items = [
        (str(names[row["program_id"]]), Figure(f"programs/{row['program__slug']}/intakes", row["n"])) for row in rows
    ]
    if not items:
        return []
    return [
        count_table(
            key="needs-intake-demand",
            title=_("Requests for help received, by programme"),
            column=_("Requests"),
            items=items,
            total=Figure("programs/all/intakes", sum(c.value for _l, c in items)),
        )
    ]
