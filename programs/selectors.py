"""Reads: who may see which intakes, public programme lists, and the ordinance metrics."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

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
        cached = frozenset(Program.staff.through.objects.filter(user=user).values_list("program_id", flat=True))
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


def service_records_for(user) -> QuerySet[ServiceRecord]:
    """Service records of the intakes the user may see."""
    return ServiceRecord.objects.filter(intake__in=intakes_for(user).values("pk"))


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
      and case type; an intake with both kinds counts in both columns.
    Everything is aggregated in the database: the number of queries does not grow with the data.
    """
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

    received = Q(received_at__gte=start, received_at__lt=end)
    screened = Q(screened_at__gte=start, screened_at__lt=end)
    intake_totals = intakes.filter(received | screened).aggregate(
        intakes=Count("pk", filter=received),
        screenings=Count("pk", filter=screened),
        eligible=Count("pk", filter=screened & Q(screening_eligible=True)),
        not_eligible=Count("pk", filter=screened & Q(screening_eligible=False)),
    )

    capacity_rows = capacity.values("service_type_id").annotate(capacity=Sum("capacity")).order_by("service_type_id")
    served_rows = (
        records.values("service_type_id")
        .annotate(individuals=Count("intake_id", distinct=True), matters=Count("pk"))
        .order_by("service_type_id")
    )
    outcome_rows = records.values("service_type_id", "outcome").annotate(matters=Count("pk")).order_by()
    legal_rows = (
        records.filter(service_type__is_legal=True)
        .values("service_type_id", "case_type_id")
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
        activities.values("service_type_id")
        .annotate(activities=Count("pk"), attendance=Sum("attendance"))
        .order_by("service_type_id")
    )

    service_types = {st.pk: st for st in ServiceType.objects.all()}
    case_types = {ct.pk: ct for ct in CaseType.objects.all()}
    outcome_labels = dict(ServiceRecord.Outcome.choices)

    def service(pk: int) -> dict:
        st = service_types[pk]
        return {"service_type": st.slug, "service_type_name": st.name}

    outcomes: dict[int, dict[str, int]] = {}
    for row in outcome_rows:
        outcomes.setdefault(row["service_type_id"], {})[row["outcome"] or "pending"] = row["matters"]

    return {
        "year": year,
        "program": program.slug if program else None,
        "capacity_by_service_type": [
            {**service(row["service_type_id"]), "capacity": row["capacity"]} for row in capacity_rows
        ],
        "total_capacity": sum(row["capacity"] for row in capacity_rows),
        "intakes": intake_totals["intakes"],
        "screenings": intake_totals["screenings"],
        "screened_eligible": intake_totals["eligible"],
        "screened_not_eligible": intake_totals["not_eligible"],
        "individuals_served_by_service_type": [
            {**service(row["service_type_id"]), "individuals": row["individuals"]} for row in served_rows
        ],
        "matters_by_service_type": [
            {
                **service(row["service_type_id"]),
                "matters": row["matters"],
                "outcomes": dict(sorted(outcomes.get(row["service_type_id"], {}).items())),
            }
            for row in served_rows
        ],
        "outcome_labels": {key: str(label) for key, label in outcome_labels.items()},
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
            for row in legal_rows
        ],
        "group_activities_by_service_type": [
            {**service(row["service_type_id"]), "activities": row["activities"], "attendance": row["attendance"] or 0}
            for row in activity_rows
        ],
    }


def home_section() -> dict | None:
    """The home page's list of programmes taking requests online (none: the section hides)."""
    programs = list(programs_public().filter(public_form_enabled=True, intake_open=True)[:6])
    if not programs:
        return None
    return {"template": "programs/_home_section.html", "context": {"programs": programs}}
