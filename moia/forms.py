"""One accessible error pattern for every form of the portal (WCAG 2.4.2, 3.3.1, 3.3.2, 4.1.3).

Every form mixes in `AccessibleFormMixin` and is shown with two pieces, never per form:
`templates/includes/form_errors.html` (the error summary: the one live message, focused on load,
one link per problem to its control) and `{% form_field %}` (templates/includes/field.html: label
saying "required"/"optional" in words, message tied to every invalid control). base.html puts
`error_title_prefix` ("Error: 2 problems") in front of the page title.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# The messages every form gives in the same words, so residents (and translators) meet one wording.
INVALID_CHOICE = gettext_lazy("Choose one of the options in the list.")
TOO_LONG = gettext_lazy("This answer is too long.")

# The honeypot of every public form: a field people never see (CSS hides it, aria-hidden), which
# form-filling bots fill in; a filled one is answered as a success and keeps nothing.
HONEYPOT_FIELD = "website"


def honeypot_field() -> forms.CharField:
    """The honeypot, declared on a form as `website = honeypot_field()`; no browser fills it in."""
    return forms.CharField(
        required=False,
        label=gettext_lazy("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class HoneypotMixin:
    """`is_bot` for a form that declares the honeypot field."""

    data: Mapping[str, Any]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))


# Phone numbers, addresses and numbers read left to right even inside an Arabic page; shown
# right to left, "+1 617 555 0109" becomes "0109 555 617 1+".
LTR_INPUT_TYPES = {"tel", "email", "url", "number"}
LTR_AUTOCOMPLETE = {"tel", "email", "url"}
LTR_INPUTMODES = {"tel", "email", "url", "numeric", "decimal"}


@dataclass(frozen=True)
class Problem:
    """One line of the error summary; `target` is the id of the control to jump to ("" for the form)."""

    message: str
    target: str = ""


def control_id(bound: forms.BoundField) -> str:
    """The id a summary link points at: the control itself, or the first radio/checkbox of a group."""
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0" if bound.auto_id else ""
    return bound.id_for_label


def form_problems(form) -> list[Problem]:
    """Every problem of a form or formset, in page order: the form's own errors first."""
    if form is None or not getattr(form, "is_bound", False):
        return []
    if isinstance(form, BaseFormSet):
        problems = [Problem(str(error)) for error in form.non_form_errors()]
        for member in form.forms:
            problems += form_problems(member)
        return problems
    problems = [Problem(str(error)) for error in form.non_field_errors()]
    for bound in form:
        if bound.errors:
            message = " ".join(str(error) for error in bound.errors)
            if bound.is_hidden:
                # A hidden field (a version counter) has no control to jump to.
                problems.append(Problem(message))
            else:
                label = _("%(label)s: %(message)s") % {"label": bound.label, "message": message}
                problems.append(Problem(label, control_id(bound)))
    return problems


def error_title_prefix(*forms_) -> str:
    """ "Error: 2 problems · " when the forms shown have problems, else ""."""
    count = sum(len(form_problems(form)) for form in forms_)
    if not count:
        return ""
    return ngettext("Error: %(count)d problem", "Error: %(count)d problems", count) % {"count": count} + " · "


def is_left_to_right(widget: forms.Widget) -> bool:
    attrs = widget.attrs
    return (
        getattr(widget, "input_type", "") in LTR_INPUT_TYPES
        or attrs.get("autocomplete") in LTR_AUTOCOMPLETE
        or attrs.get("inputmode") in LTR_INPUTMODES
    )


class AccessibleFormMixin:
    """Mixed into every portal form (and allauth's, see moia/accounts/forms.py).

    The portal's translated messages are the ones a resident sees: templates put `novalidate`
    on every form, so the browser's own messages (in the browser's language) never show, while
    `required` stays on the controls for assistive technology.
    """

    use_required_attribute = True

    def problems(self) -> list[Problem]:
        return form_problems(self)
