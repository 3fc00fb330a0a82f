import re
import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from moia.forms import INVALID_CHOICE, TOO_LONG, AccessibleFormMixin, HoneypotMixin, honeypot_field

from .models import PosterOrder
from .services import MAX_COPIES_PER_LINE

ZIP_CODE = re.compile(r"\d{5}(-\d{4})?")


class PosterOrderForm(HoneypotMixin, AccessibleFormMixin, forms.Form):
    """Which posters, which languages, how many of each, for whom and how they arrive."""

    posters = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which posters?"),
        error_messages={"required": _("Choose at least one poster."), "invalid_choice": INVALID_CHOICE},
    )
    languages = forms.MultipleChoiceField(
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        label=_("In which languages?"),
        error_messages={"required": _("Choose at least one language."), "invalid_choice": INVALID_CHOICE},
    )
    quantity = forms.IntegerField(
        label=_("How many copies of each?"),
        min_value=1,
        max_value=MAX_COPIES_PER_LINE,
        initial=1,
        error_messages={
            "required": _("Enter how many copies you would like."),
            "invalid": _("Enter a whole number, like 5."),
            "min_value": _("Ask for at least 1 copy."),
            "max_value": _("Ask for %(limit_value)s copies or fewer."),
        },
    )
    recipient_type = forms.ChoiceField(
        choices=PosterOrder.Recipient.choices,
        widget=forms.RadioSelect,
        label=_("Where will you put them up?"),
        error_messages={"required": _("Choose where you will put the posters up."), "invalid_choice": INVALID_CHOICE},
    )
    delivery = forms.ChoiceField(
        choices=PosterOrder.Delivery.choices,
        widget=forms.RadioSelect,
        label=_("How do you want to get them?"),
        error_messages={"required": _("Choose mail or pick-up."), "invalid_choice": INVALID_CHOICE},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("The name we write on the parcel or ask for at pick-up."),
        error_messages={"required": _("Enter your name."), "max_length": TOO_LONG},
    )
    organization_name = forms.CharField(
        label=_("Organization or business"),
        max_length=200,
        required=False,
        help_text=_("Optional."),
        error_messages={"max_length": TOO_LONG},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Optional. We send you a confirmation in your language."),
        error_messages={"invalid": _("Enter an email address like name@example.com.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("Optional. We call only if there is a problem with your order."),
        error_messages={"max_length": TOO_LONG},
    )
    address_line1 = forms.CharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    address_line2 = forms.CharField(
        label=_("Apartment, suite or floor"),
        max_length=200,
        required=False,
        help_text=_("Optional."),
        error_messages={"max_length": TOO_LONG},
    )
    city = forms.CharField(
        label=_("City or town"),
        max_length=100,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    state = forms.CharField(label=_("State"), max_length=40, required=False, error_messages={"max_length": TOO_LONG})
    postal_code = forms.CharField(
        label=_("ZIP code"), max_length=10, required=False, error_messages={"max_length": TOO_LONG}
    )
    # Honeypot: hidden from people (CSS), filled in by bots; a filled one drops the order.
    website = honeypot_field()
    # One token per form shown; two submissions of the same form make one order.
    submission_token = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput, initial=lambda: secrets.token_urlsafe(24)
    )

    ADDRESS_REQUIRED = {
        "address_line1": _("Enter the street address."),
        "city": _("Enter the city or town."),
        "state": _("Enter the state."),
        "postal_code": _("Enter the ZIP code."),
    }

    def __init__(self, *args, posters, languages: list[dict], pickup_address: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, not at import: a lazy text with % applied at class level is English forever.
        self.fields["quantity"].help_text = _("Up to %(most)d of each poster in each language.") % {
            "most": MAX_COPIES_PER_LINE
        }
        if pickup_address:
            self.fields["delivery"].help_text = _("Pick-up is at %(address)s, on weekdays.") % {
                "address": pickup_address
            }
        self.fields["posters"].queryset = posters
        self.fields["languages"].choices = [(item["code"], item["name_local"]) for item in languages]
        self.language_options = languages
        for name, autocomplete in {
            "name": "name",
            "organization_name": "organization",
            "email": "email",
            "phone": "tel",
            "address_line1": "address-line1",
            "address_line2": "address-line2",
            "city": "address-level2",
            "state": "address-level1",
            "postal_code": "postal-code",
        }.items():
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self.fields["postal_code"].widget.attrs["inputmode"] = "numeric"
        self.fields["quantity"].widget.attrs["inputmode"] = "numeric"

    def clean_postal_code(self):
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and not ZIP_CODE.fullmatch(value):
            raise forms.ValidationError(_("Enter a ZIP code of 5 digits, like 02201."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("delivery") == PosterOrder.Delivery.MAIL:
            for name, message in self.ADDRESS_REQUIRED.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an email address or a phone number so we can reach you about your order."))
        return cleaned

    def lines(self) -> list[tuple]:
        quantity = self.cleaned_data["quantity"]
        return [
            (poster, code, quantity)
            for poster in self.cleaned_data["posters"]
            for code in self.cleaned_data["languages"]
        ]

    def order_data(self) -> dict:
        skip = {"posters", "languages", "quantity", "website", "submission_token"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}
