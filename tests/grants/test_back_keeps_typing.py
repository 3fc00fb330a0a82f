"""Going back in a grant application never discards what was typed (issue 18, item 13).

"Save and go back" saves the step and redirects (POST-redirect-GET, so a reload resends
nothing); a step with an error stays put with the typed text and its message, saving nothing.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _step(application, name):
    return reverse("grants:application_step", args=[application.pk, name])


def test_save_and_go_back_keeps_the_text_and_shows_it_again_going_forward(client, world):
    application = world["application"]
    client.force_login(world["a"])
    response = client.post(
        _step(application, "outcomes"),
        {"outcomes": "Families make a safety plan.", "version": application.version, "then": "previous"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/communities/")
    client.get(response["Location"])
    forward = client.get(_step(application, "outcomes")).content.decode()
    assert "Families make a safety plan." in forward


def test_going_back_from_a_step_with_an_error_keeps_the_typed_text_and_saves_nothing(client, world):
    application = world["application"]
    before = application.title
    client.force_login(world["a"])
    response = client.post(
        _step(application, "project"),
        {
            "title": "Know Your Rights in Cabo Verdean Creole",
            "start_date": "31/31/2027",
            "version": application.version,
            "then": "previous",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Know Your Rights in Cabo Verdean Creole"' in html
    assert 'value="31/31/2027"' in html
    assert 'aria-invalid="true"' in html
    application.refresh_from_db()
    assert application.title == before


def test_budget_lines_typed_before_going_back_are_kept(client, world):
    application = world["application"]
    client.force_login(world["a"])
    data = {
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-category": "Interpreters",
        "lines-0-description": "Haitian Creole sessions",
        "lines-0-amount": "1200",
        "version": application.version,
        "then": "previous",
    }
    response = client.post(_step(application, "budget"), data)
    assert response.status_code == 302
    assert "/budget/" not in response["Location"]
    assert "Haitian Creole sessions" in client.get(_step(application, "budget")).content.decode()
