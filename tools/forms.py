"""The Family Emergency Preparedness Plan form. Every answer is optional: an empty plan prints
with lines to fill in by hand. Nothing here is saved anywhere (see tools/views.py)."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from moia.forms import INVALID_CHOICE, AccessibleFormMixin, HoneypotMixin, honeypot_field

CONTACT_ROWS = 3
CAREGIVER_ROWS = 2
CHILD_ROWS = 3
# Digits with the separators people write in phone numbers, and "x" or "ext" before an extension.
PHONE_PATTERN = re.compile(r"^\+?[\d\s().\-/]*(?:\s*(?:x|ext\.?)\s*\d+)?$", re.IGNORECASE)

DOCUMENTS = [
    ("passports", _("Passports")),
    ("birth", _("Birth certificates, yours and your children's")),
    ("immigration", _("Immigration papers: cards, permits, notices and receipts")),
    ("ids", _("ID cards and driver's licenses")),
    ("ssn", _("Social Security cards or ITIN letters")),
    ("family", _("Marriage, divorce and custody papers")),
    ("school", _("Children's school, medical and vaccination records")),
    ("home", _("Lease or mortgage papers")),
    ("money", _("Bank, tax and pay records")),
    ("care", _("Papers naming who may care for your children (ask a lawyer)")),
]

TOO_LONG = _("This answer is too long. Keep it to %(limit_value)d characters.")
BAD_PHONE = _("Write the phone number with digits, spaces and + ( ) - only, for example 617-555-0100.")


def _text(label, max_length: int, *, hint="", autocomplete: str = "off") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=hint,
        error_messages={"max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def _area(label, max_length: int, *, hint="") -> forms.CharField:
    field = _text(label, max_length, hint=hint)
    field.widget = forms.Textarea(attrs={"rows": 3, "autocomplete": "off"})
    return field


def _phone(label) -> forms.CharField:
    field = _text(label, 40)
    # A phone number reads left to right in every language (moia/forms.py LTR_INPUTMODES).
    field.widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"})
    return field


class FamilyPlanForm(HoneypotMixin, AccessibleFormMixin, forms.Form):
    """What a family writes on its plan; `plan()` gives it back grouped for printing."""

    # Honeypot: hidden from people (CSS), filled in by bots.
    website = honeypot_field()
    family_name = _text(_("Whose plan is this?"), 100, hint=_("For example: the Pierre family."))
    medical_needs = _area(_("Medical needs and allergies"), 600)
    medications = _area(_("Medications and doses"), 600)
    doctor = _text(_("Doctor or clinic"), 120)
    doctor_phone = _phone(_("Doctor's phone"))
    documents_place = _area(
        _("Where are your important documents kept?"),
        600,
        hint=_("For example: a folder in the closet, or with a person you trust. Keep copies in a second place."),
    )
    documents_ready = forms.MultipleChoiceField(
        label=_("Documents to gather: tick what you already have together"),
        choices=DOCUMENTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    lawyer = _text(_("Lawyer or legal organization"), 120)
    lawyer_phone = _phone(_("Their phone"))
    consulate = _text(_("Your country's consulate"), 120)
    consulate_phone = _phone(_("Consulate phone"))
    notes = _area(_("Anything else your family should know"), 1000)
    second_language = forms.ChoiceField(
        label=_("Print a second copy in another language"),
        required=False,
        help_text=_("For example English for the school, and your language for the family."),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, CONTACT_ROWS + 1):
            self.fields[f"contact_{row}_name"] = _text(_("Name"), 100)
            self.fields[f"contact_{row}_phone"] = _phone(_("Phone"))
            self.fields[f"contact_{row}_relationship"] = _text(
                pgettext_lazy("family plan", "Relationship"), 60, hint=_("For example: sister, neighbor.")
            )
        for row in range(1, CAREGIVER_ROWS + 1):
            self.fields[f"caregiver_{row}_name"] = _text(_("Name"), 100)
            self.fields[f"caregiver_{row}_phone"] = _phone(_("Phone"))
        for row in range(1, CHILD_ROWS + 1):
            self.fields[f"child_{row}_name"] = _text(_("Child's first name"), 100)
            self.fields[f"child_{row}_school"] = _text(_("School or child care"), 120)
            self.fields[f"child_{row}_school_phone"] = _phone(_("School phone"))
        current = (get_language() or settings.LANGUAGE_CODE).lower()
        self.fields["second_language"].choices = [("", _("No second copy"))] + [
            (code, name) for code, name in _language_names() if code != current
        ]
        # Page order, so the error summary lists problems as the page shows them.
        rows = [name for name in self.fields if name.startswith(("contact_", "caregiver_", "child_"))]
        self.order_fields(
            [
                *rows,
                "medical_needs",
                "medications",
                "doctor",
                "doctor_phone",
                "documents_place",
                "documents_ready",
                "lawyer",
                "lawyer_phone",
                "consulate",
                "consulate_phone",
                "family_name",
                "notes",
                "second_language",
            ]
        )

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            is_phone = isinstance(field.widget, forms.TextInput) and field.widget.input_type == "tel"
            if is_phone and value and (not PHONE_PATTERN.match(value) or sum(ch.isdigit() for ch in value) < 3):
                self.add_error(name, BAD_PHONE)
        return cleaned

    def rows(self, prefix: str, count: int, parts: tuple[str, ...]) -> list[list[forms.BoundField]]:
        """The bound fields of repeated rows (contact 1, contact 2…), for the template."""
        return [[self[f"{prefix}_{row}_{part}"] for part in parts] for row in range(1, count + 1)]

    @property
    def contact_rows(self):
        return self.rows("contact", CONTACT_ROWS, ("name", "phone", "relationship"))

    @property
    def caregiver_rows(self):
        return self.rows("caregiver", CAREGIVER_ROWS, ("name", "phone"))

    @property
    def child_rows(self):
        return self.rows("child", CHILD_ROWS, ("name", "school", "school_phone"))

    def plan(self) -> dict:
        """The answers grouped as the printed plan shows them (call after is_valid())."""
        data = self.cleaned_data

        def rows(prefix: str, count: int, parts: tuple[str, ...]) -> list[dict]:
            return [{part: data.get(f"{prefix}_{row}_{part}", "") for part in parts} for row in range(1, count + 1)]

        ready = set(data.get("documents_ready") or [])
        return {
            "family_name": data.get("family_name", ""),
            "contacts": rows("contact", CONTACT_ROWS, ("name", "phone", "relationship")),
            "caregivers": rows("caregiver", CAREGIVER_ROWS, ("name", "phone")),
            "children": rows("child", CHILD_ROWS, ("name", "school", "school_phone")),
            "medical_needs": data.get("medical_needs", ""),
            "medications": data.get("medications", ""),
            "doctor": data.get("doctor", ""),
            "doctor_phone": data.get("doctor_phone", ""),
            "documents_place": data.get("documents_place", ""),
            # Lazy labels: each copy prints the document names in its own language.
            "documents": [(label, code in ready) for code, label in DOCUMENTS],
            "lawyer": data.get("lawyer", ""),
            "lawyer_phone": data.get("lawyer_phone", ""),
            "consulate": data.get("consulate", ""),
            "consulate_phone": data.get("consulate_phone", ""),
            "notes": data.get("notes", ""),
        }


def _language_names() -> list[tuple[str, str]]:
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]
