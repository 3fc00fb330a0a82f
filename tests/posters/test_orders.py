"""A resident orders posters: stock is taken or the order is refused saying how many are left,
a double click orders once, bots and floods get nothing, and what they typed stays out of the
logs and is unreadable in the database."""

import copy
import io
import logging.config
import re

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import translation

from posters.models import PosterOrder, PosterStock
from tests.factories.posters import MAILED, poster_with_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output(settings):
    """What the deployment's logging configuration writes (as tests/test_log_privacy.py reads it)."""
    stream = io.StringIO()
    original = settings.LOGGING
    configured = copy.deepcopy(original)
    configured["handlers"]["stdout"]["stream"] = stream
    configured["root"]["level"] = "DEBUG"
    settings.LOGGING = configured
    logging.config.dictConfig(configured)
    yield stream.getvalue
    logging.config.dictConfig(original)


def _url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name)


def _token(client, language="en") -> str:
    page = client.get(_url("posters:order", language)).content.decode()
    return re.search(r'name="submission_token" value="([^"]+)"', page).group(1)


def _order(client, poster, *, languages, quantity=2, language="en", **overrides):
    data = {
        **MAILED,
        "posters": [poster.pk],
        "languages": languages,
        "quantity": str(quantity),
        "submission_token": _token(client, language),
        **overrides,
    }
    return client.post(_url("posters:order", language), data)


def test_an_order_in_somali_takes_stock_and_confirms_on_the_page_and_by_email(
    client, office, django_capture_on_commit_callbacks
):
    poster = poster_with_stock({"so": 10, "en": 5}, title="Everyone belongs here")
    with django_capture_on_commit_callbacks(execute=True):
        response = _order(client, poster, languages=["so", "en"], quantity=3, language="so")
    assert response.status_code == 302
    order = PosterOrder.objects.get()
    assert dict(PosterStock.objects.values_list("language", "quantity")) == {"so": 7, "en": 2}
    assert sorted(order.lines.values_list("language", "quantity")) == [("en", 3), ("so", 3)]
    done = client.get(response["Location"]).content.decode()
    assert order.reference in done
    assert '<html lang="so"' in done
    [email] = mail.outbox
    assert email.to == ["nadifa.warsame@example.org"]
    assert order.reference in email.subject
    assert "We received your poster order" not in email.subject  # written in Somali
    assert "Everyone belongs here" in email.body


def test_an_order_beyond_stock_is_refused_saying_how_many_are_left_and_keeps_what_was_typed(client, office):
    poster = poster_with_stock({"ar": 4, "en": 50}, title="Everyone belongs here")
    response = _order(client, poster, languages=["en", "ar"], quantity=5)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Only 4 copies of “Everyone belongs here” in العربيّة are left." in page
    assert 'value="210 Blue Hill Avenue"' in page
    assert PosterOrder.objects.count() == 0
    # Nothing was taken, not even the English line that had enough; staff see the unmet demand.
    assert dict(PosterStock.objects.values_list("language", "quantity")) == {"ar": 4, "en": 50}
    assert PosterStock.objects.get(language="ar").unmet_requests == 1
    assert mail.outbox == []


def test_a_language_never_stocked_is_out_of_stock_not_an_error(client, office):
    poster = poster_with_stock({"en": 5, "ru": 0})
    response = _order(client, poster, languages=["ru"], quantity=1)
    assert response.status_code == 409
    assert "is out of stock" in response.content.decode()


def test_a_double_click_orders_once(client, office, django_capture_on_commit_callbacks):
    poster = poster_with_stock({"en": 10})
    token = _token(client)
    data = {**MAILED, "posters": [poster.pk], "languages": ["en"], "quantity": "2", "submission_token": token}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(_url("posters:order"), data)
        second = client.post(_url("posters:order"), data)
    assert first.status_code == second.status_code == 302
    assert PosterOrder.objects.count() == 1
    assert PosterStock.objects.get().quantity == 8
    assert len(mail.outbox) == 1


def test_a_filled_honeypot_looks_accepted_but_orders_nothing(client, office):
    poster = poster_with_stock({"en": 10})
    response = _order(client, poster, languages=["en"], website="http://spam.example")
    assert response.status_code == 302
    assert PosterOrder.objects.count() == 0
    assert PosterStock.objects.get().quantity == 10
    assert "We received your order" in client.get(response["Location"]).content.decode()


def test_a_flood_from_one_connection_is_slowed_with_a_message_that_keeps_the_form(client, office):
    poster = poster_with_stock({"en": 100})
    for _attempt in range(5):
        assert _order(client, poster, languages=["en"], quantity=1).status_code == 302
    response = _order(client, poster, languages=["en"], quantity=1)
    assert response.status_code == 429
    assert "Too many orders were sent from this connection" in response.content.decode()
    assert 'value="Nadifa Warsame"' in response.content.decode()
    assert PosterOrder.objects.count() == 5


def test_mail_needs_an_address_and_pick_up_keeps_none(client, office):
    poster = poster_with_stock({"en": 10})
    response = _order(client, poster, languages=["en"], address_line1="", postal_code="2119")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the street address." in page
    assert "Enter a ZIP code of 5 digits" in page
    assert "<title>Error: 2 problems" in page
    response = _order(client, poster, languages=["en"], delivery="pickup")
    assert response.status_code == 302
    order = PosterOrder.objects.get()
    assert (order.address_line1, order.city, order.postal_code) == (None, None, None)


def test_an_order_without_any_way_to_reach_the_resident_is_refused(client, office):
    poster = poster_with_stock({"en": 10})
    response = _order(client, poster, languages=["en"], email="", phone="")
    assert response.status_code == 400
    assert "Give an email address or a phone number" in response.content.decode()


def test_nothing_the_resident_typed_reaches_the_logs_or_the_database_in_clear(
    client, office, log_output, django_capture_on_commit_callbacks
):
    poster = poster_with_stock({"en": 10})
    with django_capture_on_commit_callbacks(execute=True):
        assert _order(client, poster, languages=["en"]).status_code == 302
    assert _order(client, poster, languages=["en"], quantity=50).status_code == 409  # a refusal too
    logged = log_output()
    assert '"logger": "moia.request"' in logged  # the log was captured at all
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM posters_posterorder")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    for value in ("Nadifa", "Warsame", "Blue Hill", "617-555-0177", "nadifa.warsame", "02119", "Roxbury"):
        assert value not in logged, value
        assert value not in stored, value


def test_the_order_page_names_each_language_in_its_own_script(client, office):
    poster_with_stock({"en": 5, "ar": 5, "zh-hans": 5})
    page = client.get(_url("posters:order", "vi")).content.decode()
    assert 'lang="ar" dir="rtl">العربيّة</label>' in page
    assert 'lang="zh-hans" dir="ltr">简体中文</label>' in page
