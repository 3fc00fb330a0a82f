"""What staff and session hosts record about a registration after the fact: who attended (a
pseudonymous attendee key, so one person at two sessions is one individual) and the outcome of a
consultation (the programme's intake and service record it created).

Kept apart from the resident-side models so that each side owns its own file; imported by
events/models.py so Django registers it with the app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from moia.fields import acting_user_field


class RegistrationOutcome(models.Model):
    """Attendance and outcome of one registration.

    `attendee_key` is a keyed hash (HMAC-SHA256, see events.services_staff.attendee_key_for) of
    the registrant's phone or email: it is the same for the same person at every session, reveals
    nothing without the server's key, and stays when the registration's personal fields are
    purged, so the count of individuals does not change.
    """

    class Result(models.TextChoices):
        ADVICE = "advice", _("Counsel and advice given")
        REFERRED = "referred", _("Referred to another organization")
        NOT_REACHED = "not-reached", _("Could not reach the resident")

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="outcome", verbose_name=_("registration")
    )
    attendee_key = models.CharField(_("attendee key"), max_length=64, db_index=True, editable=False)
    result = models.CharField(_("outcome"), max_length=12, choices=Result.choices, blank=True)
    intake = models.ForeignKey(
        "programs.Intake",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_outcomes",
        verbose_name=_("intake"),
    )
    service_record = models.OneToOneField(
        "programs.ServiceRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_outcome",
        verbose_name=_("service record"),
    )
    recorded_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    recorded_by = acting_user_field(_("outcome recorded by"))

    class Meta:
        verbose_name = _("registration outcome")
        verbose_name_plural = _("registration outcomes")

    def __str__(self) -> str:
        return f"{self.registration} · {self.result or '-'}"
