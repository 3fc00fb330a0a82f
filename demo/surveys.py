"""Demo data: the Community Insights Survey (open), a closed 2024 edition with published
results, partner collectors and tens of thousands of synthetic anonymous responses."""

import datetime as dt
import random

from django.db import connection, transaction
from django.utils import timezone

from demo.loading import SHARED, read
from demo.marks import demo_partners
from surveys import selectors, services
from surveys.models import Answer, Channel, Collector, Question, Response, Survey

RESPONSES_OPEN = 20_000
RESPONSES_CLOSED = 1_500
# Roughly Boston's language-access demand among survey takers.
LANGUAGE_WEIGHTS = {
    "en": 28, "es": 22, "ht": 10, "zh-hans": 6, "zh-hant": 4, "vi": 6, "kea": 6,
    "pt-br": 8, "ru": 3, "ar": 3, "fr": 1, "so": 2,
}  # fmt: skip
# The table name comes from the model, never from input.
ANSWER_TABLE = Answer._meta.db_table
ANSWER_INSERT = (
    "INSERT INTO " + ANSWER_TABLE + " (response_id, question_id, choice_id, number, text, first_of_question) "
    "VALUES (%s, %s, %s, %s, %s, %s)"
)
ANSWER_COPY = (
    "COPY " + ANSWER_TABLE + " (response_id, question_id, choice_id, number, text, first_of_question) FROM STDIN"
)
CHANNEL_WEIGHTS = {Channel.ONLINE: 45, Channel.PARTNER: 30, Channel.PAPER: 20, Channel.PHONE: 5}


def _collectors(survey: Survey, partners) -> list[Collector]:
    collectors = []
    for index, organization in enumerate(partners):
        for channel in (Channel.PARTNER, Channel.PAPER):
            collector = Collector.objects.filter(survey=survey, organization=organization, channel=channel).first()
            if collector is None:
                # Fixed codes keep the demo's flyers and links stable across reloads.
                code = f"demo{survey.pk}{index}{channel}"
                collector = Collector.objects.create(
                    survey=survey, organization=organization, channel=channel, code=code
                )
            collectors.append(collector)
    return collectors


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _answer(rng: random.Random, question: Question, data: dict):
    codes = [c.code for c in question.choices.all()]
    if rng.random() < 0.06 and not question.required:
        return None  # some people skip optional questions
    if question.kind == Question.Kind.MULTIPLE:
        # Earlier choices are the commoner needs and barriers in the questionnaire.
        picked = [c for i, c in enumerate(codes) if rng.random() < max(0.05, 0.45 - 0.03 * i)]
        return picked or [codes[0]]
    if question.kind in {Question.Kind.SINGLE, Question.Kind.COUNTRY, Question.Kind.LANGUAGE,
                         Question.Kind.NEIGHBORHOOD}:  # fmt: skip
        if not codes:
            return None
        weights = [1.0 / (1 + i * 0.35) for i in range(len(codes))]
        return rng.choices(codes, weights=weights)[0]
    if question.kind == Question.Kind.YES_NO:
        return "yes" if rng.random() < 0.7 else "no"
    if question.kind == Question.Kind.SCALE:
        return str(rng.choices(range(1, 6), weights=[1, 2, 4, 4, 3])[0])
    if question.kind == Question.Kind.NUMBER:
        return str(max(1, min(12, int(rng.gauss(3.4, 1.6)))))
    return None  # the demo writes no open text: invented free text could read as real testimony


def _responses(survey: Survey, collectors: list[Collector], total: int, rng: random.Random, start, end) -> None:
    if survey.responses.count() >= total:
        return
    survey.responses.all().delete()
    version = services.survey_version_sync(survey=survey)
    questions = selectors.survey_questions(survey=survey)
    choice_ids = {(c.question_id, c.code): c.pk for q in questions for c in q.choices.all()}
    by_channel = {ch: [c for c in collectors if c.channel == ch] for ch in (Channel.PARTNER, Channel.PAPER)}
    span = (end - start).total_seconds()
    batch = 2000
    paper_number = 0
    for offset in range(0, total, batch):
        responses, datas = [], []
        for _i in range(min(batch, total - offset)):
            channel = _weighted(rng, CHANNEL_WEIGHTS)
            collector = None
            if channel in by_channel and by_channel[channel] and rng.random() < 0.85:
                collector = rng.choice(by_channel[channel])
            finished = start + dt.timedelta(seconds=rng.random() * span)
            minutes = max(2.0, rng.gauss(7.5, 2.5))
            form_number = ""
            if channel == Channel.PAPER:
                paper_number += 1
                form_number = f"{survey.pk}-{paper_number:06d}"
            responses.append(
                Response(
                    survey=survey,
                    version=version,
                    language=_weighted(rng, LANGUAGE_WEIGHTS),
                    channel=channel,
                    collector=collector,
                    started_at=finished - dt.timedelta(minutes=minutes),
                    finished_at=finished,
                    duration_seconds=int(minutes * 60) if channel != Channel.PAPER else None,
                    form_number=form_number,
                )
            )
            data = {}
            for question in questions:
                if services.question_visible(question=question, data=data):
                    value = _answer(rng, question, data)
                    if value:
                        data[question.code] = value
            datas.append(data)
        Response.objects.bulk_create(responses)
        rows = []
        for response, data in zip(responses, datas, strict=True):
            for question in questions:
                value = data.get(question.code)
                if value is None:
                    continue
                if question.kind in Question.CHOICE_KINDS:
                    for i, code in enumerate(value if isinstance(value, list) else [value]):
                        rows.append((response.pk, question.pk, choice_ids[(question.pk, code)], None, "", i == 0))
                else:
                    rows.append((response.pk, question.pk, None, int(value), "", True))
        # Hundreds of thousands of rows: a plain executemany is several times faster than
        # building model instances for bulk_create, and the columns are all known here.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(ANSWER_COPY) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(ANSWER_INSERT, rows)


def seed(*, office: str, stdout) -> None:
    if office != "boston":
        # The questionnaire is Boston's (it asks about Boston neighbourhoods); Baltimore builds its own.
        stdout.write("  surveys: the Community Insights Survey is Boston's; nothing to seed for this office.")
        return
    data = read(office, "surveys")
    today = timezone.localdate()
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=timezone.get_current_timezone())
    rng = random.Random(2025)
    with transaction.atomic():
        partners = demo_partners(limit=4, fallback=read(SHARED, "surveys")["partners"])
        survey = services.survey_load(
            data=data, opens_at=midnight - dt.timedelta(days=60), closes_at=midnight + dt.timedelta(days=90)
        )
        collectors = _collectors(survey, partners)
        _responses(survey, collectors, RESPONSES_OPEN, rng, survey.opens_at, min(timezone.now(), survey.closes_at))
        past = dict(data, slug="community-insights-2024")
        past["title"] = {code: f"{text} 2024" for code, text in data["title"].items()}
        closed = services.survey_load(
            data=past, opens_at=midnight - dt.timedelta(days=420), closes_at=midnight - dt.timedelta(days=300)
        )
        _responses(closed, _collectors(closed, partners), RESPONSES_CLOSED, rng, closed.opens_at, closed.closes_at)
    stdout.write(
        f"  surveys: {survey.responses.count()} responses to {survey.slug}, {closed.responses.count()} to {closed.slug}"
    )
