"""The form a City department fills in through its signed link."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from moia.forms import TOO_LONG, AccessibleFormMixin

from .models import DepartmentFigure, DepartmentRequest

# What people type between thousands: "1,250", "1 250", "1.250" (many languages), the Arabic
# thousands separator U+066C. A separator is accepted only between groups of three digits, so
# "12.5" (a decimal) is refused rather than read as 125.
SPACES = re.compile(r"[\s\u00a0\u202f]")
GROUPED = re.compile(r"\d{1,3}(?:([,.'\u066c])\d{3})(?:\1\d{3})*")
LARGEST = 10**12


class FigureField(forms.CharField):
    """A whole number as a person types it: thousands separators and any script's digits
    (Arabic-Indic, Chinese full-width) are accepted; a decimal, a sign or a word is refused."""

    def __init__(self, *, unit: str, **kwargs):
        self.unit = unit
        super().__init__(
            max_length=20,
            error_messages={"required": _("Enter this figure. Write 0 if there were none.")},
            **kwargs,
        )
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "class": "usa-input usa-input--small"})

    def clean(self, value):
        text = super().clean(value)
        digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in SPACES.sub("", text))
        if GROUPED.fullmatch(digits):
            digits = re.sub(r"\D", "", digits)
        if not digits.isascii() or not digits.isdigit():
            raise forms.ValidationError(_("Enter a whole number using digits only, for example 1250."), code="invalid")
        number = int(digits)
        if self.unit == DepartmentFigure.Unit.PERCENT and number > 100:
            raise forms.ValidationError(_("A percentage is between 0 and 100."), code="max_value")
        if number > LARGEST:
            raise forms.ValidationError(_("This number is too large."), code="max_value")
        return number


class DepartmentAnswerForm(AccessibleFormMixin, forms.Form):
    """One field per figure asked for, then who answered."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Enter your name."), "max_length": TOO_LONG},
    )
    role = forms.CharField(
        label=_("Your job title"),
        max_length=200,
        required=False,
        error_messages={"max_length": TOO_LONG},
    )
    note = forms.CharField(
        label=_("Notes on these figures"),
        help_text=_("Optional. For example how they were counted, or a figure you could not give."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, request: DepartmentRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.figures = list(request.figures.all())
        figure_fields = {}
        for figure in self.figures:
            hint = figure.definition
            if figure.unit == DepartmentFigure.Unit.PERCENT:
                hint = (
                    f"{hint} " + str(_("A percentage, from 0 to 100.")) if hint else _("A percentage, from 0 to 100.")
                )
            figure_fields[f"figure_{figure.pk}"] = FigureField(
                unit=figure.unit, label=figure.label, help_text=hint, initial=figure.value
            )
        # The figures come first, in the order staff gave them; who answered comes last.
        self.fields = {**figure_fields, **self.fields}

    def figure_fields(self):
        return [self[f"figure_{figure.pk}"] for figure in self.figures]

    def values(self) -> dict[int, int]:
        return {figure.pk: self.cleaned_data[f"figure_{figure.pk}"] for figure in self.figures}
