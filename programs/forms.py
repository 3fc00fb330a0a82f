import secrets

import phonenumbers
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import Neighborhood
from moia.forms import INVALID_CHOICE, TOO_LONG, AccessibleFormMixin, HoneypotMixin, honeypot_field

from .models import Intake, Program

NO_ANSWER = _("Choose an answer")

# Optional questions: residents can skip them or answer "Prefer not to say".
DEMOGRAPHIC_FIELDS = ("age_range", "country_of_birth", "gender", "household_size")

PHONE_INVALID = _(
    "Enter a phone number we can call, like %(us_example)s. For a number outside the United States, "
    "start with + and the country code, like %(international_example)s."
)
# The examples are isolated left to right (U+2066 ... U+2069), so an Arabic message does not turn
# "617-555-0123" into "0123-555-617".
PHONE_EXAMPLES = {"us_example": "\u2066617-555-0123\u2069", "international_example": "\u2066+238 991 1234\u2069"}


def phone_e164(value: str) -> str:
    """A phone number typed any usual way ((617) 635-2980, 617.635.2980, +509 ...) as E.164.

    US numbers need no country code; any other country's number is accepted with one. What
    cannot be dialled ("abc", "1", too few digits) is refused, so staff never get a number they
    cannot call.
    """
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        raise forms.ValidationError(PHONE_INVALID % PHONE_EXAMPLES, code="invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(PHONE_INVALID % PHONE_EXAMPLES, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class IntakeRequestForm(HoneypotMixin, AccessibleFormMixin, forms.ModelForm):
    """A resident's short request for help: only what staff need to call or write back."""

    # Honeypot: hidden from people (CSS), filled in by bots; a filled one drops the request.
    website = honeypot_field()
    # One token per form shown; two submissions of the same form make one request.
    submission_token = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput, initial=lambda: secrets.token_urlsafe(24)
    )

    class Meta:
        model = Intake
        fields = (
            "name",
            "phone",
            "email",
            "preferred_language",
            "topic",
            "call_time",
            "neighborhood",
            "immigration_status",
            *DEMOGRAPHIC_FIELDS,
        )
        labels = {
            "name": _("Your name"),
            "phone": _("Phone number"),
            "email": _("Email address"),
            "preferred_language": _("Language we should speak with you"),
            "topic": _("What do you need help with?"),
            "call_time": _("A good time to call you"),
        }
        # "Optional" is said once, by the field's label (includes/field_status.html); the hints
        # say only what the resident needs to know.
        help_texts = {
            "name": _("The name we should use when we call you."),
            "phone": _(
                "We call you at this number. Give a phone number or an email address. "
                "A number outside the United States starts with + and the country code."
            ),
            "email": _("We send you a confirmation in your language."),
            "preferred_language": _("We call you with an interpreter if we do not speak it."),
            "call_time": _("On weekdays, Eastern time."),
            "immigration_status": _("You do not have to answer this question to get help."),
        }
        error_messages = {
            "name": {
                "required": _("Enter your name."),
                "max_length": TOO_LONG,
                "min_length": _("Enter the name we should ask for when we call you."),
            },
            "phone": {"max_length": TOO_LONG},
            "email": {"invalid": _("Enter an email address like name@example.com.")},
        }

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["name"].required = True
        # "x" is not a name anyone can be asked for on the phone; two letters can be (Li, Bo).
        self.fields["name"].validators.append(forms.fields.validators.MinLengthValidator(2))
        self.fields["preferred_language"].choices = [
            (code, _language_own_name(code)) for code, _name in settings.LANGUAGES
        ]
        # The page's language, not the model's default ("en"), unless the caller chose one.
        if "preferred_language" not in kwargs.get("initial", {}):
            self.initial["preferred_language"] = get_language()
        self.fields["topic"].queryset = program.service_types.order_by("order", "name") if program.pk else None
        self.fields["topic"].empty_label = _("Choose a topic")
        if program.pk is None or not program.service_types.exists():
            del self.fields["topic"]
        self.fields["neighborhood"].queryset = Neighborhood.objects.order_by("order", "name")
        self.fields["neighborhood"].required = False
        self.fields["neighborhood"].empty_label = _("Choose a neighbourhood")
        if not program.asks_immigration_status:
            del self.fields["immigration_status"]
        for name, field in self.fields.items():
            if name != "name":
                field.required = False
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = INVALID_CHOICE
            if isinstance(field, forms.TypedChoiceField):
                # A readable empty choice instead of Django's dashes.
                field.choices = [("", NO_ANSWER), *[c for c in field.choices if c[0] != ""]]
        # Four choices a resident sees at once, rather than a menu to open.
        self.fields["call_time"].widget = forms.RadioSelect()
        self.fields["call_time"].choices = Intake.CallTime.choices
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        return phone_e164(phone) if phone else None

    def clean_preferred_language(self):
        # Never blank: staff must know which language to call in.
        return self.cleaned_data.get("preferred_language") or get_language()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors:
            self.add_error("phone", _("Give a phone number or an email address so we can reach you."))
        return cleaned

    def intake_data(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"website", "submission_token", "preferred_language"}
        }


def _language_own_name(code: str) -> str:
    """A language named in itself (Español, Kreyòl ayisyen, العربية), as the language menu names it."""
    from django.utils.translation import get_language_info

    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


class PartnerIntakeForm(IntakeRequestForm):
    """A partner organization's staff entering a request for a client they help, with the client's consent."""

    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        label=_("Programme"),
        error_messages={"required": _("Choose a programme."), "invalid_choice": INVALID_CHOICE},
    )
    organization = forms.ModelChoiceField(
        queryset=None,
        label=_("Your organization"),
        error_messages={"required": _("Choose your organization."), "invalid_choice": INVALID_CHOICE},
    )
    client_consent = forms.BooleanField(
        label=_("The client agreed that we share this information with the office to get help."),
        error_messages={"required": _("You can enter a request only with the client's consent.")},
    )
    preferred_language = forms.ChoiceField(label=_("Client's preferred language"), choices=())

    class Meta(IntakeRequestForm.Meta):
        fields = (*IntakeRequestForm.Meta.fields, "address", "date_of_birth")
        labels = {"name": _("Client's name"), "phone": _("Client's phone number"), "email": _("Client's email")}

    def __init__(self, *args, organizations, programs, **kwargs):
        from django.conf import settings

        # Partners may answer the status question for programmes that ask it; the form offers it.
        super().__init__(*args, program=Program(asks_immigration_status=True), **kwargs)
        self.fields["program"].queryset = programs
        self.fields["organization"].queryset = organizations
        self.fields["preferred_language"].choices = settings.LANGUAGES
        self.fields["program"].required = True
        self.fields["organization"].required = True
        self.fields["client_consent"].required = True
        self.fields["preferred_language"].required = True
        self.fields["date_of_birth"].widget = forms.DateInput(attrs={"type": "date"})
        self.fields["date_of_birth"].error_messages["invalid"] = _("Enter a date like 1990-12-31.")
        self.order_fields(["organization", "program", "client_consent", "preferred_language"])
