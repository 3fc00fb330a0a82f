"""A resident signs up, confirms, changes preferences and leaves; an attacker probes the form."""

import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.services import subscribers_purge_unconfirmed
from tests.factories.newsletter import SubscriberFactory

from .conftest import link_in

pytestmark = pytest.mark.django_db


def sign_up(client, email="amina@example.org", language="so", topics=("events", "legal-help"), **extra):
    data = {"email": email, "language": language, "topics": list(topics), **extra}
    return client.post(f"/{language}/newsletter/", data)


def test_sign_up_sends_a_confirmation_in_the_chosen_language_and_subscribes_only_after_the_click(client, outbox):
    response = sign_up(client, language="so")
    assert response.status_code == 302
    assert response["Location"] == "/so/newsletter/check-your-email/"
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["amina@example.org"]
    assert "/so/newsletter/confirm/" in message.body
    assert "Confirm your newsletter subscription" not in message.subject  # written in Somali
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING

    confirm = link_in(message, "confirm")
    assert client.get(confirm).status_code == 200  # a mail scanner opening the link subscribes nobody
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    page = client.post(confirm)
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.language == "so"
    assert subscriber.topics == ["events", "legal-help"]


def test_the_page_answers_the_same_for_a_subscribed_a_waiting_and_a_new_address(client, outbox):
    SubscriberFactory(email="known@example.org")
    SubscriberFactory(email="waiting@example.org", status=Subscriber.Status.PENDING)
    answers = []
    for email in ("known@example.org", "waiting@example.org", "new@example.org"):
        response = sign_up(client, email=email, language="en")
        answers.append((response.status_code, response["Location"]))
        follow = client.get(response["Location"])
        answers.append((follow.status_code, follow.content.decode().replace(email, "")))
    assert answers[0] == answers[2]
    assert answers[1] == answers[3] == answers[5]
    # Only the owner of the known address learns it is known, in their own mailbox.
    by_address = {m.to[0]: m for m in outbox}
    assert set(by_address) == {"known@example.org", "waiting@example.org", "new@example.org"}
    assert "/newsletter/preferences/" in by_address["known@example.org"].body
    assert "/newsletter/confirm/" in by_address["new@example.org"].body


def test_the_address_is_encrypted_at_rest_and_found_by_its_keyed_hash(client, outbox):
    sign_up(client, email="Amina.Hassan@Example.org")
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, email_hash FROM newsletter_subscriber")
        stored_email, stored_hash = cursor.fetchone()
    assert "amina" not in str(stored_email).lower()
    assert "amina" not in stored_hash.lower()
    # The same address typed differently is the same subscriber, not a second row.
    sign_up(client, email="  amina.hassan@example.ORG ")
    assert Subscriber.objects.count() == 1


def test_a_filled_honeypot_looks_like_success_but_stores_and_sends_nothing(client, outbox):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 302
    assert Subscriber.objects.count() == 0
    assert outbox == []


def test_a_mistyped_address_is_shown_again_with_a_translated_message(client, outbox):
    response = sign_up(client, email="amina@", language="vi")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="amina@"' in page
    assert "usa-error-message" in page
    assert "Enter an email address like" not in page  # in Vietnamese
    assert Subscriber.objects.count() == 0


def test_the_form_cannot_be_used_to_flood_one_inbox(client, outbox):
    for _ in range(3):
        sign_up(client, email="victim@example.org", language="en")
    assert len(outbox) == 1


def test_sign_ups_from_one_connection_are_rate_limited_and_keep_what_was_typed(client, outbox):
    for n in range(5):
        assert sign_up(client, email=f"p{n}@example.org", language="en").status_code == 302
    response = sign_up(client, email="sixth@example.org", language="en")
    assert response.status_code == 429
    assert 'value="sixth@example.org"' in response.content.decode()
    assert not Subscriber.objects.filter(email_hash__isnull=True).exists()
    assert Subscriber.objects.count() == 5


def test_the_address_and_the_links_never_reach_the_logs(client, outbox):
    import io

    from newsletter import tokens

    written = io.StringIO()
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    assert handlers, "the project's log handler is not installed"
    old_streams = [h.setStream(written) for h in handlers]
    old_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        sign_up(client, email="secret.person@example.org")
        confirm = link_in(outbox[0], "confirm")
        client.post(confirm)
        manage = tokens.token_make(Subscriber.objects.get(), tokens.MANAGE)
        client.get(f"/en/newsletter/preferences/{manage}x/")  # a refused link is logged as a warning
    finally:
        logging.getLogger().setLevel(old_level)
        for handler, stream in zip(handlers, old_streams, strict=True):
            handler.setStream(stream)
    log = written.getvalue()
    assert "/newsletter/" in log  # the requests were logged...
    assert "secret.person" not in log  # ...without the address
    assert confirm.split("/")[-2] not in log
    assert manage not in log


def test_unconfirmed_addresses_are_deleted_after_seven_days_and_confirmed_ones_kept(client, outbox):
    old = SubscriberFactory(status=Subscriber.Status.PENDING)
    recent = SubscriberFactory(status=Subscriber.Status.PENDING)
    confirmed = SubscriberFactory()
    Subscriber.objects.filter(pk__in=[old.pk, confirmed.pk]).update(created_at=timezone.now() - timedelta(days=8))
    Subscriber.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=6))
    assert subscribers_purge_unconfirmed() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}


def test_a_confirmation_link_expires_with_the_address(client, outbox, settings):
    sign_up(client)
    confirm = link_in(outbox[0], "confirm")
    settings.NEWSLETTER_UNCONFIRMED_DAYS = 0
    response = client.post(confirm)
    assert response.status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_forged_or_altered_link_is_refused_with_a_page_not_an_error(client):
    subscriber = SubscriberFactory()
    for path in (
        "/en/newsletter/unsubscribe/not-a-token/",
        f"/en/newsletter/preferences/{subscriber.pk}/",
        "/ar/newsletter/confirm/WzEsICJ4Il0:1abc:xyz/",
    ):
        response = client.get(path)
        assert response.status_code == 400
        assert "<h1>" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_preferences_change_language_and_topics_through_the_signed_link(client, outbox):
    from newsletter import tokens

    subscriber = SubscriberFactory(language="en")
    path = f"/vi/newsletter/preferences/{tokens.token_make(subscriber, tokens.MANAGE)}/"
    assert client.get(path).status_code == 200
    response = client.post(path, {"language": "ar", "topics": ["grants"]})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.topics) == ("ar", ["grants"])
    refused = client.post(path, {"language": "ar"})
    assert refused.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.topics == ["grants"]


def test_one_click_unsubscribe_works_without_a_csrf_cookie_and_a_get_only_asks(outbox):
    from django.test import Client

    from newsletter import tokens

    subscriber = SubscriberFactory()
    path = f"/en/newsletter/unsubscribe/{tokens.token_make(subscriber, tokens.MANAGE)}/"
    client = Client(enforce_csrf_checks=True)
    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    # What a mail client sends for RFC 8058: a POST with this body and no cookie.
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_signing_up_again_after_leaving_needs_a_new_confirmation_and_retires_old_links(client, outbox):
    from newsletter import tokens

    subscriber = SubscriberFactory(email="back@example.org")
    old_link = f"/en/newsletter/preferences/{tokens.token_make(subscriber, tokens.MANAGE)}/"
    client.post(f"/en/newsletter/unsubscribe/{tokens.token_make(subscriber, tokens.MANAGE)}/")
    sign_up(client, email="back@example.org", language="fr")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert client.get(old_link).status_code == 400
    client.post(link_in(outbox[-1], "confirm"))
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.language) == (Subscriber.Status.ACTIVE, "fr")
