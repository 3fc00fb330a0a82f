"""Results, exports and the public page match a hand-computed fixture."""

import csv
import io
import random

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from surveys.models import Response
from surveys.selectors import survey_results
from tests.factories.surveys import respond, survey_small
from tests.reports.attacker import read_survey_page
from tests.reports.test_suppression import assert_nothing_recoverable

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    survey = survey_small()
    respond(survey, {"color": "red", "pets": ["cat", "dog"], "rating": "5", "people": "2", "lives_here": "yes",
                     "comment": "Great"})  # fmt: skip
    respond(survey, {"color": "blue", "pets": ["cat"], "rating": "4", "lives_here": "no"}, language="es")
    respond(
        survey,
        {"color": "red", "pets": ["fish"], "fish_name": "Nemo", "rating": "5", "people": "3"},
        channel="paper",
        form_number="A-1",
    )
    respond(survey, {"color": "red"})
    # Waiting for the second typing of double entry: must not count yet.
    respond(survey, {"color": "blue"}, channel="paper", form_number="A-2", status=Response.Status.PENDING_VERIFICATION)
    return survey


def _by_code(results):
    return {r["code"]: r for r in results}


def _counts(item):
    return {c["code"]: (c["count"], c["percent"]) for c in item["choices"]}


def test_results_count_each_choice_with_percentages_of_respondents(answered):
    results = _by_code(survey_results(survey=answered))
    assert results["color"]["respondents"] == 4
    assert _counts(results["color"]) == {"red": (3, 75.0), "blue": (1, 25.0)}
    assert results["pets"]["respondents"] == 3
    assert _counts(results["pets"]) == {"cat": (2, 66.7), "dog": (1, 33.3), "fish": (1, 33.3)}
    assert _counts(results["rating"]) == {"1": (0, 0.0), "2": (0, 0.0), "3": (0, 0.0), "4": (1, 33.3), "5": (2, 66.7)}
    assert _counts(results["people"]) == {"2": (1, 50.0), "3": (1, 50.0)}
    assert _counts(results["lives_here"]) == {"yes": (1, 50.0), "no": (1, 50.0)}
    assert "comment" not in results  # open text is listed, not counted


def test_results_filter_by_language_channel_and_date(answered):
    spanish = _by_code(survey_results(survey=answered, filters={"language": "es"}))
    assert _counts(spanish["color"]) == {"red": (0, 0.0), "blue": (1, 100.0)}
    paper = _by_code(survey_results(survey=answered, filters={"channel": "paper"}))
    assert _counts(paper["color"]) == {"red": (1, 100.0), "blue": (0, 0.0)}
    import datetime as dt

    future = _by_code(
        survey_results(survey=answered, filters={"date_from": timezone.localdate() + dt.timedelta(days=2)})
    )
    assert future["color"]["respondents"] == 0


def test_the_date_filters_take_whole_days_in_the_offices_time_zone(answered):
    import datetime as dt
    from zoneinfo import ZoneInfo

    boston = ZoneInfo("America/New_York")
    # Late on New Year's Eve in Boston, already 1 January in UTC; and midnight exactly, in Boston.
    red, blue, *_rest = answered.responses.filter(status=Response.Status.COMPLETE).order_by("pk")
    Response.objects.filter(pk=red.pk).update(finished_at=dt.datetime(2025, 12, 31, 23, 30, tzinfo=boston))
    Response.objects.filter(pk=blue.pk).update(finished_at=dt.datetime(2026, 1, 1, 0, 0, tzinfo=boston))

    def colors(**filters):
        return _counts(_by_code(survey_results(survey=answered, filters=filters))["color"])

    assert colors(date_from=dt.date(2025, 12, 31), date_to=dt.date(2025, 12, 31)) == {
        "red": (1, 100.0),
        "blue": (0, 0.0),
    }
    assert colors(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 1)) == {"red": (0, 0.0), "blue": (1, 100.0)}


def test_the_last_possible_day_as_the_end_date_counts_everything_rather_than_failing(answered):
    import datetime as dt

    everything = _counts(_by_code(survey_results(survey=answered))["color"])
    assert _counts(_by_code(survey_results(survey=answered, filters={"date_to": dt.date.max}))["color"]) == everything


def test_results_for_the_annual_report_can_pick_report_sections(answered):
    results = survey_results(survey=answered, report_sections=["needs", "barriers"])
    assert [r["code"] for r in results] == ["color", "pets"]


def test_results_labels_are_in_the_current_language(answered):
    with translation.override("es"):
        results = _by_code(survey_results(survey=answered))
    assert results["color"]["choices"][0]["label"] == "Red (es)"


def test_results_take_a_fixed_number_of_queries(answered, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        survey_results(survey=answered)


def _csv(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")  # staff exports start with a BOM for Excel
    return list(csv.reader(io.StringIO(content)))


def test_wide_export_has_one_row_per_counted_response_with_choice_codes(staff_client, answered):
    rows = _csv(staff_client.get(reverse("admin:surveys_survey_export", args=[answered.pk, "wide"])))
    header, body = rows[0], rows[1:]
    assert len(body) == 4
    first = dict(zip(header, body[0], strict=True))
    assert first["color"] == "red"
    assert first["pets"] == "cat;dog"
    assert first["rating"] == "5"
    assert first["comment"] == "Great"
    assert "ip" not in header


def test_long_export_has_one_row_per_answer_value(staff_client, answered):
    rows = _csv(staff_client.get(reverse("admin:surveys_survey_export", args=[answered.pk, "long"])))
    assert rows[0] == ["response_id", "language", "channel", "collector", "question", "choice", "number", "text"]
    assert len(rows) - 1 == 17
    pets = sorted(r[5] for r in rows[1:] if r[4] == "pets")
    assert pets == ["cat", "cat", "dog", "fish"]


def test_codebook_lists_questions_and_choices_in_english_and_the_chosen_language(staff_client, answered):
    rows = _csv(staff_client.get(reverse("admin:surveys_survey_export", args=[answered.pk, "codebook-es"])))
    assert rows[0][-2:] == ["text_en", "text_es"]
    red = next(r for r in rows if r[1] == "color" and r[6] == "red")
    assert red[-2:] == ["Red", "Red (es)"]
    fish = next(r for r in rows if r[1] == "fish_name")
    assert fish[5] == "pets=fish"


def test_unknown_export_kind_is_not_found(staff_client, answered):
    assert (
        staff_client.get(reverse("admin:surveys_survey_export", args=[answered.pk, "codebook-xx"])).status_code == 404
    )


def test_admin_results_page_shows_counts_and_open_text(staff_client, answered):
    url = reverse("admin:surveys_survey_results", args=[answered.pk])
    page = staff_client.get(url + "?language=en&date_from=not-a-date").content.decode()
    assert "Great" in page
    assert "Nemo" in page
    assert "<meter" in page


def test_public_results_cannot_be_undone_by_subtraction(client):
    # "15 people answered; Red 12; Blue fewer than 11" would give Blue = 3.
    survey = survey_small(open_=False)
    for n in range(15):
        respond(survey, {"color": "red" if n < 12 else "blue"})
    with translation.override("es"):
        url = reverse("surveys:results", kwargs={"slug": survey.slug})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    rows = {c["code"]: c["count"] for c in _by_code(page.context["results"])["color"]["choices"]}
    assert rows == {"red": 12, "blue": 3}
    assert "<td>menos de 11</td>" in html  # blue
    assert "<td>12</td>" not in html
    assert "<td>3</td>" not in html
    assert "Un recuento que se muestra como “—” está oculto" in html
    with translation.override("en"):
        english = client.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode()
    assert_nothing_recoverable(read_survey_page(english))


@pytest.mark.parametrize("seed", [1, 2])
def test_public_results_of_many_small_answers_reveal_no_small_count(client, seed):
    rng = random.Random(seed)
    survey = survey_small(open_=False)
    for _ in range(rng.randint(12, 40)):
        answers = {"color": rng.choice(["red", "red", "blue"]), "lives_here": rng.choice(["yes", "no", "no"])}
        answers["pets"] = rng.sample(["cat", "dog", "fish"], rng.randint(1, 2))
        if rng.random() < 0.8:
            answers["rating"] = str(rng.choice([1, 3, 4, 4, 5, 5, 5]))
        respond(survey, answers)
    with translation.override("en"):
        english = client.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode()
    ranges = assert_nothing_recoverable(read_survey_page(english))
    assert len(ranges) >= 3


def test_public_results_suppress_small_totals_too(client, settings):
    settings.SMALL_CELL_THRESHOLD = 10
    survey = survey_small(open_=False)
    for color in ["red", "blue"]:
        respond(survey, {"color": color})
    html = client.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode()
    assert "Fewer than 11 responses were received." in html
    assert "Fewer than 11 people answered." in html
    assert "2 responses" not in html


def test_public_results_are_not_published_while_the_survey_is_open(client, answered):
    assert client.get(reverse("surveys:results", kwargs={"slug": answered.slug})).status_code == 404


def test_results_pages_are_staff_only(client, answered):
    response = client.get(reverse("admin:surveys_survey_results", args=[answered.pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_results_filter_by_collector(answered):
    from surveys.services import collector_create

    collector = collector_create(survey=answered)
    respond(answered, {"color": "blue"}, collector=collector, channel="partner")
    by_partner = _by_code(survey_results(survey=answered, filters={"collector": collector}))
    assert _counts(by_partner["color"]) == {"red": (0, 0.0), "blue": (1, 100.0)}


def test_admin_results_ignore_a_malformed_collector_filter(staff_client, answered):
    url = reverse("admin:surveys_survey_results", args=[answered.pk])
    page = staff_client.get(url + "?collector=abc&channel=carrier-pigeon")
    assert page.status_code == 200
    assert page.context["total"] == 4
