"""Writes for surveys: building and copying questionnaires, versioning their text, recording
responses (online and paper, with double entry) and the translators' PO round trip."""

import datetime as dt
from typing import Any

import polib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import to_locale
from modeltranslation.utils import build_localized_fieldname

from . import app_lists
from .models import Answer, Channel, Choice, Collector, PaperEntry, Question, Response, Section, Survey, SurveyVersion
from .selectors import survey_questions, survey_text_fields, survey_texts


def _localized(field: str, language: str) -> str:
    return build_localized_fieldname(field, language)


def survey_version_sync(*, survey: Survey) -> SurveyVersion:
    """Freeze the current texts: a version already answered is never rewritten, a new one is made."""
    texts = survey_texts(survey=survey)
    current = survey.versions.order_by("-number").first()
    if current is not None and current.texts == texts:
        return current
    if current is not None and not current.responses.exists():
        current.texts = texts
        current.save(update_fields=["texts"])
        return current
    return SurveyVersion.objects.create(survey=survey, number=current.number + 1 if current else 1, texts=texts)


def _app_list(question: Question) -> list[tuple[str, Any]]:
    if question.kind == Question.Kind.COUNTRY:
        return list(app_lists.COUNTRIES)
    if question.kind == Question.Kind.LANGUAGE:
        return app_lists.languages()
    if question.kind == Question.Kind.YES_NO:
        return list(app_lists.YES_NO)
    if question.kind == Question.Kind.NEIGHBORHOOD:
        from directory.models import Neighborhood

        return [(n.slug, n.name) for n in Neighborhood.objects.order_by("order", "name")]
    return []


def question_choices_sync(*, question: Question) -> None:
    """Give a country, language, neighbourhood or yes/no question its choices from the portal's lists,
    labelled in every language, so its answers aggregate like any other choice."""
    if question.kind not in Question.APP_LIST_KINDS:
        return
    existing = {c.code: c for c in question.choices.all()}
    for order, (code, name) in enumerate(_app_list(question)):
        labels = {}
        for language in settings.LANGUAGE_CODES:
            with translation.override(language):
                labels[_localized("label", language)] = str(name)
        choice = existing.get(code)
        if choice is None:
            Choice.objects.create(question=question, code=code, order=order, label=labels["label_en"], **labels)
        elif any(getattr(choice, f) != v for f, v in labels.items()) or choice.order != order:
            for f, v in labels.items():
                setattr(choice, f, v)
            choice.order = order
            choice.save()


def _translated(obj: Any, field: str, values: dict[str, str] | str | None) -> None:
    if isinstance(values, str):
        values = {"en": values}
    values = values or {}
    for code in settings.LANGUAGE_CODES:
        setattr(obj, _localized(field, code), values.get(code, "") or "")
    setattr(obj, field, values.get("en", "") or "")


@transaction.atomic
def survey_load(*, data: dict, opens_at: dt.datetime, closes_at: dt.datetime, slug: str | None = None) -> Survey:
    """Create or update a survey from its JSON description (see demo/data/boston/surveys.json)."""
    survey = Survey.objects.filter(slug=slug or data["slug"]).first() or Survey(slug=slug or data["slug"])
    _translated(survey, "title", data["title"])
    _translated(survey, "introduction", data.get("introduction"))
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.estimated_minutes = data.get("estimated_minutes", 10)
    survey.save()
    by_code: dict[str, Question] = {}
    pending_show_if: list[tuple[Question, dict]] = []
    for s_order, s_data in enumerate(data["sections"]):
        section = survey.sections.filter(code=s_data["code"]).first() or Section(survey=survey, code=s_data["code"])
        section.order = s_order
        _translated(section, "title", s_data["title"])
        _translated(section, "description", s_data.get("description"))
        section.save()
        for q_order, q_data in enumerate(s_data["questions"]):
            question = survey.questions.filter(code=q_data["code"]).first() or Question(
                survey=survey, code=q_data["code"]
            )
            question.section, question.order, question.kind = section, q_order, q_data["kind"]
            question.required = q_data.get("required", False)
            question.report_section = q_data.get("report_section", "other")
            _translated(question, "text", q_data["text"])
            _translated(question, "help_text", q_data.get("help_text"))
            _translated(question, "min_label", q_data.get("scale_min_label"))
            _translated(question, "max_label", q_data.get("scale_max_label"))
            question.min_value = q_data.get("scale_min", q_data.get("min_value"))
            question.max_value = q_data.get("scale_max", q_data.get("max_value"))
            question.save()
            by_code[question.code] = question
            if q_data.get("show_if"):
                pending_show_if.append((question, q_data["show_if"]))
            for c_order, c_data in enumerate(q_data.get("choices") or []):
                choice = question.choices.filter(code=c_data["code"]).first() or Choice(
                    question=question, code=c_data["code"]
                )
                choice.order = c_order
                _translated(choice, "label", c_data["label"])
                choice.save()
            question_choices_sync(question=question)
    for question, show_if in pending_show_if:
        question.show_if_question = by_code.get(show_if["question"])
        question.show_if_value = show_if.get("equals", "")
        question.save(update_fields=["show_if_question", "show_if_value"])
    survey_version_sync(survey=survey)
    return survey


@transaction.atomic
def survey_copy(*, survey: Survey, slug: str, opens_at: dt.datetime, closes_at: dt.datetime) -> Survey:
    """Start next year's survey from this one: same sections, questions, codes and translations."""
    if Survey.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A survey with this slug already exists.")})
    sections = list(survey.sections.all())
    questions = list(survey.questions.prefetch_related("choices"))
    copy = Survey.objects.get(pk=survey.pk)
    copy.pk = None
    copy.slug, copy.opens_at, copy.closes_at = slug, opens_at, closes_at
    copy.save()
    new_section = {}
    for section in sections:
        old_pk = section.pk
        section.pk = None
        section.survey = copy
        section.save()
        new_section[old_pk] = section
    new_question = {}
    for question in questions:
        old_pk, choices = question.pk, list(question.choices.all())
        question.pk = None
        question.survey, question.section = copy, new_section[question.section_id]
        question.save()
        new_question[old_pk] = question
        for choice in choices:
            choice.pk = None
            choice.question = question
        Choice.objects.bulk_create(choices)
    for question in new_question.values():
        if question.show_if_question_id:
            question.show_if_question = new_question.get(question.show_if_question_id)
            question.save(update_fields=["show_if_question"])
    survey_version_sync(survey=copy)
    return copy


def question_visible(*, question: Question, data: dict) -> bool:
    """Skip logic: a question with a condition shows only when the earlier answer has the value."""
    if question.show_if_question_id is None:
        return True
    value = data.get(question.show_if_question.code)  # type: ignore[union-attr]  # the id is set (above)
    if isinstance(value, list):
        return question.show_if_value in value
    return value not in (None, "") and str(value) == question.show_if_value


def answers_visible(*, questions: list[Question], data: dict) -> dict:
    """The answers to questions that skip logic shows; answers to hidden questions are dropped."""
    kept: dict = {}
    for question in questions:
        if question.code in data and question_visible(question=question, data=kept):
            value = data[question.code]
            if value not in (None, "", []):
                kept[question.code] = value
    return kept


def _answer_rows(response: Response, questions: list[Question], data: dict) -> list[Answer]:
    rows = []
    for question in questions:
        value = data.get(question.code)
        if value in (None, "", []):
            continue
        if question.kind in Question.CHOICE_KINDS:
            choices = {c.code: c for c in question.choices.all()}
            codes = [c for c in (value if isinstance(value, list) else [value]) if c in choices]
            rows += [
                Answer(response=response, question=question, choice=choices[c], first_of_question=i == 0)
                for i, c in enumerate(codes)
            ]
        elif question.kind in Question.NUMBER_KINDS:
            try:
                rows.append(Answer(response=response, question=question, number=int(value)))
            except (TypeError, ValueError):
                continue
        else:
            rows.append(Answer(response=response, question=question, text=str(value).strip()))
    return rows


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    data: dict,
    language: str,
    channel: str = Channel.ONLINE,
    started_at: dt.datetime,
    finished_at: dt.datetime | None = None,
    collector: Collector | None = None,
    form_number: str = "",
    entered_by=None,
    status: str = Response.Status.COMPLETE,
) -> Response:
    """Record one anonymous response against the survey's current text version."""
    version = survey.current_version or survey_version_sync(survey=survey)
    questions = survey_questions(survey=survey)
    response = Response.objects.create(
        survey=survey,
        version=version,
        language=language if language in settings.LANGUAGE_CODES else settings.LANGUAGE_CODE,
        channel=channel,
        collector=collector,
        started_at=started_at,
        finished_at=finished_at or timezone.now(),
        form_number=form_number,
        entered_by=entered_by,
        status=status,
    )
    Answer.objects.bulk_create(_answer_rows(response, questions, answers_visible(questions=questions, data=data)))
    return response


def _normalized(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    return "" if value is None else str(value).strip()


def paper_entry_differences(*, response: Response) -> list[dict]:
    """The questions on which the two typings of a paper sheet disagree."""
    entries = list(response.paper_entries.order_by("pass_number"))
    if len(entries) < 2:
        return []
    first, second = entries[0].data, entries[1].data
    questions = survey_questions(survey=response.survey)
    return [
        {"question": q, "code": q.code, "first": first.get(q.code), "second": second.get(q.code)}
        for q in questions
        if _normalized(first.get(q.code)) != _normalized(second.get(q.code))
    ]


@transaction.atomic
def paper_response_enter(*, survey: Survey, form_number: str, language: str, data: dict, by) -> Response:
    """Type in one paper sheet; its form number can be entered once (twice, blind, with double entry)."""
    form_number = form_number.strip()
    questions = survey_questions(survey=survey)
    data = answers_visible(questions=questions, data=data)
    existing = Response.objects.select_for_update().filter(survey=survey, form_number=form_number).first()
    if existing is None:
        now = timezone.now()
        status = Response.Status.PENDING_VERIFICATION if survey.double_entry else Response.Status.COMPLETE
        try:
            with transaction.atomic():
                response = response_submit(
                    survey=survey,
                    data=data,
                    language=language,
                    channel=Channel.PAPER,
                    started_at=now,
                    finished_at=now,
                    form_number=form_number,
                    entered_by=by,
                    status=status,
                )
        except IntegrityError as exc:
            raise ValidationError({"form_number": _("This form number has already been entered.")}) from exc
        if survey.double_entry:
            PaperEntry.objects.create(response=response, pass_number=1, entered_by=by, data=data)
        return response
    if not survey.double_entry or existing.status == Response.Status.COMPLETE or existing.paper_entries.count() >= 2:
        raise ValidationError({"form_number": _("This form number has already been entered.")})
    if existing.paper_entries.filter(entered_by=by).exists():
        raise ValidationError({"form_number": _("The second entry of a sheet must be typed by a different person.")})
    PaperEntry.objects.create(response=existing, pass_number=2, entered_by=by, data=data)
    if existing.language != language:
        # A disagreement on the sheet's language is resolved like any answer: by the supervisor.
        return existing
    if not paper_entry_differences(response=existing):
        existing.status = Response.Status.COMPLETE
        existing.save(update_fields=["status"])
    return existing


@transaction.atomic
def paper_entry_resolve(*, response: Response, picks: dict[str, str], by) -> Response:
    """A supervisor settles each disagreement ("first" or "second"); the sheet then counts."""
    entries = list(response.paper_entries.order_by("pass_number"))
    if len(entries) < 2 or response.status == Response.Status.COMPLETE:
        raise ValidationError(_("This sheet is not waiting for verification."))
    resolved = dict(entries[0].data)
    for difference in paper_entry_differences(response=response):
        pick = picks.get(difference["code"])
        if pick not in {"first", "second"}:
            raise ValidationError(_("Choose one of the two entries for every difference."))
        value = difference[pick]
        if value in (None, "", []):
            resolved.pop(difference["code"], None)
        else:
            resolved[difference["code"]] = value
    questions = survey_questions(survey=response.survey)
    response.answers.all().delete()
    Answer.objects.bulk_create(_answer_rows(response, questions, answers_visible(questions=questions, data=resolved)))
    response.status = Response.Status.COMPLETE
    response.verified_by = by
    response.verified_at = timezone.now()
    response.save(update_fields=["status", "verified_by", "verified_at"])
    return response


def survey_po_export(*, survey: Survey, language: str) -> str:
    """The survey's texts as a PO file for one language: msgctxt is the stable key, msgid the English."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": survey.slug,
        "Language": to_locale(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for key, values in survey_texts(survey=survey).items():
        po.append(polib.POEntry(msgctxt=key, msgid=values["en"], msgstr=values.get(language, "")))
    return str(po)


@transaction.atomic
def survey_po_import(*, survey: Survey, language: str, content: str) -> dict:
    """Apply a translator's PO file; returns what changed, what was skipped and why."""
    if language not in settings.LANGUAGE_CODES or language == settings.LANGUAGE_CODE:
        raise ValidationError(_("Choose a language other than English."))
    # polib reads a *path* when given one-line text: refuse anything that is not PO content.
    if "\n" not in content or "msgid" not in content:
        raise ValidationError(_("This file is not a readable PO file."))
    try:
        po = polib.pofile(content)
    except (OSError, ValueError, UnicodeError) as exc:
        raise ValidationError(_("This file is not a readable PO file.")) from exc
    fields = {key: (obj, field) for key, obj, field in survey_text_fields(survey=survey)}
    report: dict[str, Any] = {"changed": [], "unchanged": [], "stale": [], "unknown": [], "empty": []}
    for entry in po:
        if entry.obsolete:
            continue
        target = fields.get(entry.msgctxt or "")
        if target is None:
            report["unknown"].append(entry.msgctxt or entry.msgid)
            continue
        obj, field = target
        english = getattr(obj, _localized(field, "en")) or ""
        if entry.msgid != english:
            # Translated from an older English text: applying it could publish a wrong meaning.
            report["stale"].append(entry.msgctxt)
            continue
        if not entry.msgstr or "fuzzy" in entry.flags:
            report["empty"].append(entry.msgctxt)
            continue
        name = _localized(field, language)
        old = getattr(obj, name) or ""
        if old == entry.msgstr:
            report["unchanged"].append(entry.msgctxt)
            continue
        setattr(obj, name, entry.msgstr)
        obj.save(update_fields=[name])
        report["changed"].append({"key": entry.msgctxt, "old": old, "new": entry.msgstr})
    version = survey_version_sync(survey=survey)
    report["version"] = version.number
    return report


def collector_create(
    *, survey: Survey, organization=None, channel: str = Channel.PARTNER, label: str = ""
) -> Collector:
    """A new link for a partner and channel, with a fresh short code."""
    return Collector.objects.create(survey=survey, organization=organization, channel=channel, label=label)
