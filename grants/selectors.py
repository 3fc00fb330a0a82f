"""Reads for grants. Access control lives here: views and admin querysets go through the same filters."""

from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from directory.models import Organization
from moia.accounts.roles import GRANT_MANAGERS, GRANT_REVIEWERS

from .models import (
    Application,
    Award,
    Document,
    FundingStream,
    GrantCycle,
    GranteeReport,
    OrganizationMembership,
    ReportServiceCount,
    ReviewAssignment,
)


def is_grant_manager(user) -> bool:
    """Superusers and members of the Grant managers group run cycles and see every application."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and user.groups.filter(name=GRANT_MANAGERS).exists())


def is_grant_reviewer(user) -> bool:
    return user.is_authenticated and user.is_staff and user.groups.filter(name=GRANT_REVIEWERS).exists()


def cycles_public(*, now=None) -> QuerySet[GrantCycle]:
    """Published cycles of this office that are open now or open later, soonest closing first."""
    now = now or timezone.now()
    return (
        GrantCycle.objects.filter(is_published=True, closes_at__gt=now, office=settings.OFFICE_PROFILE)
        .prefetch_related("streams")
        .order_by("closes_at")
    )


def cycle_public(*, slug: str) -> GrantCycle | None:
    """Any published cycle (past ones stay readable) by slug."""
    return GrantCycle.objects.filter(is_published=True, slug=slug).prefetch_related("streams", "criteria").first()


def organizations_for(user) -> QuerySet[Organization]:
    """Organizations the user is a member of."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(grant_memberships__user=user).distinct()


def organizations_owned_by(user) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        grant_memberships__user=user, grant_memberships__role=OrganizationMembership.Role.OWNER
    ).distinct()


def applications_for(user) -> QuerySet[Application]:
    """Applications of the organizations the user belongs to (the applicant's view)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(organization__grant_memberships__user=user).select_related(
        "cycle", "stream", "organization"
    )


def applications_for_staff(user) -> QuerySet[Application]:
    """Every application for grant managers; for reviewers, only those assigned to them and not recused."""
    qs = Application.objects.select_related("cycle", "stream", "organization")
    if is_grant_manager(user):
        return qs
    if is_grant_reviewer(user):
        return qs.filter(assignments__reviewer=user).exclude(assignments__conflict_declared=True).distinct()
    return qs.none()


def assignments_for(user) -> QuerySet[ReviewAssignment]:
    """All assignments for grant managers; a reviewer's own otherwise."""
    qs = ReviewAssignment.objects.select_related("application__cycle", "application__organization", "reviewer")
    if is_grant_manager(user):
        return qs
    if is_grant_reviewer(user):
        return qs.filter(reviewer=user)
    return qs.none()


def documents_for(user) -> QuerySet[Document]:
    """Files reach members of the applying organization, grant managers and assigned, unconflicted reviewers."""
    if not user.is_authenticated:
        return Document.objects.none()
    if is_grant_manager(user):
        return Document.objects.all()
    rule = Q(application__organization__grant_memberships__user=user)
    if is_grant_reviewer(user):
        rule |= Q(application__assignments__reviewer=user, application__assignments__conflict_declared=False)
    return Document.objects.filter(rule).distinct()


def reports_for(user) -> QuerySet[GranteeReport]:
    if not user.is_authenticated:
        return GranteeReport.objects.none()
    return GranteeReport.objects.filter(award__application__organization__grant_memberships__user=user).select_related(
        "award__application__cycle"
    )


def streams_of(*, cycle: GrantCycle) -> QuerySet[FundingStream]:
    return cycle.streams.all()


def budget_total(*, application: Application) -> Decimal:
    return application.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def dashboard_for(user) -> dict:
    """What a member sees on the dashboard: organizations, applications with decisions, reports due."""
    applications = (
        applications_for(user)
        .select_related("decision", "award")
        .annotate(requested=Sum("budget_lines__amount"))
        .order_by("-last_saved_at")
    )
    return {
        "organizations": organizations_for(user).select_related("grant_profile"),
        "applications": applications,
        "reports_due": reports_for(user).filter(submitted_at__isnull=True).order_by("due_on"),
    }


_LONG_APPLICATION_TEXTS = ("summary", "description", "communities_served", "languages_served", "outcomes")


def _translated(field: str) -> list[str]:
    """A modeltranslation field's own column and its twelve language columns, for defer()."""
    return [field, *(f"{field}_{code.replace('-', '_')}" for code in settings.LANGUAGE_CODES)]


RANKING_SQL = """
SELECT per_review.application_id,
       AVG(per_review.weighted) AS weighted_average,
       COALESCE(STDDEV_POP(per_review.weighted), 0) AS spread,
       COUNT(*) AS reviews
FROM (
    SELECT ra.application_id AS application_id, ra.id AS assignment_id,
           SUM(s.value * c.weight) / SUM(c.weight) AS weighted
    FROM grants_reviewassignment ra
    JOIN grants_score s ON s.assignment_id = ra.id
    JOIN grants_rubriccriterion c ON c.id = s.criterion_id
    JOIN grants_application a ON a.id = ra.application_id
    WHERE a.cycle_id = %s AND ra.conflict_declared = %s
    GROUP BY ra.application_id, ra.id
) per_review
GROUP BY per_review.application_id
ORDER BY weighted_average DESC
"""


def ranking_for(*, cycle: GrantCycle) -> list[dict]:
    """Applications of a cycle ranked by the mean of each unconflicted reviewer's weighted score, with spread.

    Computed in SQL in two steps: each review's weighted score, then mean and population
    standard deviation over reviews (Django registers STDDEV_POP on SQLite too).
    """
    with connection.cursor() as cursor:
        cursor.execute(RANKING_SQL, [cycle.pk, False])
        rows = cursor.fetchall()
    # The ranking shows number, title and stream: long texts stay in the database.
    applications = (
        Application.objects.select_related("stream")
        .defer(*_LONG_APPLICATION_TEXTS, *_translated("stream__description"))
        .in_bulk([r[0] for r in rows])
    )
    return [
        {
            "application": applications[app_id],
            "weighted_average": round(float(avg), 2),
            "spread": round(float(spread), 2),
            "reviews": reviews,
        }
        for app_id, avg, spread, reviews in rows
        if app_id in applications
    ]


def awards_open_data() -> QuerySet[Award]:
    """Awards safe to publish: decided awards of published cycles."""
    # A cycle row carries long texts in twelve languages that the export never reads.
    heavy = [
        column
        for field in (
            "cycle__summary",
            "cycle__eligibility",
            "cycle__required_documents",
            "cycle__scoring_criteria",
            "stream__description",
            "organization__description",
        )
        for column in _translated(f"application__{field}")
    ]
    return (
        Award.objects.filter(application__cycle__is_published=True)
        .select_related("application__cycle", "application__stream", "application__organization__grant_profile")
        .defer("application__description", "application__outcomes", *heavy)
    )


def individuals_served_by_service_type(*, year: int) -> dict[str, int]:
    """Individuals served by service type in grantee reports submitted in a year (for the annual report)."""
    rows = (
        ReportServiceCount.objects.filter(report__submitted_at__year=year)
        .values("service_type")
        .annotate(total=Sum("individuals"))
        .order_by("service_type")
    )
    return {row["service_type"]: row["total"] for row in rows}


def home_section() -> dict | None:
    cycles = list(cycles_public()[:3])
    if not cycles:
        return None
    return {"template": "grants/_home_section.html", "context": {"grant_cycles": cycles}}
