"""Redis (broker and result backend) goes away while residents send things: each submission is
saved, its email waits in the outbox, the resident sees the normal confirmation within 3 s, and
the outbox empties into the broker once Redis is back.

Two kinds of outage: a stopped server (connections refused at once) and a hung one (connections
accepted by the kernel, never answered), which only timeouts can bound."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from kombu import Connection

from moia.models import OutboxTask
from moia.services import outbox_flush
from tests.factories.programs import ProgramFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

RESIDENT_WAIT_SECONDS = 3
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 612 792]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(params=["stopped", "hung"])
def outage(request, private_redis):
    """Take Redis away in one of two ways; `back()` brings it back."""

    class Outage:
        kind = request.param

        def begin(self) -> None:
            if self.kind == "stopped":
                private_redis.stop()
            else:
                private_redis.freeze()

        def back(self) -> None:
            if self.kind == "stopped":
                private_redis.start()
            else:
                private_redis.thaw()

    return Outage()


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _flushed_when_redis_is_back(outage, private_redis, task_name: str) -> None:
    outage.back()
    kept = OutboxTask.objects.get()
    assert kept.task_name == task_name
    assert outbox_flush() == 1
    assert not OutboxTask.objects.exists()
    with Connection(private_redis.url) as conn:
        assert conn.default_channel.client.llen("moia") == 1  # waiting for a worker


def test_a_request_for_help_is_saved_confirmed_and_its_email_kept(client, outage, private_redis):
    from programs.models import Intake

    program = ProgramFactory()
    url = reverse("programs:request", kwargs={"slug": program.slug})
    assert client.get(url).status_code == 200  # the resident opens the form while Redis is up
    outage.begin()
    response, elapsed = _timed(
        lambda: client.post(
            url,
            {"name": "Test Person", "phone": "617-555-0100", "email": "test.person@example.org"},
        )
    )
    assert response.status_code == 302
    assert elapsed < RESIDENT_WAIT_SECONDS
    intake = Intake.objects.get()
    assert intake.reference in client.get(response["Location"]).content.decode()
    assert OutboxTask.objects.get().kwargs["to"] == ["test.person@example.org"]
    _flushed_when_redis_is_back(outage, private_redis, "moia.tasks.email_send_task")


def test_a_survey_is_saved_and_thanked_and_queues_nothing(client, outage):
    from surveys.models import Response
    from tests.factories.surveys import survey_small

    survey = survey_small()

    def page(number):
        with translation.override("en"):
            return reverse("surveys:page", kwargs={"slug": survey.slug, "number": number})

    client.post(page(1), {"q_color": "red", "action": "next"})
    outage.begin()
    response, elapsed = _timed(lambda: client.post(page(2), {"q_people": "3", "action": "next"}))
    assert response.status_code == 302
    assert "/thank-you/" in response["Location"]
    assert elapsed < RESIDENT_WAIT_SECONDS
    assert Response.objects.count() == 1
    assert client.get(response["Location"]).status_code == 200
    # An anonymous survey sends no email: there is nothing to keep.
    assert not OutboxTask.objects.exists()


def test_a_grant_submission_is_saved_and_its_receipt_kept(client, outage, private_redis, settings, tmp_path):
    from grants.models import Application
    from grants.services import document_add
    from tests.factories.grants import ApplicationFactory, BudgetLineFactory, MembershipFactory, ProfileFactory

    settings.MEDIA_ROOT = tmp_path / "private"
    member = MembershipFactory()
    ProfileFactory(organization=member.organization)
    application = ApplicationFactory(organization=member.organization, created_by=member.user)
    BudgetLineFactory(application=application)
    document_add(
        application=application,
        by=member.user,
        kind="irs_letter",
        upload=SimpleUploadedFile("letter.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    client.force_login(member.user)
    assert client.get(reverse("grants:application_detail", args=[application.pk])).status_code == 200
    outage.begin()
    response, elapsed = _timed(lambda: client.post(reverse("grants:application_submit", args=[application.pk])))
    assert response.status_code == 302
    assert elapsed < RESIDENT_WAIT_SECONDS
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert OutboxTask.objects.get().kwargs == {"application_id": application.pk}
    _flushed_when_redis_is_back(outage, private_redis, "grants.tasks.application_receipt_send_task")


def test_email_me_this_list_answers_sent_and_keeps_the_email(client, office, outage, private_redis):
    from tests.factories.directory import ServiceFactory

    ServiceFactory(name_en="Legal clinic")
    with translation.override("en"):
        url = reverse("directory:email")
    assert client.get(url).status_code == 200
    outage.begin()
    response, elapsed = _timed(lambda: client.post(url, {"email": "resident@example.org"}))
    assert response.status_code == 302
    assert "/sent/" in response["Location"]
    assert elapsed < RESIDENT_WAIT_SECONDS
    assert "Legal clinic" in OutboxTask.objects.get().kwargs["body"]
    _flushed_when_redis_is_back(outage, private_redis, "moia.tasks.email_send_task")


def test_a_sign_up_creates_the_account_and_keeps_the_verification_email(client, outage, private_redis):
    from moia.accounts.models import User

    assert client.get("/en/accounts/signup/").status_code == 200
    outage.begin()
    response, elapsed = _timed(
        lambda: client.post(
            "/en/accounts/signup/",
            {
                "email": "nonprofit@example.org",
                "password1": "a-long-pass-phrase-1",
                "password2": "a-long-pass-phrase-1",
            },
        )
    )
    assert response.status_code == 302
    assert elapsed < RESIDENT_WAIT_SECONDS
    assert User.objects.filter(email="nonprofit@example.org").exists()
    assert OutboxTask.objects.get().kwargs["to"] == ["nonprofit@example.org"]
    _flushed_when_redis_is_back(outage, private_redis, "moia.tasks.email_send_task")
