"""What a resident receives about their registration, in their language: an email with the
.ics attached when they gave an address, otherwise a text message to their phone."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from moia.emails import email_render

from .ics import calendar_for_registration
from .models import Registration
from .sms import sms_send
from .tokens import registration_token


def registration_link(registration: Registration) -> str:
    with translation.override(registration.language):
        return settings.SITE_URL + reverse("events:booking", kwargs={"token": registration_token(registration)})


def registration_notify(*, registration_id: int, kind: str) -> None:
    registration = (
        Registration.objects.select_related(
            "session", "session__event", "session__location", "session__event__location"
        )
        .filter(pk=registration_id, personal_data_purged_at__isnull=True)
        .first()
    )
    if registration is None or not (registration.email or registration.phone):
        return
    link = registration_link(registration)
    context = {
        "registration": registration,
        "session": registration.session,
        "event": registration.session.event,
        "place": registration.session.place,
        "kind": kind,
        "link": link,
        "retention_months": settings.PII_RETENTION_MONTHS,
    }
    language = registration.language or settings.LANGUAGE_CODE
    if registration.email:
        email = email_render(template="events/email/notice", context=context, language=language)
        message = EmailMultiAlternatives(subject=email.subject, body=email.text, to=[registration.email])
        message.attach_alternative(email.html, "text/html")
        if kind != "cancelled" and registration.status == Registration.Status.CONFIRMED:
            message.attach("event.ics", calendar_for_registration(registration, url=link), "text/calendar")
        message.send()
    else:
        with translation.override(language):
            body = " ".join(render_to_string("events/sms/notice.txt", context).split())
        sms_send(to=registration.phone, body=body)
