"""Reads: who may see which intakes, public programme lists, and the ordinance metrics."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from .models import Activity, CaseType, Intake, PartnerMembership, Program, ProgramCapacity, ServiceRecord, ServiceType

# ------------------------------------------------------------------------------
# Access
# ------------------------------------------------------------------------------
VIEW_ALL_DEIDENTIFIED = "programs.view_deidentified_intake"


def assigned_program_ids(user) -> frozenset[int]:
    """Programmes the user is assigned to as staff (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_assigned_program_ids", None)
    if cached is None:
        # django-stubs types an auto-created through model as Never.
        through = Program.staff.through
        links = through.objects.filter(user=user)  # type: ignore[attr-defined]
        cached = frozenset(links.values_list("program_id", flat=True))
        user._assigned_program_ids = cached
    return cached


def intakes_for(user) -> QuerySet[Intake]:
    """Intakes a user may see: superusers and de-identified readers all, programme staff those of
    their assigned programmes, partner accounts those they entered, anybody else none."""
    qs = Intake.objects.select_related("program", "neighborhood", "assigned_to")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser or user.has_perm(VIEW_ALL_DEIDENTIFIED):
        return qs
    return qs.filter(Q(program_id__in=assigned_program_ids(user)) | Q(entered_by=user))


def intake_personal_visible(*, user, intake: Intake) -> bool:
    """Personal fields are for superusers, the programme's assigned staff and the partner who entered them."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if intake.program_id in assigned_program_ids(user):
        return True
    return intake.entered_by_id is not None and intake.entered_by_id == user.pk


def intake_queue_empty_reason(user) -> str | None:
    """Why a staff member's intake list is empty because of their access, not their workload; None
    when they may see intakes (their list is empty only because none came in)."""
    if user.is_superuser or user.has_perm(VIEW_ALL_DEIDENTIFIED) or assigned_program_ids(user):
        return None
    if Intake.objects.filter(entered_by=user).exists():
        return None
    return _("You are not assigned to any programme yet, so there are no intakes to show.")


def staff_scope(user) -> list[str]:
    """What the intake queue shows this staff member (their "My access" page)."""
    lines = []
    if user.has_perm(VIEW_ALL_DEIDENTIFIED) and not user.is_superuser:
        lines.append(_("De-identified intakes of every programme, without names or contact details."))
    programs = list(Program.objects.filter(pk__in=assigned_program_ids(user)).order_by("name"))
    if programs:
        lines.append(
            _("Intakes, with contact details, of the programmes you are assigned to: %(programs)s.")
            % {"programs": ", ".join(program.name for program in programs)}
        )
    organizations = list(partner_organizations_of(user))
    if organizations:
        lines.append(
            _("Help requests you enter for: %(organizations)s.")
            % {"organizations": ", ".join(organization.name for organization in organizations)}
        )
    if user.has_perm("programs.view_intake") and (reason := intake_queue_empty_reason(user)):
        lines.append(reason)
    return lines


def partner_organizations_of(user) -> QuerySet:
    """Organizations for which the user enters intakes as a trusted intermediary."""
    from directory.models import Organization

    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return Organization.objects.filter(
        pk__in=PartnerMembership.objects.filter(user=user).values("organization_id")
    ).order_by("name")


def staff_assignable_for(*, program: Program):
    """Users who may be assigned an intake of this programme: its staff."""
    return program.staff.filter(is_active=True).order_by("email")


# ------------------------------------------------------------------------------
# Public
# ------------------------------------------------------------------------------
def programs_public(*, office=None) -> QuerySet[Program]:
    """Programmes of the current office (by strategic priority), in display order."""
    from moia.office.selectors import office_profile_current

    office = office or office_profile_current()
    return (
        Program.objects.filter(Q(strategic_priority__office=office) | Q(strategic_priority__isnull=True))
        .select_related("strategic_priority")
        .prefetch_related("service_types")
        .order_by("order", "name")
    )


def program_accepts_requests(program: Program) -> bool:
    return program.public_form_enabled and program.intake_open


# ------------------------------------------------------------------------------
# Ordinance metrics, 12-19.4(2)(d)
# ------------------------------------------------------------------------------
def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year in the office's time zone, as [start, end)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def program_metrics(*, year: int, program: Program | None = None) -> dict:
    """The five figures of ordinance 12-19.4(2)(d) for one calendar year, for one programme or all.

    Definitions (they are what the annual report states):
    - an *individual* is an intake: the same person asking twice is two intakes, because the
      portal keeps no identity across requests (and personal fields are purged in time);
    - an intake counts in the year it was received; a screening in the year it was done;
    - a *matter* is a service record, counted in the year it was opened; its outcome is
      "pending" until one is recorded;
    - individuals served by service type count each intake once per service type however many
      records it has; a referral is a service given, so referred matters count as served;
    - legal figures (v) split individuals into directly supported and referred, by service type
      and case type; an intake with both kinds counts in both columns;
    - attendance has one source per event: events booked through the portal count their
      check-ins at the door (events.selectors_staff.event_attendance_metrics: a person at two
      sessions is one individual), and an Activity records attendance only for an event without
      registration. A consultation's outcome recorded by its host is a service record on the
      person's intake, so it is in (iii)-(v) like any other.
    Everything is aggregated in the database: the number of queries does not grow with the data.
    """
    return _program_metrics(year=year, program=program, by_program=False)[None]


def program_metrics_by_program(*, year: int) -> dict[int, dict]:
    """`program_metrics` of every programme with a figure in the year, keyed by programme id,
    from the same few grouped queries whatever the number of programmes (the annual report's
    section (d) has one block per programme; a query per programme made its build slow)."""
    return _program_metrics(year=year, program=None, by_program=True)


def program_metrics_with_all(*, year: int) -> tuple[dict, dict[int, dict]]:
    """`program_metrics(year=year)` for all programmes and `program_metrics_by_program(year=year)`,
    from the by-programme queries alone: every intake, capacity and activity belongs to one
    programme, so each office figure (distinct individuals included) is the sum of the
    programmes'. The annual report shows both; its own queries for all programmes read every
    service record of the year a second time (issue 20)."""
    metrics = _program_metrics(year=year, program=None, by_program=True, with_all=True)
    return metrics.pop(None), metrics


def _summed(rows, *, by: tuple[str, ...], counts: tuple[str, ...]) -> list[dict]:
    """Rows of several programmes added up by `by`, in the database's order for `by` (ascending,
    an empty key last, as PostgreSQL sorts NULL)."""
    sums: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[name] for name in by)
        total = sums.setdefault(key, {**dict(zip(by, key, strict=True)), **dict.fromkeys(counts, 0)})
        for name in counts:
            total[name] += row[name] or 0
    return [sums[key] for key in sorted(sums, key=lambda key: [(value is None, value) for value in key])]


def _program_metrics(*, year: int, program: Program | None, by_program: bool, with_all: bool = False) -> dict:
    """The queries of `program_metrics`, each grouped by programme too when `by_program`: then
    one result per programme (key: its id), else one (key: None). `with_all` (with `by_program`)
    adds the programmes' sums under None (see program_metrics_with_all)."""
    start, end = year_bounds(year)
    capacity = ProgramCapacity.objects.filter(year=year)
    intakes = Intake.objects.all()
    records = ServiceRecord.objects.filter(opened_on__gte=start.date(), opened_on__lt=end.date())
    activities = Activity.objects.filter(date__gte=start.date(), date__lt=end.date())
    if program is not None:
        capacity = capacity.filter(program=program)
        intakes = intakes.filter(program=program)
        records = records.filter(intake__program=program)
        activities = activities.filter(program=program)

    def by(*fields, programme="program_id"):
        # The programme is one more GROUP BY column, renamed so every row reads it alike.
        return (*fields, programme) if by_program else fields

    def key(row, programme="program_id"):
        return row[programme] if by_program else None

    received = Q(received_at__gte=start, received_at__lt=end)
    screened = Q(screened_at__gte=start, screened_at__lt=end)
    totals = {
        "intakes": Count("pk", filter=received),
        "screenings": Count("pk", filter=screened),
        "eligible": Count("pk", filter=screened & Q(screening_eligible=True)),
        "not_eligible": Count("pk", filter=screened & Q(screening_eligible=False)),
    }
    in_year = intakes.filter(received | screened)
    # Keyed by programme id, or by None for the "all programmes" figures.
    intake_totals: dict[int | None, Mapping[str, Any]]
    if by_program:
        intake_totals = {row["program_id"]: row for row in in_year.values("program_id").annotate(**totals).order_by()}
    else:
        intake_totals = {None: in_year.aggregate(**totals)}

    capacity_rows = (
        capacity.values(*by("service_type_id")).annotate(capacity=Sum("capacity")).order_by("service_type_id")
    )
    record_programme = "intake__program_id"
    served_rows = (
        records.values(*by("service_type_id", programme=record_programme))
        .annotate(individuals=Count("intake_id", distinct=True), matters=Count("pk"))
        .order_by("service_type_id")
    )
    outcome_rows = (
        records.values(*by("service_type_id", "outcome", programme=record_programme))
        .annotate(matters=Count("pk"))
        .order_by()
    )
    legal_rows = (
        records.filter(service_type__is_legal=True)
        .values(*by("service_type_id", "case_type_id", programme=record_programme))
        .annotate(
            directly_supported=Count(
                "intake_id", distinct=True, filter=Q(disposition=ServiceRecord.Disposition.DIRECT)
            ),
            referred=Count("intake_id", distinct=True, filter=Q(disposition=ServiceRecord.Disposition.REFERRED)),
            matters=Count("pk"),
        )
        .order_by("service_type_id", "case_type_id")
    )
    activity_rows = (
        activities.values(*by("service_type_id"))
        .annotate(activities=Count("pk"), attendance=Sum("attendance"))
        .order_by("service_type_id")
    )
    event_rows = _event_attendance(start=start, end=end, program=program, by_program=by_program)

    service_types = {st.pk: st for st in ServiceType.objects.all()}
    case_types = {ct.pk: ct for ct in CaseType.objects.all()}
    outcome_labels = {k: str(label) for k, label in ServiceRecord.Outcome.choices}
    programmes: dict[int | None, Program] = {p.pk: p for p in Program.objects.all()} if by_program else {}

    def grouped(rows, programme="program_id") -> dict:
        out: dict = {}
        for row in rows:
            out.setdefault(key(row, programme), []).append(row)
        return out

    groups = {
        "capacity": grouped(capacity_rows),
        "served": grouped(served_rows, record_programme),
        "outcomes": grouped(outcome_rows, record_programme),
        "legal": grouped(legal_rows, record_programme),
        "activities": grouped(activity_rows),
        "events": grouped(event_rows),
    }
    keys = {None} if not by_program else set(intake_totals).union(*(set(g) for g in groups.values())) - {None}
    if with_all:

        def every(name: str) -> list:
            return [row for rows in groups[name].values() for row in rows]

        intake_totals[None] = {name: sum(row[name] for row in intake_totals.values()) for name in totals}
        served = ("individuals", "matters")
        groups["capacity"][None] = _summed(every("capacity"), by=("service_type_id",), counts=("capacity",))
        groups["served"][None] = _summed(every("served"), by=("service_type_id",), counts=served)
        groups["outcomes"][None] = _summed(every("outcomes"), by=("service_type_id", "outcome"), counts=("matters",))
        groups["legal"][None] = _summed(
            every("legal"), by=("service_type_id", "case_type_id"), counts=("directly_supported", "referred", "matters")
        )
        groups["activities"][None] = _summed(
            every("activities"), by=("service_type_id",), counts=("activities", "attendance")
        )
        # An event's individuals are distinct people, counted by their own query, not added up.
        groups["events"][None] = _event_attendance(start=start, end=end, program=None)
        keys.add(None)
    empty = {"intakes": 0, "screenings": 0, "eligible": 0, "not_eligible": 0}
    return {
        k: _metrics_assemble(
            year=year,
            program=programmes[k] if k is not None else program,
            intake_totals=intake_totals.get(k, empty),
            rows={name: g.get(k, []) for name, g in groups.items()},
            service_types=service_types,
            case_types=case_types,
            outcome_labels=outcome_labels,
        )
        for k in keys
    }


def _metrics_assemble(*, year, program, intake_totals, rows, service_types, case_types, outcome_labels) -> dict:
    """One programme's (or all programmes') figures, laid out from the grouped rows."""

    def service(pk: int) -> dict:
        st = service_types[pk]
        return {"service_type": st.slug, "service_type_name": st.name}

    outcomes: dict[int, dict[str, int]] = {}
    for row in rows["outcomes"]:
        outcomes.setdefault(row["service_type_id"], {})[row["outcome"] or "pending"] = row["matters"]

    return {
        "year": year,
        "program": program.slug if program else None,
        "capacity_by_service_type": [
            {**service(row["service_type_id"]), "capacity": row["capacity"]} for row in rows["capacity"]
        ],
        "total_capacity": sum(row["capacity"] for row in rows["capacity"]),
        "intakes": intake_totals["intakes"],
        "screenings": intake_totals["screenings"],
        "screened_eligible": intake_totals["eligible"],
        "screened_not_eligible": intake_totals["not_eligible"],
        "individuals_served_by_service_type": [
            {**service(row["service_type_id"]), "individuals": row["individuals"]} for row in rows["served"]
        ],
        "matters_by_service_type": [
            {
                **service(row["service_type_id"]),
                "matters": row["matters"],
                "outcomes": dict(sorted(outcomes.get(row["service_type_id"], {}).items())),
            }
            for row in rows["served"]
        ],
        "outcome_labels": dict(outcome_labels),
        "legal_by_service_and_case_type": [
            {
                **service(row["service_type_id"]),
                "case_type": case_types[row["case_type_id"]].slug if row["case_type_id"] else None,
                "case_type_name": case_types[row["case_type_id"]].name if row["case_type_id"] else None,
                "lsc_problem_code": (case_types[row["case_type_id"]].lsc_problem_code if row["case_type_id"] else None),
                "directly_supported": row["directly_supported"],
                "referred": row["referred"],
                "matters": row["matters"],
            }
            for row in rows["legal"]
        ],
        "group_activities_by_service_type": [
            {**service(row["service_type_id"]), "activities": row["activities"], "attendance": row["attendance"] or 0}
            for row in rows["activities"]
        ],
        "event_attendance_by_service_type": [
            {
                **service(row["service_type_id"]),
                **{k: v for k, v in row.items() if k not in ("service_type_id", "program_id")},
            }
            for row in sorted(rows["events"], key=lambda row: service_types[row["service_type_id"]].order)
        ],
    }


def _event_attendance(*, start, end, program, by_program: bool = False) -> list[dict]:
    """Attendance at events with registration, from the events app when it is installed."""
    from django.apps import apps

    if not apps.is_installed("events"):
        return []
    from events.selectors_staff import event_attendance_metrics

    return event_attendance_metrics(start=start, end=end, program=program, by_program=by_program)


def home_section() -> dict | None:
    """The home page's list of programmes taking requests online (none: the section hides)."""
    programs = list(programs_public().filter(public_form_enabled=True, intake_open=True)[:6])
    if not programs:
        return None
    return {"template": "programs/_home_section.html", "context": {"programs": programs}}
