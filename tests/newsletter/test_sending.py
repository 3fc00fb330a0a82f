"""Staff send an issue: each subscriber gets it once, in their language or not at all."""

import pytest
from django.core.exceptions import ValidationError

from moia.l10n.services import content_translation_review_set
from newsletter.models import Delivery, Issue, Subscriber
from newsletter.services import issue_english_for_set, issue_send_batch, issue_send_start
from tests.factories.accounts import StaffFactory
from tests.factories.newsletter import IssueFactory, SubscriberFactory

from .conftest import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.NEWSLETTER_SEND_RATE_PER_MINUTE = 60_000


def send_all(issue, editor, django_capture_on_commit_callbacks):
    # Eager Celery: the first batch runs at commit and each batch queues the next.
    with django_capture_on_commit_callbacks(execute=True):
        issue_send_start(issue=issue, by=editor)
    while Issue.objects.get(pk=issue.pk).status == Issue.Status.SENDING:
        with django_capture_on_commit_callbacks(execute=True):
            issue_send_batch(issue_id=issue.pk)


def test_each_subscriber_gets_the_reviewed_text_of_their_own_language(outbox, django_capture_on_commit_callbacks):
    editor = StaffFactory()
    issue = IssueFactory(subject_so="Toddobaadkan xafiiska", body_so="Rugaha sharciga ee bilaashka ah.")
    content_translation_review_set(obj=issue, language="so", reviewed=True, by=editor)
    SubscriberFactory(email="en@example.org", language="en")
    SubscriberFactory(email="so@example.org", language="so")
    send_all(issue, editor, django_capture_on_commit_callbacks)
    by_address = {m.to[0]: m for m in outbox}
    assert by_address["so@example.org"].subject == "Toddobaadkan xafiiska"
    assert "Rugaha sharciga" in by_address["so@example.org"].body
    assert by_address["en@example.org"].subject == "This week at the office"
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


def test_sending_is_blocked_while_a_subscribed_language_has_no_reviewed_text(outbox):
    editor = StaffFactory()
    issue = IssueFactory(subject_ar="هذا الأسبوع", body_ar="نص لم يراجع")  # an unreviewed draft
    SubscriberFactory(language="ar")
    SubscriberFactory(language="en")
    with pytest.raises(ValidationError, match="Arabic"):
        issue_send_start(issue=issue, by=editor)
    assert Delivery.objects.count() == 0
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


def test_staff_may_choose_english_for_a_language_without_reviewed_text(outbox, django_capture_on_commit_callbacks):
    editor = StaffFactory()
    issue = IssueFactory()
    SubscriberFactory(email="ar@example.org", language="ar")
    issue_english_for_set(issue=issue, languages=["ar"], by=editor)
    send_all(issue, editor, django_capture_on_commit_callbacks)
    assert [m.subject for m in outbox] == ["This week at the office"]
    # Their links still open the pages in Arabic.
    assert "/ar/newsletter/unsubscribe/" in outbox[0].body


def test_a_review_made_out_of_date_by_an_english_edit_blocks_again(outbox):
    editor = StaffFactory()
    issue = IssueFactory(subject_vi="Tuần này", body_vi="Phòng tư vấn pháp lý miễn phí.")
    content_translation_review_set(obj=issue, language="vi", reviewed=True, by=editor)
    SubscriberFactory(language="vi")
    issue.body_en = "The clinic moved to Thursday."
    issue.save()
    with pytest.raises(ValidationError):
        issue_send_start(issue=issue, by=editor)


def test_every_message_has_one_click_unsubscribe_headers_that_work(client, outbox, django_capture_on_commit_callbacks):
    from django.test import Client

    editor = StaffFactory()
    subscriber = SubscriberFactory()
    send_all(IssueFactory(), editor, django_capture_on_commit_callbacks)
    (message,) = outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://") or url.startswith("http://")
    assert "/newsletter/unsubscribe/" in url
    path = "/" + url.split("/", 3)[3]
    assert path == link_in(message, "unsubscribe")
    # The mail client's POST (RFC 8058): no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(path, "List-Unsubscribe=One-Click",
                                                     content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_only_confirmed_subscribers_of_the_issues_topics_get_it(outbox, django_capture_on_commit_callbacks):
    editor = StaffFactory()
    SubscriberFactory(email="grants@example.org", topics=["grants"])
    SubscriberFactory(email="events@example.org", topics=["events"])
    SubscriberFactory(email="waiting@example.org", topics=["grants"], status=Subscriber.Status.PENDING)
    SubscriberFactory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    send_all(IssueFactory(topics=["grants"]), editor, django_capture_on_commit_callbacks)
    assert [m.to for m in outbox] == [["grants@example.org"]]


def test_starting_twice_or_running_a_batch_again_sends_nobody_a_second_copy(outbox, django_capture_on_commit_callbacks):
    editor = StaffFactory()
    for _ in range(3):
        SubscriberFactory()
    issue = IssueFactory()
    send_all(issue, editor, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        issue_send_start(issue=issue, by=editor)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)  # as if a stale task ran late
    issue_send_batch(issue_id=issue.pk)
    addresses = [m.to[0] for m in outbox]
    assert len(addresses) == 3
    assert len(set(addresses)) == 3


def test_a_subscriber_who_leaves_during_sending_is_skipped(outbox, django_capture_on_commit_callbacks):
    from newsletter.services import subscriber_unsubscribe

    editor = StaffFactory()
    stays, leaves = SubscriberFactory(), SubscriberFactory()
    issue = IssueFactory()
    issue_send_start(issue=issue, by=editor)  # rows written; the batch is not run yet
    subscriber_unsubscribe(subscriber=leaves)
    with django_capture_on_commit_callbacks(execute=True):
        issue_send_batch(issue_id=issue.pk)
    assert [m.to[0] for m in outbox] == [stays.email]
    assert Delivery.objects.get(subscriber=leaves).status == Delivery.Status.SKIPPED


def test_a_batch_sends_at_most_its_size_and_queues_the_rest(outbox, settings, django_capture_on_commit_callbacks):
    settings.NEWSLETTER_BATCH_SIZE = 2
    editor = StaffFactory()
    for _ in range(5):
        SubscriberFactory()
    issue = IssueFactory()
    issue_send_start(issue=issue, by=editor)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert issue_send_batch(issue_id=issue.pk) == 2
    assert len(outbox) == 2
    assert len(queued) == 1  # the next batch
