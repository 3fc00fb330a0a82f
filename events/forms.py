import secrets

import phonenumbers
from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.models import Neighborhood
from moia.forms import INVALID_CHOICE, TOO_LONG, AccessibleFormMixin, HoneypotMixin, honeypot_field
from programs.models import Program

from .models import Event
from .selectors import seats_left

PHONE_REGION = "US"


def phone_normalize(value: str) -> str:
    """A phone number as typed ("617 555 0100", "+1 (617) 555-0100") in E.164, or ValidationError."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(_("Enter a phone number like 617-635-2980."), code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def session_label(session) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    # Words, not a dash: "09:00-09:30" with an en dash reads backwards in a right-to-left line.
    hours = _("%(start)s to %(end)s") % {
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT"),
    }
    text = "{} · {}".format(formats.date_format(start, "DATE_FORMAT"), hours)
    if session.event.is_slots:
        return text
    left = seats_left(session)
    if left:
        return "{} · {}".format(text, ngettext("%(count)s seat left", "%(count)s seats left", left) % {"count": left})
    return "{} · {}".format(text, _("full: join the waitlist"))


class SessionChoiceField(forms.ModelChoiceField):
    """The times a resident may choose, a radio button each, labelled with the day, the hours and
    the seats left; a time gone by the moment the form is sent says so, in the resident's words."""

    def __init__(self, *, label, **kwargs):
        super().__init__(
            queryset=None,
            widget=forms.RadioSelect,
            label=label,
            empty_label=None,
            error_messages={
                "required": _("Choose a time."),
                "invalid_choice": _("This time is no longer available. Choose another one."),
            },
            **kwargs,
        )
        self.annotated: dict = {}

    def offer(self, sessions, *, queryset) -> None:
        """Offer the sessions of `queryset`; the labels read the seats left from `sessions` (the
        annotated list), not one query per radio button."""
        self.queryset = queryset
        self.annotated = {session.pk: session for session in sessions}

    def label_from_instance(self, obj) -> str:
        return session_label(self.annotated.get(obj.pk, obj))


class EventFilterForm(AccessibleFormMixin, forms.Form):
    """The list's filters (GET): every one optional; a bad value is ignored, never a 500."""

    program = forms.ModelChoiceField(queryset=Program.objects.none(), required=False, label=_("Programme"))
    category = forms.ChoiceField(required=False, label=_("Kind of event"))
    neighborhood = forms.ModelChoiceField(
        queryset=Neighborhood.objects.none(), required=False, label=_("Neighbourhood")
    )
    language = forms.ChoiceField(required=False, label=_("Language"))
    format = forms.ChoiceField(required=False, label=_("In person, by phone or online"))
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(scheduled_events__is_published=True).distinct()
        self.fields["program"].empty_label = _("All programmes")
        self.fields["neighborhood"].queryset = Neighborhood.objects.order_by("order", "name")
        self.fields["neighborhood"].empty_label = _("All neighbourhoods")
        self.fields["category"].choices = [("", _("All kinds")), *Event.Category.choices]
        self.fields["format"].choices = [("", _("All formats")), *Event.Format.choices]
        self.fields["language"].choices = [("", _("All languages")), *settings.LANGUAGES]
        self.fields["date_from"].error_messages["invalid"] = _("Enter a date like 2026-12-31.")
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = INVALID_CHOICE

    def filters(self) -> dict:
        if not self.is_valid():
            return (
                {name: value for name, value in self.cleaned_data.items() if value}
                if hasattr(self, "cleaned_data")
                else {}
            )
        return {name: value for name, value in self.cleaned_data.items() if value}


class RegistrationForm(HoneypotMixin, AccessibleFormMixin, forms.Form):
    """A resident's short registration: a name or initials, one way to reach them, and for a
    consultation what it is about. Never immigration status."""

    session = SessionChoiceField(label=_("Choose a time"))
    name = forms.CharField(
        max_length=200,
        label=_("Your name or initials"),
        error_messages={
            "required": _("Enter your name or your initials."),
            "max_length": TOO_LONG,
        },
    )
    phone = forms.CharField(required=False, max_length=40, label=_("Phone number"))
    email = forms.EmailField(
        required=False,
        label=_("Email address"),
        error_messages={"invalid": _("Enter an email address like name@example.com.")},
    )
    language = forms.ChoiceField(label=_("Language you prefer"), choices=())
    party_size = forms.TypedChoiceField(
        coerce=int, label=_("Number of people, you included"), choices=[(n, str(n)) for n in range(1, 7)], initial=1
    )
    topic = forms.CharField(
        required=False,
        max_length=500,
        label=_("What is your question about?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words are enough, for example “green card renewal”. Do not write your immigration status."),
        error_messages={"max_length": TOO_LONG},
    )
    call_time = forms.CharField(
        required=False,
        max_length=200,
        label=_("A good time to call you"),
        help_text=_("For example “mornings” or “after 5 pm”."),
        error_messages={"max_length": TOO_LONG},
    )
    disclaimer = forms.BooleanField(
        required=False,
        label=_("I have read the disclaimer and accept it."),
        error_messages={"required": _("Read and accept the disclaimer to book a consultation.")},
    )
    # Honeypot: hidden from people (CSS), filled in by bots; a filled one registers nobody.
    website = honeypot_field()
    # One key per form shown: the same form sent twice registers once.
    idempotency_key = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput, initial=lambda: secrets.token_urlsafe(24)
    )

    def __init__(self, *args, event: Event, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["session"].offer(
            sessions, queryset=event.sessions.filter(pk__in=[session.pk for session in sessions])
        )
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["phone"].help_text = _("For a reminder by text message. Give a phone number or an email address.")
        self.fields["email"].help_text = _("For the confirmation and a reminder by email.")
        consultation = event.category == Event.Category.CONSULTATION or event.requires_disclaimer
        if event.is_slots:
            del self.fields["party_size"]
        if not consultation:
            del self.fields["topic"]
            del self.fields["call_time"]
        if event.requires_disclaimer:
            self.fields["disclaimer"].required = True
        else:
            del self.fields["disclaimer"]
        if event.format == Event.Format.PHONE:
            # Said "required" in the label: a phone consultation cannot happen without a number.
            self.fields["phone"].required = True
            self.fields["phone"].error_messages["required"] = _("Give the phone number we should call.")
            self.fields["phone"].help_text = _("The volunteer calls you at this number.")
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel", "type": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = field.error_messages.get("invalid_choice", INVALID_CHOICE)

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        return phone_normalize(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if self.event.format == Event.Format.PHONE:
            if not cleaned.get("phone") and "phone" not in self.errors:
                self.add_error("phone", _("Give the phone number we should call."))
        elif not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors:
            self.add_error("phone", _("Give a phone number or an email address so we can reach you."))
        return cleaned

    def registration_data(self) -> dict:
        keep = {"name", "phone", "email", "topic", "call_time", "party_size"}
        return {name: value for name, value in self.cleaned_data.items() if name in keep}


class ChangeForm(AccessibleFormMixin, forms.Form):
    session = SessionChoiceField(label=_("Choose a new time"))
    party_size = forms.TypedChoiceField(
        coerce=int, label=_("Number of people, you included"), choices=[(n, str(n)) for n in range(1, 7)]
    )

    def __init__(self, *args, registration, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        event = registration.session.event
        pks = {session.pk for session in sessions} | {registration.session_id}
        self.fields["session"].offer(sessions, queryset=event.sessions.filter(pk__in=pks))
        self.fields["party_size"].error_messages["invalid_choice"] = INVALID_CHOICE
        if event.is_slots:
            del self.fields["party_size"]
