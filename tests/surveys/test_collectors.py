"""Partner links: ?c=CODE and /s/CODE attribute responses; QR codes for flyers."""

import pytest
from django.urls import reverse

from surveys.models import Channel, Response
from surveys.services import collector_create
from tests.factories.surveys import survey_small

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    from directory.models import Organization

    return Organization.objects.create(slug="demo-partner-test", name="Test Partner", is_demo=True)


def _answer(client, survey, language="en"):
    from django.utils import translation

    with translation.override(language):
        client.post(reverse("surveys:page", args=[survey.slug, 1]), {"q_color": "red", "action": "next"})
        return client.post(reverse("surveys:page", args=[survey.slug, 2]), {"action": "next"})


def test_response_through_a_collector_link_is_attributed_to_the_partner(client, partner):
    survey = survey_small()
    collector = collector_create(survey=survey, organization=partner, channel=Channel.PARTNER)
    client.get(reverse("surveys:intro", args=[survey.slug]) + f"?c={collector.code}")
    _answer(client, survey)
    response = Response.objects.get()
    assert response.collector == collector
    assert response.channel == Channel.PARTNER


def test_unknown_collector_code_is_ignored(client):
    survey = survey_small()
    assert client.get(reverse("surveys:intro", args=[survey.slug]) + "?c=nope%00").status_code == 200
    _answer(client, survey)
    assert Response.objects.get().collector is None


def test_short_link_redirects_into_the_browsers_language(client, partner):
    survey = survey_small()
    collector = collector_create(survey=survey, organization=partner)
    response = client.get(f"/s/{collector.code}", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == f"/es/surveys/{survey.slug}/?c={collector.code}"
    client.get(response["Location"])
    _answer(client, survey, "es")
    response = Response.objects.get()
    assert response.collector == collector
    assert response.language == "es"


def test_short_link_with_unknown_code_is_not_found(client):
    assert client.get("/s/doesnotexist").status_code == 404


def test_collector_codes_are_unique_and_short(partner):
    survey = survey_small()
    codes = {collector_create(survey=survey, organization=partner).code for _i in range(20)}
    assert len(codes) == 20
    assert all(len(code) == 7 for code in codes)


@pytest.mark.parametrize(("fmt", "content_type"), [("svg", "image/svg+xml"), ("png", "image/png")])
def test_staff_get_a_qr_code_of_the_short_link(staff_client, partner, fmt, content_type):
    survey = survey_small()
    collector = collector_create(survey=survey, organization=partner)
    response = staff_client.get(reverse("admin:surveys_collector_qr", args=[collector.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    if fmt == "svg":
        assert b"<svg" in response.content


def test_admin_table_counts_responses_per_partner_language_and_channel(staff_client, client, partner):
    survey = survey_small()
    collector = collector_create(survey=survey, organization=partner)
    client.get(reverse("surveys:intro", args=[survey.slug]) + f"?c={collector.code}")
    _answer(client, survey, "ht")
    page = staff_client.get(reverse("admin:surveys_survey_partners", args=[survey.pk]))
    assert page.status_code == 200
    rows = page.context["table"]
    assert rows == [
        {"collector__organization__name": "Test Partner", "collector__code": collector.code, "language": "ht",
         "channel": "partner", "status": "complete", "n": 1}
    ]  # fmt: skip
    assert f"/s/{collector.code}" in page.content.decode()
