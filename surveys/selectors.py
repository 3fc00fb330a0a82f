"""Reads for surveys: open surveys, results (aggregated in SQL), exports and admin tables."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Answer, Question, Response, Survey
from .services import survey_questions, survey_texts

RESULT_KINDS = Question.CHOICE_KINDS | Question.NUMBER_KINDS


def surveys_open(*, now: dt.datetime | None = None) -> QuerySet[Survey]:
    """Surveys a resident can answer right now."""
    now = now or timezone.now()
    return Survey.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def surveys_closed(*, now: dt.datetime | None = None) -> QuerySet[Survey]:
    """Surveys whose results may be published."""
    return Survey.objects.filter(closes_at__lte=now or timezone.now()).order_by("-closes_at")


def surveys_for(user) -> QuerySet[Survey]:
    """The surveys a staff member may manage: Survey managers (and superusers) see all."""
    if user.is_active and (user.is_superuser or user.has_perm("surveys.view_survey")):
        return Survey.objects.all()
    return Survey.objects.none()


def responses_counted(*, survey: Survey, filters: dict | None = None) -> QuerySet[Response]:
    """Complete responses (verified paper sheets included), narrowed by the results filters."""
    filters = filters or {}
    qs = Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    if filters.get("channel"):
        qs = qs.filter(channel=filters["channel"])
    if filters.get("collector"):
        qs = qs.filter(collector=filters["collector"])
    if filters.get("date_from"):
        qs = qs.filter(finished_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(finished_at__date__lte=filters["date_to"])
    return qs


def _answers(survey: Survey, filters: dict | None) -> QuerySet[Answer]:
    # Filters apply to the response through the join; the answer table is scanned once per query.
    qs = Answer.objects.filter(response__survey=survey, response__status=Response.Status.COMPLETE)
    filters = filters or {}
    if filters.get("language"):
        qs = qs.filter(response__language=filters["language"])
    if filters.get("channel"):
        qs = qs.filter(response__channel=filters["channel"])
    if filters.get("collector"):
        qs = qs.filter(response__collector=filters["collector"])
    if filters.get("date_from"):
        qs = qs.filter(response__finished_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(response__finished_at__date__lte=filters["date_to"])
    return qs


def _percent(count: int, total: int) -> float:
    return round(100.0 * count / total, 1) if total else 0.0


def survey_results(*, survey: Survey, filters: dict | None = None, report_sections=None) -> list[dict]:
    """Per question, its counts by choice code (or value) with labels in the current language.

    Counting is one GROUP BY over (question, choice, number); respondents of a multiple-choice
    question (who may tick several boxes) come from the same scan via Answer.first_of_question."""
    questions = [q for q in survey_questions(survey=survey) if q.kind in RESULT_KINDS]
    if report_sections:
        questions = [q for q in questions if q.report_section in set(report_sections)]
    answers = _answers(survey, filters)
    if report_sections:
        answers = answers.filter(question__in=[q.pk for q in questions])
    counts: dict[int, dict] = defaultdict(dict)
    respondents_by_question: dict[int, int] = defaultdict(int)
    rows = (
        answers.values_list("question_id", "choice_id", "number")
        .annotate(n=Count("id"), first=Count("id", filter=Q(first_of_question=True)))
        .order_by()
    )
    for question_id, choice_id, number, n, first in rows:
        counts[question_id][choice_id if choice_id is not None else ("n", number)] = n
        respondents_by_question[question_id] += first
    results = []
    for question in questions:
        by_key = counts.get(question.pk, {})
        respondents = respondents_by_question.get(question.pk, 0)
        item = {
            "code": question.code,
            "text": question.text,
            "kind": question.kind,
            "report_section": question.report_section,
            "section": question.section.title,
            "respondents": respondents,
            "choices": [],
        }
        if question.kind in Question.CHOICE_KINDS:
            for choice in question.choices.all():
                n = by_key.get(choice.pk, 0)
                item["choices"].append(
                    {"code": choice.code, "label": choice.label, "count": n, "percent": _percent(n, respondents)}
                )
            if question.kind in Question.APP_LIST_KINDS - {"yes_no"}:
                # Long lists: show what people answered, most frequent first.
                item["choices"] = sorted((c for c in item["choices"] if c["count"]), key=lambda c: -c["count"])
        else:
            values = sorted(k[1] for k in by_key if isinstance(k, tuple))
            if question.kind == Question.Kind.SCALE and question.min_value is not None and question.max_value:
                values = sorted(set(values) | set(range(question.min_value, question.max_value + 1)))
            for value in values:
                n = by_key.get(("n", value), 0)
                label = str(value)
                if question.kind == Question.Kind.SCALE and value == question.min_value and question.min_label:
                    label = f"{value} ({question.min_label})"
                elif question.kind == Question.Kind.SCALE and value == question.max_value and question.max_label:
                    label = f"{value} ({question.max_label})"
                item["choices"].append(
                    {"code": str(value), "label": label, "count": n, "percent": _percent(n, respondents)}
                )
        results.append(item)
    return results


def survey_open_texts(*, survey: Survey, filters: dict | None = None, limit: int = 500) -> list[dict]:
    """Open-text answers per question, newest first (staff only: they may hold personal details)."""
    questions = [q for q in survey_questions(survey=survey) if q.kind in Question.TEXT_KINDS]
    rows = (
        _answers(survey, filters)
        .filter(question__in=[q.pk for q in questions])
        .exclude(text="")
        .order_by("question_id", "-response__finished_at")
        .values_list("question_id", "text", "response__language")
    )
    grouped: dict[int, list] = defaultdict(list)
    for question_id, text, language in rows:
        if len(grouped[question_id]) < limit:
            grouped[question_id].append({"text": text, "language": language})
    return [{"code": q.code, "text": q.text, "answers": grouped.get(q.pk, [])} for q in questions]


def survey_response_total(*, survey: Survey, filters: dict | None = None) -> int:
    return responses_counted(survey=survey, filters=filters).count()


def survey_duration_summary(*, survey: Survey, filters: dict | None = None) -> dict:
    """How many online answers took under the promised time (paper has no duration)."""
    qs = responses_counted(survey=survey, filters=filters).exclude(channel="paper")
    limit = survey.estimated_minutes * 60
    summary = qs.aggregate(total=Count("id"), within=Count("id", filter=Q(duration_seconds__lte=limit)))
    summary["percent_within"] = _percent(summary["within"], summary["total"])
    return summary


def responses_by_partner(*, survey: Survey) -> list[dict]:
    """Responses per partner organization, language and channel (one GROUP BY)."""
    rows = (
        Response.objects.filter(survey=survey)
        .values("collector__organization__name", "collector__code", "language", "channel", "status")
        .annotate(n=Count("id"))
        .order_by("collector__organization__name", "collector__code", "language", "channel", "status")
    )
    return list(rows)


def survey_completeness(*, survey: Survey) -> list[dict]:
    """Per language, how many of the survey's texts are translated."""
    texts = survey_texts(survey=survey)
    total = len(texts)
    return [
        {
            "language": code,
            "name": name,
            "translated": sum(1 for v in texts.values() if v.get(code)),
            "total": total,
            "percent": _percent(sum(1 for v in texts.values() if v.get(code)), total),
        }
        for code, name in settings.LANGUAGES
    ]


def export_wide_rows(*, survey: Survey, filters: dict | None = None) -> Iterator[list]:
    """CSV rows, one per response: metadata then one column per question (choice codes, ';'-joined)."""
    questions = survey_questions(survey=survey)
    yield ["response_id", "version", "language", "channel", "collector", "started_at", "finished_at",
           "duration_seconds", "form_number"] + [q.code for q in questions]  # fmt: skip
    responses = responses_counted(survey=survey, filters=filters).select_related("version", "collector").order_by("id")
    for chunk_start in range(0, responses.count(), 2000):
        chunk = list(responses[chunk_start : chunk_start + 2000])
        values: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        answers = (
            Answer.objects.filter(response__in=[r.pk for r in chunk])
            .order_by("response_id", "question_id", "choice__order", "id")
            .values_list("response_id", "question_id", "choice__code", "number", "text")
        )
        for response_id, question_id, code, number, text in answers:
            value = code if code is not None else (str(number) if number is not None else text)
            values[response_id][question_id].append(value)
        for r in chunk:
            yield [
                r.pk,
                r.version.number,
                r.language,
                r.channel,
                r.collector.code if r.collector_id else "",
                r.started_at.isoformat(),
                r.finished_at.isoformat(),
                "" if r.duration_seconds is None else r.duration_seconds,
                r.form_number,
            ] + [";".join(values[r.pk].get(q.pk, [])) for q in questions]


def export_long_rows(*, survey: Survey, filters: dict | None = None) -> Iterator[list]:
    """CSV rows, one per answer value: response_id, language, channel, question, choice or value."""
    yield ["response_id", "language", "channel", "collector", "question", "choice", "number", "text"]
    rows = (
        _answers(survey, filters)
        .order_by("response_id", "question__section__order", "question__order", "choice__order", "id")
        .values_list(
            "response_id",
            "response__language",
            "response__channel",
            "response__collector__code",
            "question__code",
            "choice__code",
            "number",
            "text",
        )
    )
    for row in rows.iterator(chunk_size=5000):
        yield ["" if v is None else v for v in row]


def export_codebook_rows(*, survey: Survey, language: str) -> Iterator[list]:
    """The codebook: every question and choice code with its English text and its text in `language`."""
    from modeltranslation.utils import build_localized_fieldname as loc

    yield ["section", "question", "kind", "report_section", "required", "show_if", "choice",
           "text_en", f"text_{language}"]  # fmt: skip
    for q in survey_questions(survey=survey):
        show_if = f"{q.show_if_question.code}={q.show_if_value}" if q.show_if_question_id else ""
        yield [q.section.code, q.code, q.kind, q.report_section, int(q.required), show_if, "",
               getattr(q, loc("text", "en")), getattr(q, loc("text", language)) or ""]  # fmt: skip
        for c in q.choices.all():
            yield [q.section.code, q.code, "", "", "", "", c.code,
                   getattr(c, loc("label", "en")), getattr(c, loc("label", language)) or ""]  # fmt: skip


def home_section() -> dict | None:
    """The home page's invitation to answer, shown only while a survey is open."""
    surveys = list(surveys_open()[:3])
    if not surveys:
        return None
    return {"template": "surveys/_home_section.html", "context": {"surveys": surveys}}
