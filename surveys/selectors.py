"""Reads for surveys: open surveys, results (aggregated in SQL), exports and admin tables."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from .models import Answer, Question, Response, Survey, coarse_time

RESULT_KINDS = Question.CHOICE_KINDS | Question.NUMBER_KINDS

TEXT_FIELDS = {
    "survey": ("title", "introduction"),
    "section": ("title", "description"),
    "question": ("text", "help_text", "min_label", "max_label"),
    "choice": ("label",),
}


def survey_text_fields(*, survey: Survey) -> Iterator[tuple[str, Any, str]]:
    """Every translatable text of a survey as (stable key, object, field); app-supplied lists excluded."""
    for field in TEXT_FIELDS["survey"]:
        yield f"survey.{field}", survey, field
    for section in survey.sections.order_by("order", "id"):
        for field in TEXT_FIELDS["section"]:
            yield f"section.{section.code}.{field}", section, field
    questions = survey.questions.order_by("section__order", "order", "id").prefetch_related("choices")
    for question in questions:
        for field in TEXT_FIELDS["question"]:
            yield f"question.{question.code}.{field}", question, field
        if question.kind in Question.APP_LIST_KINDS:
            continue
        for choice in question.choices.all():
            yield f"choice.{question.code}.{choice.code}.label", choice, "label"


def survey_texts(*, survey: Survey) -> dict[str, dict[str, str]]:
    """The survey's texts keyed by stable key, each in every language (empty when untranslated)."""
    texts = {}
    for key, obj, field in survey_text_fields(survey=survey):
        english = getattr(obj, build_localized_fieldname(field, "en")) or ""
        if not english:
            continue
        texts[key] = {
            code: getattr(obj, build_localized_fieldname(field, code)) or "" for code in settings.LANGUAGE_CODES
        }
    return texts


def survey_questions(*, survey: Survey) -> list[Question]:
    return list(
        survey.questions.select_related("section", "show_if_question")
        .prefetch_related("choices")
        .order_by("section__order", "order", "id")
    )


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
    return Response.objects.filter(_results_filter(filters), survey=survey, status=Response.Status.COMPLETE)


# The results filters (surveys/forms.py) and the response field each narrows. The dates are
# days in the current time zone, compared as a range of instants (_day_start): a cast of
# finished_at to a date hides the column from its index and from the planner's statistics, and
# the annual report's count of a year's answers was planned as if 250 responses matched, not
# 50,000 (a sort spilling to disk, issue 20). Not a django-filter FilterSet: the same condition
# narrows responses and, through the join (`prefix`), the answers of the results and exports; a
# FilterSet filters one queryset, so the answers would take a subquery of filtered responses.
_RESULTS_FILTERS = {
    "language": "language",
    "channel": "channel",
    "collector": "collector",
    "date_from": "finished_at__gte",
    "date_to": "finished_at__lt",
}


def _day_start(day: dt.date) -> dt.datetime:
    """The first instant of a day in the current time zone (the first one, where midnight repeats)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _results_filter(filters: dict | None, prefix: str = "") -> Q:
    """The results filters as one condition on a response, or on `prefix` (a path to one):
    finished on or after `date_from`, on or before `date_to` (the whole of that day)."""
    chosen = {name: value for name, value in (filters or {}).items() if name in _RESULTS_FILTERS and value}
    if "date_from" in chosen:
        chosen["date_from"] = _day_start(chosen["date_from"])
    if chosen.get("date_to") == dt.date.max:
        del chosen["date_to"]  # "up to 31 December 9999": no bound, and no day after it to start
    elif "date_to" in chosen:
        chosen["date_to"] = _day_start(chosen["date_to"] + dt.timedelta(days=1))
    return Q(**{prefix + _RESULTS_FILTERS[name]: value for name, value in chosen.items()})


def _answers(survey: Survey, filters: dict | None) -> QuerySet[Answer]:
    # Filters apply to the response through the join; the answer table is scanned once per query.
    return Answer.objects.filter(
        _results_filter(filters, prefix="response__"),
        response__survey=survey,
        response__status=Response.Status.COMPLETE,
    )


def _percent(count: int, total: int) -> float:
    return round(100.0 * count / total, 1) if total else 0.0


def survey_results(*, survey: Survey, filters: dict | None = None, report_sections=None) -> list[dict]:
    """Per question, its counts by choice code (or value) with labels in the current language.

    Counting is one GROUP BY over (question, choice, number); respondents of a multiple-choice
    question (who may tick several boxes) come from the same scan via Answer.first_of_question."""
    return surveys_results(surveys=[survey], filters=filters, report_sections=report_sections)[survey.pk]


def surveys_results(*, surveys, filters: dict | None = None, report_sections=None) -> dict[int, list[dict]]:
    """`survey_results` of several surveys (keyed by survey id) from the same three queries
    whatever their number: the annual report reads every survey of its year at once."""
    surveys = list(surveys)
    questions = [
        q
        for q in Question.objects.filter(survey__in=surveys)
        .select_related("section", "show_if_question")
        .prefetch_related("choices")
        .order_by("section__order", "order", "id")
        if q.kind in RESULT_KINDS
    ]
    if report_sections:
        questions = [q for q in questions if q.report_section in set(report_sections)]
    answers = Answer.objects.filter(
        _results_filter(filters, prefix="response__"),
        response__survey__in=surveys,
        response__status=Response.Status.COMPLETE,
    )
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
    results: dict[int, list[dict]] = {survey.pk: [] for survey in surveys}
    for question in questions:
        by_key = counts.get(question.pk, {})
        respondents = respondents_by_question.get(question.pk, 0)
        item: dict[str, Any] = {
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
        results[question.survey_id].append(item)
    return results


def question_relations(item: dict, *, prefix: str) -> tuple[dict[str, int], list[tuple[str, str, tuple[str, ...]]]]:
    """One question's published figures (its respondents and each answer's count, keyed under
    `prefix`) and the sums a reader can see between them, for the suppression plan.

    One answer per person: the respondents are the sum of the answers. Several answers per
    person: the respondents are at least each answer's count and at most their sum.
    """
    respondents = f"{prefix}/respondents"
    figures = {respondents: item["respondents"]}
    answers = []
    for choice in item["choices"]:
        figures[f"{prefix}/{choice['code']}"] = choice["count"]
        answers.append(f"{prefix}/{choice['code']}")
    if item["kind"] == Question.Kind.MULTIPLE:
        relations = [("le", respondents, tuple(answers)), *(("ge", respondents, (a,)) for a in answers)]
    elif sum(choice["count"] for choice in item["choices"]) == item["respondents"]:
        relations = [("eq", respondents, tuple(answers))]
    else:  # inconsistent data (an answer edited by hand): no sum a reader could rely on
        relations = []
    return figures, relations


def survey_results_published(*, survey: Survey) -> dict:
    """The results the public may see: every count planned by the portal's one suppression rule
    (moia/disclosure.py), the response total and each question's respondents counted as published
    totals, so no hidden count can be worked out by subtraction. Each question gets
    `respondents_shown`, each answer `shown` and `percent_shown` (None when either count is
    hidden: a share and a count give the other count away)."""
    from moia.disclosure import Disclosure

    results = survey_results(survey=survey)
    plan = Disclosure()
    plan.count("responses", survey_response_total(survey=survey))
    for item in results:
        figures, relations = question_relations(item, prefix=f"q/{item['code']}")
        for key, value in figures.items():
            plan.count(key, value)
        for relation in relations:
            plan.relate(*relation)
        plan.relate("ge", "responses", [f"q/{item['code']}/respondents"])
    shown = plan.solve()
    for item in results:
        item["respondents_shown"] = shown[f"q/{item['code']}/respondents"]
        for choice in item["choices"]:
            choice["shown"] = shown[f"q/{item['code']}/{choice['code']}"]
            visible = isinstance(choice["shown"], int) and isinstance(item["respondents_shown"], int)
            choice["percent_shown"] = choice["percent"] if visible else None
    return {"results": results, "total": shown["responses"]}


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


def responses_by_partner(*, survey: Survey) -> list[Mapping[str, Any]]:
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
                r.collector.code if r.collector_id else "",  # type: ignore[union-attr]  # guarded by the id
                coarse_time(r.started_at).isoformat(),
                coarse_time(r.finished_at).isoformat(),
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
    loc = build_localized_fieldname
    yield ["section", "question", "kind", "report_section", "required", "show_if", "choice",
           "text_en", f"text_{language}"]  # fmt: skip
    for q in survey_questions(survey=survey):
        # The id guards the relation; django-stubs cannot narrow one through the other.
        show_if = f"{q.show_if_question.code}={q.show_if_value}" if q.show_if_question_id else ""  # type: ignore[union-attr]
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
