"""Writes: requests for help, the screening workflow, and the retention purge."""

import contextlib
import logging
from datetime import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moia.accounts.models import User
from moia.services import audited, each_changed, email_send

from .models import Intake, IntakeView, Program, ProgramStaff, reference_generate
from .selectors import assigned_program_ids, program_accepts_requests

logger = logging.getLogger(__name__)

Status = Intake.Status


def intake_acceptance_check(*, program: Program, public: bool) -> None:
    """A programme whose intake is closed refuses requests; public ones also need its form on."""
    if not program.intake_open or (public and not program_accepts_requests(program)):
        raise ValidationError(_("This programme is not taking requests right now."))


@audited
@transaction.atomic
def intake_submit(
    *,
    program: Program,
    data: dict,
    channel: str = Intake.Channel.ONLINE,
    language: str = "en",
    entered_by: User | None = None,
    partner_organization=None,
    client_consent: bool = False,
    public: bool = True,
    received_at: datetime | None = None,
    submission_token: str = "",
) -> Intake:
    """Record a request for help (online, by a partner, by staff or from a partner's CSV).

    A confirmation email goes out in the resident's language when they gave an address.
    `received_at` is given only for requests taken earlier on paper.
    """
    intake_acceptance_check(program=program, public=public)
    if submission_token:
        # The same form sent twice (double click, a retry after a slow answer): one request.
        existing = Intake.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if not program.asks_immigration_status:
        # Never keep an answer to a question the programme does not ask.
        data = {**data, "immigration_status": None}
    if entered_by is not None and partner_organization is not None and not client_consent:
        raise ValidationError(_("Record the client's consent before entering their request."))
    fields = {name: value for name, value in data.items() if name in _INTAKE_INPUT_FIELDS}
    for _attempt in range(5):
        intake = Intake(
            program=program,
            received_at=received_at or timezone.now(),
            channel=channel,
            preferred_language=language,
            entered_by=entered_by,
            partner_organization=partner_organization,
            client_consent=client_consent,
            reference=reference_generate(),
            submission_token=submission_token or None,
            **fields,
        )
        intake.full_clean(exclude=["reference", "submission_token"])
        try:
            with transaction.atomic():
                intake.save()
            break
        except IntegrityError:
            # Sent at the same moment by another request: the unique token made this insert
            # wait for that one and fail once it committed; answer with its intake.
            existing = Intake.objects.filter(submission_token=submission_token).first() if submission_token else None
            if existing is not None:
                return existing
            # Otherwise a reference collision (one in a trillion): draw another.
            continue
    else:
        raise ValidationError(_("Your request could not be saved. Please try again."))
    if intake.email:
        _confirmation_queue(intake=intake)
    return intake


_INTAKE_INPUT_FIELDS = {
    "name",
    "phone",
    "email",
    "address",
    "date_of_birth",
    "immigration_status",
    "neighborhood",
    "topic",
    "call_time",
    "age_range",
    "country_of_birth",
    "gender",
    "household_size",
}


def _confirmation_queue(*, intake: Intake) -> None:
    email_send(
        template="programs/email/confirmation",
        context={"intake": intake, "program": intake.program, "retention_months": settings.PII_RETENTION_MONTHS},
        to=[intake.email],
        language=intake.preferred_language or settings.LANGUAGE_CODE,
    )


@audited
def intake_transition(*, intake: Intake, to_status: str, by: User | None = None) -> Intake:
    """Move an intake along the workflow; a move the workflow does not allow is refused."""
    if to_status not in Intake.TRANSITIONS.get(intake.status, set()):  # type: ignore[call-overload]  # str-valued Status
        raise ValidationError(
            _("An intake cannot move from %(current)s to %(target)s.")
            % {"current": Status(intake.status).label, "target": Status(to_status).label}
        )
    intake.status = to_status
    update = ["status"]
    if to_status == Status.CLOSED:
        intake.closed_at = timezone.now()
        update.append("closed_at")
    intake.save(update_fields=update)
    return intake


@audited
@transaction.atomic
def intake_screen(*, intake: Intake, eligible: bool, reason: str = "", by: User | None = None) -> Intake:
    """Record the eligibility screening: new or screening intakes become eligible or not eligible."""
    if intake.status == Status.NEW:
        intake_transition(intake=intake, to_status=Status.SCREENING, by=by)
    if intake.status != Status.SCREENING:
        raise ValidationError(_("Only new intakes or intakes in screening can be screened."))
    intake.screening_eligible = eligible
    intake.screening_reason = reason[:300]
    intake.screened_at = timezone.now()
    intake.save(update_fields=["screening_eligible", "screening_reason", "screened_at"])
    return intake_transition(intake=intake, to_status=Status.ELIGIBLE if eligible else Status.NOT_ELIGIBLE, by=by)


@audited
def intake_assign(*, intake: Intake, assignee: User | None, by: User | None = None) -> Intake:
    """Assign an intake to a staff member of its programme (nobody else may work it)."""
    if assignee is not None and not assignee.is_superuser and intake.program_id not in assigned_program_ids(assignee):
        raise ValidationError(_("Only staff assigned to this programme can be given its intakes."))
    intake.assigned_to = assignee
    intake.save(update_fields=["assigned_to"])
    return intake


@audited
def intakes_bulk_transition(*, intakes, to_status: str, by: User | None = None) -> tuple[int, int]:
    """Apply one status change to many intakes through the workflow; returns (changed, refused)."""
    return each_changed(intakes, lambda intake: intake_transition(intake=intake, to_status=to_status, by=by))


def intake_view_record(*, intake: Intake, user) -> IntakeView:
    """Record that a user opened an intake's personal data."""
    return IntakeView.objects.create(intake=intake, user=user)


def intake_partner_check(*, user, organization) -> None:
    """A partner account enters intakes only for an organization it belongs to."""
    from .selectors import partner_organizations_of

    if not partner_organizations_of(user).filter(pk=organization.pk).exists():
        raise PermissionDenied


def _history_context(**context):
    """Label the history rows a change creates; pghistory's context needs PostgreSQL (see
    moia.middleware.HistoryContextMiddleware), and SQLite keeps no trigger history anyway."""
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    return pghistory.context(**context)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's last day)."""
    import calendar

    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


BLANK_PERSONAL = {
    # Encrypted fields: an empty value is stored as NULL.
    "name": None,
    "phone": None,
    "email": None,
    "address": None,
    "date_of_birth": None,
    "immigration_status": None,
}


@transaction.atomic
def intakes_purge_expired(*, now: datetime | None = None) -> int:
    """Blank the personal fields of intakes closed longer than PII_RETENTION_MONTHS, in their
    history too; de-identified fields (what the metrics count) stay. Returns how many intakes."""
    from .models import IntakeEvent  # type: ignore[attr-defined]  # created by pghistory.track

    now = now or timezone.now()
    cutoff = months_before(now, settings.PII_RETENTION_MONTHS)
    expired = Intake.objects.filter(status=Status.CLOSED, closed_at__lt=cutoff, pii_purged_at__isnull=True)
    ids = list(expired.values_list("pk", flat=True))
    if not ids:
        return 0
    with _history_context(source="purge_expired_pii"):
        purged = Intake.objects.filter(pk__in=ids).update(**BLANK_PERSONAL, pii_purged_at=now)
    # The history rows hold copies of the personal fields; retention applies to them as well.
    IntakeEvent.objects.filter(pgh_obj_id__in=ids).update(**BLANK_PERSONAL)
    logger.info("purged personal data of expired intakes", extra={"count": purged, "vendor": connection.vendor})
    return purged


@audited
def program_staff_assign(*, user: User, programs, by: User | None = None) -> None:
    """Assign a staff member to programmes: they then see and work those programmes' intakes."""
    for program in programs:
        ProgramStaff.objects.get_or_create(program=program, user=user)
