"""Forms built from a survey's questions, for residents (one page at a time) and for staff
(paper data entry, results filters, translators' PO import, copying a survey)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from moia.forms import AccessibleFormMixin, honeypot_field

from .models import Channel, Collector, Question

# Django ships no catalogue for Haitian Creole, Cape Verdean Creole or Somali, so every
# message a resident can see comes from this app's catalogue.
ERRORS = {
    "required": _("Please answer this question."),
    "invalid_choice": _("Please choose one of the answers listed."),
    "invalid": _("Please enter a whole number."),
    "min_value": _("Please enter a number of at least %(limit_value)s."),
    "max_value": _("Please enter a number no larger than %(limit_value)s."),
    "max_length": _("Please keep this answer under %(limit_value)d characters."),
}
LONG_LIST_KINDS = {"country", "language", "neighborhood"}


def _choice_list(question: Question, *, numbered: bool = False) -> list[tuple[str, str]]:
    choices = [(c.code, c.label) for c in question.choices.all()]
    if numbered:
        # Paper sheets number their boxes; a clerk types the number to jump to the option.
        choices = [(code, f"{i}. {label}") for i, (code, label) in enumerate(choices, start=1)]
    return choices


def question_field(question: Question, *, required: bool, paper: bool = False) -> forms.Field:
    """The form field that asks one question, with translated errors."""
    common = {"label": question.text, "help_text": question.help_text, "required": required, "error_messages": ERRORS}
    kind = question.kind
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=_choice_list(question), widget=forms.CheckboxSelectMultiple, **common)
    if kind in LONG_LIST_KINDS or (paper and kind == Question.Kind.SINGLE):
        blank = [("", "—")]
        return forms.ChoiceField(choices=blank + _choice_list(question, numbered=paper), **common)
    if kind in Question.CHOICE_KINDS:
        return forms.ChoiceField(choices=_choice_list(question), widget=forms.RadioSelect, **common)
    if kind == Question.Kind.SCALE:
        low, high = question.min_value or 1, question.max_value or 5
        labels = []
        for value in range(low, high + 1):
            label = str(value)
            if value == low and question.min_label:
                label = f"{value} - {question.min_label}"
            elif value == high and question.max_label:
                label = f"{value} - {question.max_label}"
            labels.append((str(value), label))
        return forms.TypedChoiceField(choices=labels, coerce=str, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.NUMBER:
        return forms.IntegerField(
            min_value=question.min_value,
            max_value=question.max_value,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    if kind == Question.Kind.LONG_TEXT:
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    return forms.CharField(max_length=200, **common)


def field_name(question: Question) -> str:
    return f"q_{question.code}"


class QuestionsForm(AccessibleFormMixin, forms.Form):
    """The questions of one page; `answers()` gives them back keyed by question code."""

    def __init__(self, *args, questions: list[Question], paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = question_field(
                question, required=question.required and not paper, paper=paper
            )

    def answers(self) -> dict:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            result[question.code] = value if isinstance(value, list) else str(value)
        return result


class SurveyPageForm(QuestionsForm):
    # A honeypot: hidden from people (and screen readers), filled in by form-spamming bots.
    website = honeypot_field()


def initial_from_answers(questions: list[Question], data: dict) -> dict:
    return {field_name(q): data[q.code] for q in questions if q.code in data}


def _language_choices():
    return list(settings.LANGUAGES)


class PaperEntryForm(QuestionsForm):
    form_number = forms.CharField(
        label=_("Form number"), max_length=30, error_messages=ERRORS, widget=forms.TextInput(attrs={"autofocus": True})
    )
    language = forms.ChoiceField(label=_("Language of the sheet"), choices=_language_choices, error_messages=ERRORS)

    field_order = ["form_number", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, paper=True, **kwargs)
        self.order_fields(self.field_order)


class ResultsFilterForm(AccessibleFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    collector = forms.ModelChoiceField(label=_("Collector"), required=False, queryset=Collector.objects.none())
    date_from = forms.DateField(label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["language"].choices = everything + list(settings.LANGUAGES)
        self.fields["channel"].choices = everything + list(Channel.choices)
        self.fields["collector"].queryset = survey.collectors.select_related("organization")
        self.fields["collector"].empty_label = _("All")

    def filters(self) -> dict:
        """The valid filters; a malformed value is ignored rather than failing the page."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class PoImportForm(AccessibleFormMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=lambda: list(settings.LANGUAGES[1:]))
    po_file = forms.FileField(label=_("PO file"))

    def clean_po_file(self):
        upload = self.cleaned_data["po_file"]
        if upload.size > 2_000_000:
            raise forms.ValidationError(_("This file is too large."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("This file is not a readable PO file.")) from exc


class SurveyCopyForm(AccessibleFormMixin, forms.Form):
    slug = forms.SlugField(label=_("Slug of the new survey"), max_length=120)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing date must come after the opening date."))
        return data
