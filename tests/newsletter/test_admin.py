"""Staff in the admin: the issue page shows each language's status and who gets what; preview,
a test to oneself, sending (refused while a language is blocked)."""

import pytest
from django.core import mail

from moia.l10n.services import content_translation_review_set
from newsletter.models import Delivery, Issue
from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.newsletter import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
# The `client` of tests/newsletter runs what a request queued after commit, as production does.


@pytest.fixture
def editor(client):
    user = StaffFactory(is_superuser=True, email="editor@example.org")
    staff_sign_in(client, user)
    return user


def test_the_issue_page_shows_translation_status_and_blocks_an_unreviewed_language(client, editor):
    issue = IssueFactory(subject_es="Esta semana", body_es="Clínicas.", subject_so="Toddobaadkan", body_so="Rugaha.")
    content_translation_review_set(obj=issue, language="es", reviewed=True, by=editor)
    SubscriberFactory(language="so")
    page = client.get(f"/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert "Reviewed" in page
    assert "Blocked: no reviewed text" in page
    assert "subject_so" in page  # a tab per language
    client.post(f"/admin/newsletter/issue/{issue.pk}/send/")
    assert Delivery.objects.count() == 0
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


def test_preview_shows_the_email_in_the_language_asked(client, editor):
    issue = IssueFactory(subject_vi="Tuần này", body_vi="Phòng tư vấn pháp lý.")
    page = client.get(f"/admin/newsletter/issue/{issue.pk}/preview/vi/").content.decode()
    assert "Tuần này" in page
    assert "Phòng tư vấn pháp lý." in page
    assert client.get(f"/admin/newsletter/issue/{issue.pk}/preview/xx/").status_code == 404


def test_a_test_goes_to_the_staff_member_only_and_sends_nothing_to_subscribers(client, editor):
    issue = IssueFactory(subject_es="Esta semana", body_es="Clínicas.")
    SubscriberFactory()
    client.post(f"/admin/newsletter/issue/{issue.pk}/send-test/", {"languages": ["en", "es"]})
    assert sorted(m.subject for m in mail.outbox) == ["[TEST] Esta semana", "[TEST] This week at the office"]
    assert {tuple(m.to) for m in mail.outbox} == {("editor@example.org",)}
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT


def test_send_from_the_admin_reaches_every_subscriber_and_then_the_issue_is_read_only(client, editor):
    issue = IssueFactory()
    SubscriberFactory.create_batch(3)
    client.post(f"/admin/newsletter/issue/{issue.pk}/send/")
    assert len(mail.outbox) == 3
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issue.send_started_by == editor
    client.post(f"/admin/newsletter/issue/{issue.pk}/change/", {"subject_en": "Changed", "body_en": "x"})
    assert Issue.objects.get(pk=issue.pk).subject_en == "This week at the office"


def test_the_subscriber_list_shows_no_address_and_finds_one_typed_exactly(client, editor):
    SubscriberFactory(email="amina@example.org")
    SubscriberFactory(email="other@example.org")
    listing = client.get("/admin/newsletter/subscriber/").content.decode()
    assert "amina@example.org" not in listing
    found = client.get("/admin/newsletter/subscriber/", {"q": "Amina@example.org"}).content.decode()
    assert "1 subscriber" in found or "1 result" in found
