"""Reads for grants. Access control lives here: views and admin querysets go through the same filters."""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.utils import build_localized_fieldname

from directory.models import Organization
from moia.accounts.roles import GRANT_MANAGERS, GRANT_REVIEWERS

from .models import (
    Application,
    Award,
    BudgetLine,
    Decision,
    Document,
    FundingStream,
    GrantCycle,
    GranteeReport,
    OrganizationMembership,
    OrganizationProfile,
    ReportServiceCount,
    ReviewAssignment,
    Score,
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
    """Every application for grant managers; for a reviewer, those whose assignment is theirs and
    declared free of conflict (before answering they see only the declaration form)."""
    qs = Application.objects.select_related("cycle", "stream", "organization")
    if is_grant_manager(user):
        return qs
    if is_grant_reviewer(user):
        # One filter() call, so both conditions apply to the same assignment row: another
        # reviewer's conflict must not hide the application from this one.
        return qs.filter(assignments__reviewer=user, assignments__conflict_declared=False).distinct()
    return qs.none()


def assignment_undeclared(user, *, application_id: int) -> ReviewAssignment | None:
    """The user's own assignment to an application, while its conflict question is unanswered."""
    if not is_grant_reviewer(user):
        return None
    return ReviewAssignment.objects.filter(
        reviewer=user, application_id=application_id, conflict_declared__isnull=True
    ).first()


def review_queue_empty_reason(user) -> str | None:
    """Why a reviewer's list is empty: no application is assigned to them yet."""
    if is_grant_manager(user) or not is_grant_reviewer(user):
        return None
    if ReviewAssignment.objects.filter(reviewer=user).exists():
        return None
    return _("No grant application is assigned to you for review yet.")


def staff_scope(user) -> list[str]:
    """What the grants admin shows this staff member (their "My access" page)."""
    if is_grant_manager(user):
        return [_("Every grant application, its reviews and decisions (you are a grant manager).")]
    if not is_grant_reviewer(user):
        return []
    count = ReviewAssignment.objects.filter(reviewer=user).count()
    if not count:
        reason = review_queue_empty_reason(user)
        return [reason] if reason else []
    return [
        ngettext(
            "%(count)s grant application is assigned to you for review.",
            "%(count)s grant applications are assigned to you for review.",
            count,
        )
        % {"count": count}
    ]


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


# ------------------------------------------------------------------------------
# Grantee reports, as staff follow them
# ------------------------------------------------------------------------------
REPORT_DUE_SOON_DAYS = 30
# Four statuses that split every report exactly once: the staff's "reports due" list filters by them.
REPORT_STATUSES = [
    ("overdue", gettext_lazy("Overdue")),
    ("due_soon", gettext_lazy("Due in the next 30 days")),
    ("submitted", gettext_lazy("Submitted")),
    ("not_yet_due", gettext_lazy("Not yet due")),
]


def office_today() -> date:
    """Today in the office's time zone (settings.TIME_ZONE, Boston), whatever time zone is active:
    a report due on the 10th is not overdue at 8 pm on the 10th in Boston, when UTC is on the 11th."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def reports_for_staff(user) -> QuerySet[GranteeReport]:
    """The reports of the applications the staff member may see, with their reminders counted in
    the same query (the list shows both for every row)."""
    return (
        GranteeReport.objects.filter(award__application__in=applications_for_staff(user))
        .select_related("award__application__organization")
        .annotate(reminders_sent=Count("reminders"), last_reminder_on=Max("reminders__sent_on"))
    )


def reports_with_status(reports: QuerySet[GranteeReport], *, status: str, today: date) -> QuerySet[GranteeReport]:
    """Narrow `reports` to one of REPORT_STATUSES as of `today`; an unknown status leaves them as they are."""
    unsubmitted = reports.filter(submitted_at__isnull=True)
    soon = today + timedelta(days=REPORT_DUE_SOON_DAYS)
    if status == "overdue":
        return unsubmitted.filter(due_on__lt=today)
    if status == "due_soon":
        return unsubmitted.filter(due_on__gte=today, due_on__lte=soon)
    if status == "submitted":
        return reports.filter(submitted_at__isnull=False)
    if status == "not_yet_due":
        return unsubmitted.filter(due_on__gt=soon)
    return reports


def report_status_text(report: GranteeReport, *, today: date) -> str:
    """Where a report stands, in plain words: "Overdue by 12 days", "Due today", "Due in 3 days"."""
    if report.submitted_at:
        return _("Submitted")
    days = (report.due_on - today).days
    if days < 0:
        return ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", -days) % {"days": -days}
    if days == 0:
        return _("Due today")
    return ngettext("Due in %(days)s day", "Due in %(days)s days", days) % {"days": days}


def report_columns() -> list[str]:
    """The headers of the staff's reports list and of its CSV download, in the same order."""

    def field(name: str):
        return GranteeReport._meta.get_field(name)  # concrete fields: they have a verbose_name

    return [
        _("organization"),
        str(Award._meta.verbose_name),
        str(field("due_on").verbose_name),
        _("status"),
        _("last reminder sent"),
        _("reminders sent"),
        str(field("submitted_at").verbose_name),
    ]


def report_rows(reports: QuerySet[GranteeReport], *, today: date) -> Iterator[list]:
    """The CSV of a (filtered) reports list: a header, then one row a report by due date.

    `reports` comes from reports_for_staff, so the reminder counts are already annotated."""
    yield report_columns()
    for report in reports.order_by("due_on", "pk").iterator(chunk_size=500):
        yield [
            report.award.application.organization.name,
            str(report.award),
            report.due_on.isoformat(),
            report_status_text(report, today=today),
            # Annotated by reports_for_staff (the type checker cannot see annotations).
            report.last_reminder_on.isoformat() if report.last_reminder_on else "",  # type: ignore[attr-defined]
            report.reminders_sent,  # type: ignore[attr-defined]
            timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M") if report.submitted_at else "",
        ]


def conflict_facts(*, application: Application) -> dict:
    """Who is involved in an application, for a reviewer to judge a conflict of interest.

    Only names: nothing of the content, the budget or other reviewers' scores, which the
    reviewer may see only after declaring no conflict.
    """
    profile = OrganizationProfile.objects.filter(organization_id=application.organization_id).first()
    sponsored = profile is not None and profile.eligibility_path == OrganizationProfile.Path.FISCAL_SPONSOR
    return {
        "organization": application.organization.name,
        "fiscal_sponsor": profile.fiscal_sponsor_name if profile is not None and sponsored else "",
        "title": application.title,
        "partners": [line.strip() for line in application.partners.splitlines() if line.strip()],
    }


# Which path needs which document, in the order both the round's page and the documents step list them.
REQUIRED_DOCUMENTS = (
    (Document.Kind.IRS_LETTER, OrganizationProfile.Path.NONPROFIT),
    (Document.Kind.SPONSOR_AGREEMENT, OrganizationProfile.Path.FISCAL_SPONSOR),
)


def required_documents(*, eligibility_path: str | None = None) -> list[dict]:
    """The documents an applicant must upload: every path's for the round's page, one path's for an
    application. One list, so the page read before applying and the step that asks for the files
    cannot disagree in wording or order."""
    return [
        {"kind": kind, "label": kind.label, "path": path, "path_label": path.label}
        for kind, path in REQUIRED_DOCUMENTS
        if eligibility_path in (None, path)
    ]


def streams_of(*, cycle: GrantCycle) -> QuerySet[FundingStream]:
    return cycle.streams.all()


def budget_total(*, application: Application) -> Decimal:
    return application.budget_lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def dashboard_for(user) -> dict:
    """What a member sees on the dashboard: organizations, applications with decisions, reports due.

    Only the columns the page shows are read, and the requested total is a subquery: joining the
    budget lines and grouping by every selected column (each translated text of the cycle, stream
    and organization, 24 kB a row) made PostgreSQL estimate a million-cost plan and spend ten
    seconds JIT-compiling it for a handful of rows.
    """
    requested = (
        BudgetLine.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    applications = (
        applications_for(user)
        .select_related(None)
        .select_related("cycle", "award")
        .only("pk", "status", "title", "last_saved_at", "cycle", *_translated("cycle__title"), "award__amount")
        .annotate(requested=Subquery(requested))
        .order_by("-last_saved_at")
    )
    reports_due = (
        reports_for(user)
        .filter(submitted_at__isnull=True)
        .select_related(None)
        .select_related("award__application__cycle")
        .only(
            "pk",
            "due_on",
            "award",
            "award__application",
            "award__application__cycle",
            *_translated("award__application__cycle__title"),
        )
        .order_by("due_on")
    )
    return {
        "organizations": organizations_for(user).only("pk", "name"),
        "applications": applications,
        "reports_due": reports_due,
    }


_LONG_APPLICATION_TEXTS = ("summary", "description", "communities_served", "languages_served", "outcomes")


def _translated(field: str) -> list[str]:
    """A modeltranslation field's own column and its twelve language columns, for defer()."""
    return [field, *(build_localized_fieldname(field, code) for code in settings.LANGUAGE_CODES)]


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


SNAPSHOT_ANSWER_FIELDS = (*Application.ANSWER_FIELDS, "language")


def _plain(value):
    """A value as JSON keeps it exactly: dates in ISO form, money as a string (no float rounding)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def application_snapshot_data(*, application: Application, decision: Decision) -> dict:
    """What an application was when it was decided: the one rule for what an audit sees.

    Answers, budget lines, the documents list (kind, name, size, upload time; never the content),
    every unconflicted reviewer's scores by criterion with their weighted total (the same weighted
    mean the ranking uses) and the decision itself.
    """
    lines = list(application.budget_lines.order_by("pk"))
    scores = (
        Score.objects.filter(assignment__application=application, assignment__conflict_declared=False)
        .select_related("assignment__reviewer", "criterion")
        .order_by("assignment__reviewer_id", "criterion__order", "criterion_id")
    )
    reviews: dict[int, dict] = {}
    for score in scores:
        review = reviews.setdefault(
            score.assignment.reviewer_id,
            {"reviewer_id": score.assignment.reviewer_id, "reviewer": str(score.assignment.reviewer), "scores": []},
        )
        review["scores"].append(
            {
                "criterion": score.criterion.name,
                "weight": str(score.criterion.weight),
                "max_score": score.criterion.max_score,
                "value": score.value,
            }
        )
    for review in reviews.values():
        weights = sum(Decimal(s["weight"]) for s in review["scores"])
        weighted = sum(Decimal(s["weight"]) * s["value"] for s in review["scores"])
        review["weighted_total"] = str((weighted / weights).quantize(Decimal("0.01"))) if weights else None
    totals = [Decimal(r["weighted_total"]) for r in reviews.values() if r["weighted_total"] is not None]
    return {
        "application": {
            "id": application.pk,
            "cycle": application.cycle.title,
            "stream": application.stream.title,
            "organization": application.organization.name,
            "submitted_at": _plain(application.submitted_at),
            "answers": {name: _plain(getattr(application, name)) for name in SNAPSHOT_ANSWER_FIELDS},
        },
        "budget": {
            "lines": [
                {"category": line.category, "description": line.description, "amount": str(line.amount)}
                for line in lines
            ],
            "total": str(sum((line.amount for line in lines), Decimal("0"))),
        },
        "documents": [
            {"kind": d.kind, "name": d.original_name, "size": d.size, "uploaded_at": _plain(d.uploaded_at)}
            for d in application.documents.order_by("uploaded_at", "pk")
        ],
        "reviews": list(reviews.values()),
        "weighted_average": str((sum(totals, Decimal("0")) / len(totals)).quantize(Decimal("0.01")))
        if totals
        else None,
        "decision": {
            "outcome": decision.outcome,
            "amount": str(decision.amount.quantize(Decimal("0.01"))) if decision.amount is not None else None,
            "reason": decision.reason,
            "decided_by_id": decision.decided_by_id,
            "decided_by": str(decision.decided_by) if decision.decided_by else None,
            "decided_at": _plain(decision.decided_at),
        },
    }
