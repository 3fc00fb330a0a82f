"""Benchmark: survey results aggregation against a raw SQL GROUP BY over the same rows.

Loads 50,000 responses and 1,000,000 answers into PostgreSQL (COPY), then times
`surveys.selectors.survey_results` (everything the results page needs: questions, labels,
counts, distinct respondents of multiple-choice questions) against the bare GROUP BY query.
Targets: within 2x of the raw query and under 2 seconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moia_surv .venv/bin/python benchmarks/survey_results.py
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from surveys import selectors, services  # noqa: E402
from surveys.models import Answer, Question, Response, Survey  # noqa: E402
from surveys.selectors import survey_results  # noqa: E402

RESPONSES = 50_000
ANSWERS_PER_RESPONSE = 20
SLUG = "benchmark-community-insights"
RUNS = 7
RAW_SQL = """
    SELECT a.question_id, a.choice_id, a.number, COUNT(*)
    FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
    WHERE r.survey_id = %s AND r.status = 'complete'
    GROUP BY a.question_id, a.choice_id, a.number
"""


def load() -> Survey:
    data = json.loads((ROOT / "demo" / "data" / "boston" / "surveys.json").read_text(encoding="utf-8"))
    now = timezone.now()
    with transaction.atomic():
        survey = services.survey_load(
            data=data,
            slug=SLUG,
            opens_at=now - timezone.timedelta(days=30),
            closes_at=now + timezone.timedelta(days=30),
        )
        Answer.objects.filter(response__survey=survey).delete()
        survey.responses.all().delete()
    version = services.survey_version_sync(survey=survey)
    questions = [q for q in selectors.survey_questions(survey=survey) if q.kind not in Question.TEXT_KINDS]
    rng = random.Random(42)
    started = time.perf_counter()
    responses = [
        Response(
            survey=survey,
            version=version,
            language=rng.choice(["en", "es", "ht", "zh-hans", "vi", "pt-br", "kea", "ar"]),
            channel=rng.choice(["online", "online", "partner", "paper"]),
            started_at=now - timezone.timedelta(minutes=8),
            finished_at=now,
            duration_seconds=480,
        )
        for _i in range(RESPONSES)
    ]
    Response.objects.bulk_create(responses, batch_size=5000)
    choices = {q.pk: [c.pk for c in q.choices.all()] for q in questions}
    with connection.cursor() as cursor, transaction.atomic():
        with cursor.cursor.copy(
            "COPY surveys_answer (response_id, question_id, choice_id, number, text, first_of_question) FROM STDIN"
        ) as copy:
            for response in responses:
                written = 0
                while written < ANSWERS_PER_RESPONSE:
                    for question in questions:
                        if written == ANSWERS_PER_RESPONSE:
                            break
                        if question.kind in Question.NUMBER_KINDS:
                            copy.write_row((response.pk, question.pk, None, rng.randint(1, 5), "", True))
                        elif question.kind == Question.Kind.MULTIPLE and written <= ANSWERS_PER_RESPONSE - 2:
                            # Two boxes ticked: two rows, one of which marks the respondent.
                            for i, choice in enumerate(rng.sample(choices[question.pk], 2)):
                                copy.write_row((response.pk, question.pk, choice, None, "", i == 0))
                            written += 1
                        elif choices[question.pk]:
                            copy.write_row((response.pk, question.pk, rng.choice(choices[question.pk]), None, "", True))
                        else:
                            continue
                        written += 1
        cursor.execute("ANALYZE surveys_response")
        cursor.execute("ANALYZE surveys_answer")
    answers = Answer.objects.filter(response__survey=survey).count()
    print(f"loaded {len(responses):,} responses and {answers:,} answers in {time.perf_counter() - started:.1f} s")
    return survey


def timed(fn) -> float:
    times = []
    for _i in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    survey = load()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, [survey.pk])
            return cursor.fetchall()

    def full():
        return survey_results(survey=survey)

    raw(), full()  # warm the caches for both alike
    raw_s, full_s = timed(raw), timed(full)
    counted = sum(c["count"] for item in full() for c in item["choices"])
    print(f"answers counted by survey_results: {counted:,}")
    print(f"raw SQL GROUP BY:        {raw_s * 1000:8.1f} ms (median of {RUNS})")
    print(f"survey_results (full):   {full_s * 1000:8.1f} ms (median of {RUNS})")
    ratio = full_s / raw_s
    print(f"ratio: {ratio:.2f}x (target <= 2x: {'met' if ratio <= 2 else 'NOT met'})")
    print(f"absolute: {full_s:.3f} s (target < 2 s: {'met' if full_s < 2 else 'NOT met'})")
    if "--keep" not in sys.argv:
        with transaction.atomic():
            Answer.objects.filter(response__survey=survey).delete()
            survey.responses.all().delete()
            survey.delete()
    return 0 if ratio <= 2 and full_s < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
