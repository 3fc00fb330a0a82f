from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Neighborhood

from .models import Intake, Program

INVALID_CHOICE = _("Choose one of the options in the list.")
NO_ANSWER = _("Choose an answer")

# Optional questions: residents can skip them or answer "Prefer not to say".
DEMOGRAPHIC_FIELDS = ("age_range", "country_of_birth", "gender", "household_size")


class IntakeRequestForm(forms.ModelForm):
    """A resident's short request for help: only what staff need to call or write back."""

    # Honeypot: hidden from people (CSS), filled in by bots; a filled one drops the request.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Intake
        fields = ("name", "phone", "email", "neighborhood", "immigration_status", *DEMOGRAPHIC_FIELDS)
        labels = {"name": _("Your name"), "phone": _("Phone number"), "email": _("Email address")}
        help_texts = {
            "name": _("The name we should use when we call you."),
            "phone": _("We call you at this number. Give a phone number or an email address."),
            "email": _("Optional. We send you a confirmation in your language."),
            "neighborhood": _("Optional."),
            "immigration_status": _("Optional. You do not have to answer this question to get help."),
        }
        error_messages = {
            "name": {"required": _("Enter your name."), "max_length": _("This answer is too long.")},
            "phone": {"max_length": _("This answer is too long.")},
            "email": {"invalid": _("Enter an email address like name@example.com.")},
        }

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["name"].required = True
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
            if name in DEMOGRAPHIC_FIELDS:
                field.help_text = _("Optional.")
            if isinstance(field, forms.TypedChoiceField):
                # A readable empty choice instead of Django's dashes.
                field.choices = [("", NO_ANSWER), *[c for c in field.choices if c[0] != ""]]
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors:
            self.add_error("phone", _("Give a phone number or an email address so we can reach you."))
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def intake_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "website"}


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
