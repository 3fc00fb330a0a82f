"""Forms of the staff and host side; every one uses the portal's accessible error pattern."""

from datetime import time

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moia.forms import AccessibleFormMixin

from .models import Event
from .staff_models import RegistrationOutcome

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")


class HostAvailabilityForm(AccessibleFormMixin, forms.Form):
    """A volunteer lawyer's free time on one day, cut into 15-minute slots."""

    event = forms.ModelChoiceField(
        label=_("Consultations"),
        queryset=Event.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the consultations you offer.")},
    )
    day = forms.DateField(
        label=_("Day"),
        widget=DATE_INPUT,
        error_messages={"required": _("Enter the day."), "invalid": _("Enter a date, for example 2027-03-15.")},
    )
    start = forms.TimeField(
        label=_("From"),
        widget=TIME_INPUT,
        error_messages={"required": _("Enter the start time."), "invalid": _("Enter a time, for example 10:00.")},
    )
    end = forms.TimeField(
        label=_("Until"),
        widget=TIME_INPUT,
        error_messages={"required": _("Enter the end time."), "invalid": _("Enter a time, for example 12:00.")},
    )

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events if events is not None else Event.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end time must be after the start time."))
        if data.get("day") and data["day"] < timezone.localdate():
            self.add_error("day", _("Choose today or a later day."))
        return data


class OutcomeForm(AccessibleFormMixin, forms.Form):
    """What came of one consultation: it becomes the programme's service record."""

    result = forms.ChoiceField(
        label=_("Outcome"),
        choices=RegistrationOutcome.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    referred_to = forms.ModelChoiceField(
        label=_("Referred to"),
        queryset=None,
        required=False,
        help_text=_("Only when you referred the resident to another organization."),
    )
    case_type = forms.ModelChoiceField(label=_("Kind of matter"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from directory.models import Organization
        from programs.models import CaseType

        super().__init__(*args, **kwargs)
        self.fields["referred_to"].queryset = Organization.objects.order_by("name")
        self.fields["case_type"].queryset = CaseType.objects.order_by("order", "slug")

    def clean(self):
        data = super().clean()
        if data.get("result") == RegistrationOutcome.Result.REFERRED and not data.get("referred_to"):
            self.add_error("referred_to", _("Say which organization the person was referred to."))
        return data


class WalkInForm(AccessibleFormMixin, forms.Form):
    """Someone at the door without a booking: the least the metrics need, and a name to call."""

    name = forms.CharField(label=_("Name or initials"), max_length=200, required=False)
    party_size = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=20,
        initial=1,
        error_messages={
            "required": _("Enter the number of people."),
            "invalid": _("Enter a number of people between 1 and 20."),
            "min_value": _("Enter a number of people between 1 and 20."),
            "max_value": _("Enter a number of people between 1 and 20."),
        },
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=(), initial=settings.LANGUAGE_CODE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)


class BulkSlotsForm(forms.Form):
    """A day of slots in one go: the defaults are the office's usual Citizenship Day."""

    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("From"), widget=TIME_INPUT, initial=time(9, 0))
    end = forms.TimeField(label=_("Until"), widget=TIME_INPUT, initial=time(16, 0))
    minutes = forms.IntegerField(label=_("Minutes per slot"), min_value=5, max_value=480, initial=30)
    capacity = forms.IntegerField(label=_("People per slot"), min_value=1, max_value=500, initial=1)
    host = forms.ModelChoiceField(label=_("Host"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from moia.accounts.models import User
        from moia.accounts.roles import SESSION_HOSTS

        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = User.objects.filter(groups__name=SESSION_HOSTS, is_active=True).order_by("email")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end time must be after the start time."))
        return data


class SessionMessageForm(forms.Form):
    """Staff's message to a session's registrants: English required, any other language optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=name,
                required=code == settings.LANGUAGE_CODE,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Required.")
                if code == settings.LANGUAGE_CODE
                else _("Optional: left empty, the English is sent."),
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code, _name in settings.LANGUAGES}
