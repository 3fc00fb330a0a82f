import re

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from moia.forms import AccessibleFormMixin

from .models import Application, Document, OrganizationMembership, OrganizationProfile, ServiceType

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
EIN_RE = re.compile(r"^\d{2}-?\d{7}$")


def _ein(value: str) -> str:
    value = (value or "").strip()
    if value and not EIN_RE.match(value):
        raise forms.ValidationError(_("An EIN has nine digits, written like 12-3456789."))
    if value and "-" not in value:
        value = f"{value[:2]}-{value[2:]}"
    return value


class EligibilityForm(AccessibleFormMixin, forms.Form):
    """A few questions answered before sign-up; nothing is stored."""

    based_in_city = forms.ChoiceField(
        label=_("Does your organization serve residents of the city?"), choices=YES_NO, widget=forms.RadioSelect
    )
    status = forms.ChoiceField(
        label=_("What is your organization's legal status?"),
        choices=[
            ("nonprofit", _("A registered 501(c)(3) nonprofit")),
            ("sponsored", _("A group with a fiscal sponsor (a nonprofit that accepts funds for us)")),
            ("none", _("A group without nonprofit status or a fiscal sponsor yet")),
            ("business", _("A business or an individual")),
        ],
        widget=forms.RadioSelect,
    )
    serves_immigrants = forms.ChoiceField(
        label=_("Does the project serve immigrant communities?"), choices=YES_NO, widget=forms.RadioSelect
    )


class OrganizationForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label=_("Legal name"), max_length=255)
    eligibility_path = forms.ChoiceField(
        label=_("How will you receive funds?"),
        choices=OrganizationProfile.Path.choices,
        widget=forms.RadioSelect,
        initial=OrganizationProfile.Path.NONPROFIT,
    )
    tax_id = forms.CharField(
        label=_("EIN"), required=False, max_length=10, help_text=_("Your own EIN, if you are a registered nonprofit.")
    )
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    street_address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    state = forms.CharField(label=_("State"), max_length=2, required=False)
    postal_code = forms.RegexField(label=_("ZIP code"), regex=r"^\d{5}(-\d{4})?$", required=False)
    mission = forms.CharField(label=_("Mission"), widget=forms.Textarea, required=False)
    languages_served = forms.CharField(label=_("Languages served"), max_length=500, required=False)
    communities_served = forms.CharField(label=_("Communities served"), max_length=500, required=False)
    fiscal_sponsor_name = forms.CharField(label=_("Fiscal sponsor name"), max_length=255, required=False)
    fiscal_sponsor_ein = forms.CharField(label=_("Fiscal sponsor EIN"), max_length=10, required=False)
    sponsor_signoff_by = forms.CharField(
        label=_("Sponsor sign-off: title of the person who signed"), max_length=150, required=False
    )
    sponsor_signoff_at = forms.DateField(
        label=_("Sponsor sign-off date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_tax_id(self):
        return _ein(self.cleaned_data.get("tax_id", ""))

    def clean_fiscal_sponsor_ein(self):
        return _ein(self.cleaned_data.get("fiscal_sponsor_ein", ""))

    def clean(self):
        data = super().clean()
        if data.get("eligibility_path") == OrganizationProfile.Path.FISCAL_SPONSOR:
            if not data.get("fiscal_sponsor_name"):
                self.add_error("fiscal_sponsor_name", _("Give your fiscal sponsor's name."))
            if not data.get("fiscal_sponsor_ein"):
                self.add_error("fiscal_sponsor_ein", _("Give your fiscal sponsor's EIN."))
        return data


class InvitationForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=OrganizationMembership.Role.choices, widget=forms.RadioSelect)


class StartForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args, organizations, streams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = forms.ModelChoiceField(label=_("Organization"), queryset=organizations)
        # A member of one organization has nothing to choose; with several, guessing could file
        # the application under the wrong one, so they choose.
        only = list(organizations[:2])
        if len(only) == 1:
            self.fields["organization"].initial = only[0].pk
        self.fields["stream"] = forms.ModelChoiceField(
            label=_("Funding stream"), queryset=streams, widget=forms.RadioSelect
        )
        self.fields["language"] = forms.ChoiceField(label=_("Language you will write in"), choices=settings.LANGUAGES)


class VersionedForm(AccessibleFormMixin, forms.ModelForm):
    """Every step carries the version it was read at, so a stale save can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, cycle=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle


class ProjectForm(VersionedForm):
    class Meta:
        model = Application
        fields = ["title", "summary", "description", "partners", "start_date", "end_date", "language"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        # Checked here, where the dates are typed, rather than first at submission.
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        earliest = getattr(self.cycle, "project_starts_on", None)
        latest = getattr(self.cycle, "project_ends_on", None)
        if start and earliest and start < earliest:
            self.add_error(
                "start_date",
                _("Projects in this round start on or after %(date)s.") % {"date": date_format(earliest)},
            )
        if end and latest and end > latest:
            self.add_error(
                "end_date", _("Projects in this round end on or before %(date)s.") % {"date": date_format(latest)}
            )
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return data


class CommunitiesForm(VersionedForm):
    class Meta:
        model = Application
        fields = ["communities_served", "languages_served", "individuals_expected"]


class OutcomesForm(VersionedForm):
    class Meta:
        model = Application
        fields = ["outcomes"]


class BudgetLineForm(AccessibleFormMixin, forms.Form):
    category = forms.CharField(label=_("Category"), max_length=100, required=False)
    description = forms.CharField(label=_("Description"), max_length=255, required=False)
    amount = forms.DecimalField(label=_("Amount (USD)"), min_value=0, max_digits=12, decimal_places=2, required=False)

    def clean(self):
        data = super().clean()
        if data.get("amount") and not data.get("category"):
            self.add_error("category", _("Name the category of this line."))
        if data.get("category") and not data.get("amount"):
            self.add_error("amount", _("Give an amount for this line."))
        return data


BudgetFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=40, absolute_max=40)


class VersionOnlyForm(AccessibleFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DocumentForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Document.Kind.choices)
    # An empty file reaches services.upload_check, whose message names the file.
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG; at most 10 MB."),
    )


class GranteeReportForm(AccessibleFormMixin, forms.Form):
    activities = forms.CharField(label=_("Activities"), widget=forms.Textarea)
    outcomes = forms.CharField(label=_("Outcomes"), widget=forms.Textarea)
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in ServiceType.choices:
            self.fields[f"served_{value}"] = forms.IntegerField(
                label=label, min_value=0, max_value=1_000_000, required=False
            )

    def service_counts(self) -> dict[str, int]:
        return {value: self.cleaned_data.get(f"served_{value}") or 0 for value, _label in ServiceType.choices}

    def service_fields(self):
        return [self[f"served_{value}"] for value, _label in ServiceType.choices]
