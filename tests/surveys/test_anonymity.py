"""Anonymous by design: nothing stored about a response identifies the person."""

import pytest
from django.db import connection

from surveys.models import Answer, Response
from tests.factories.surveys import respond, survey_small

pytestmark = pytest.mark.django_db

FORBIDDEN = ("ip", "address", "agent", "user", "account", "name", "email", "phone", "session", "cookie", "device")


def _columns(model) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)]


@pytest.mark.parametrize("model", [Response, Answer])
def test_stored_columns_hold_nothing_that_identifies_a_respondent(model):
    columns = _columns(model)
    # entered_by is the staff member who typed a paper sheet, never the respondent.
    suspicious = [c for c in columns if c != "entered_by_id" and any(word in c.lower() for word in FORBIDDEN)]
    assert suspicious == []
    assert set(columns) == {f.column for f in model._meta.concrete_fields}


def test_response_records_only_language_channel_collector_times_and_answers():
    assert {f.column for f in Response._meta.concrete_fields} == {
        "id", "survey_id", "version_id", "language", "channel", "collector_id", "started_at", "finished_at",
        "duration_seconds", "form_number", "entered_by_id", "status",
        # Staff who typed and who verified a paper sheet: never the respondent.
        "verified_by_id", "verified_at",
    }  # fmt: skip


def test_no_question_of_the_community_survey_asks_for_a_name():
    from tests.factories.surveys import survey_community

    survey = survey_community()
    texts = " ".join(survey.questions.values_list("text_en", flat=True)).lower()
    assert "your name" not in texts


def test_an_online_response_stores_no_trace_of_the_client(client):
    survey = survey_small()
    from django.urls import reverse

    client.post(
        reverse("surveys:page", kwargs={"slug": survey.slug, "number": 1}),
        {"q_color": "red", "action": "next"},
        REMOTE_ADDR="198.51.100.23",
        HTTP_USER_AGENT="Distinctive-Agent/1.0",
    )
    client.post(
        reverse("surveys:page", kwargs={"slug": survey.slug, "number": 2}),
        {"q_comment": "fine", "action": "next"},
        REMOTE_ADDR="198.51.100.23",
        HTTP_USER_AGENT="Distinctive-Agent/1.0",
    )
    response = Response.objects.get()
    stored = " ".join(str(getattr(response, f.attname)) for f in Response._meta.concrete_fields)
    stored += " ".join(" ".join(map(str, row)) for row in Answer.objects.values_list())
    assert "198.51.100.23" not in stored
    assert "Distinctive-Agent" not in stored
    respond(survey, {"color": "blue"})


def test_a_signed_in_residents_session_is_not_touched_by_answering_a_survey(client):
    from django.contrib.sessions.models import Session
    from django.urls import reverse

    from tests.factories.accounts import UserFactory

    survey = survey_small()
    client.force_login(UserFactory())
    key = client.session.session_key
    before = Session.objects.values_list("session_data", "expire_date").get(session_key=key)
    for number, answers in ((1, {"q_color": "red"}), (2, {"q_comment": "fine"})):
        client.get(reverse("surveys:page", kwargs={"slug": survey.slug, "number": number}))
        client.post(
            reverse("surveys:page", kwargs={"slug": survey.slug, "number": number}), {**answers, "action": "next"}
        )
    assert Response.objects.count() == 1
    assert Session.objects.values_list("session_data", "expire_date").get(session_key=key) == before
    # The answers' own session is gone with the sent survey: no row is left to date the response.
    assert Session.objects.count() == 1


def test_response_times_are_stored_and_exported_to_the_hour_with_the_duration_in_seconds():
    import datetime as dt

    from surveys.selectors import export_wide_rows

    survey = survey_small()
    started = dt.datetime(2026, 5, 4, 14, 37, 12, 345678, tzinfo=dt.UTC)
    respond(survey, {"color": "blue"}, started_at=started, finished_at=started + dt.timedelta(minutes=6, seconds=5))
    response = Response.objects.get()
    hour = dt.datetime(2026, 5, 4, 14, 0, tzinfo=dt.UTC)
    assert (response.started_at, response.finished_at) == (hour, hour)
    assert response.duration_seconds == 365
    header, row = list(export_wide_rows(survey=survey))
    exported = dict(zip(header, row, strict=True))
    assert exported["started_at"] == "2026-05-04T14:00:00+00:00"
    assert exported["finished_at"] == "2026-05-04T14:00:00+00:00"
    assert exported["duration_seconds"] == 365
