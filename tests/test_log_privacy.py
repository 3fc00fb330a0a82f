"""No log line carries a token, a query string, an email address or a message body.

The log output is read as the deployment writes it (the configured JSON handler on stderr)
while a resident resets a password, confirms an email, emails a directory list and searches.
"""

import copy
import io
import logging
import logging.config
import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


@pytest.fixture
def log_output(settings):
    """What the deployment's logging configuration (settings.LOGGING) writes, as one string."""
    stream = io.StringIO()
    original = settings.LOGGING
    configured = copy.deepcopy(original)
    configured["handlers"]["stdout"]["stream"] = stream
    # An eager task runs django.setup() again (Celery's Django fixup), which configures logging
    # anew from settings: the copy that writes to the stream must be the one it finds.
    settings.LOGGING = configured
    logging.config.dictConfig(configured)
    yield stream.getvalue
    logging.config.dictConfig(original)


def _path_of_link(body: str, marker: str) -> str:
    return next(path for path in LINK.findall(body) if marker in path)


def _assert_clean(output: str, *secrets: str) -> None:
    assert output.count('"logger": "moia.request"') >= 3, output  # the log was captured at all
    for secret in secrets:
        assert secret.lower() not in output.lower(), (secret, output)
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", output), output
    assert "?q=" not in output, output
    assert "?key" not in output, output


def test_password_reset_and_email_confirmation_leave_no_key_address_or_body_in_the_log(
    client, log_output, django_capture_on_commit_callbacks
):
    user = UserFactory(email="reset.me@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": user.email})
    reset_path = _path_of_link(mail.outbox[-1].body, "/password/reset/key/")
    key = reset_path.rstrip("/").rsplit("-", 1)[-1]
    form = client.get(reset_path, follow=True)
    client.post(form.redirect_chain[-1][0], {"password1": "a-new-long-phrase-9", "password2": "a-new-long-phrase-9"})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {"email": "newcomer@example.org", "password1": "a-long-pass-phrase-1", "password2": "a-long-pass-phrase-1"},
        )
    confirm_path = _path_of_link(mail.outbox[-1].body, "/confirm-email/")
    confirm_key = confirm_path.rstrip("/").rsplit("/", 1)[-1]
    client.get(confirm_path)
    client.post(confirm_path)

    output = log_output()
    _assert_clean(
        output,
        key,
        confirm_key,
        "reset.me@example.org",
        "newcomer@example.org",
        mail.outbox[0].subject,
        mail.outbox[1].body.splitlines()[0],
    )
    assert "/accounts/password/reset/key/" in output  # the route is still there for operators


def test_emailed_list_search_and_not_found_leave_no_address_or_query_in_the_log(
    client, office, log_output, django_capture_on_commit_callbacks
):
    ServiceFactory(name_en="Legal clinic")
    client.get(reverse("directory:index") + "?q=deportationdefence")
    client.get("/en/no-such-page/?q=asylumcase&token=abc123")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directory:email") + "?q=legalclinic", {"email": "worried.resident@example.org"})
    assert mail.outbox[-1].to == ["worried.resident@example.org"]

    output = log_output()
    _assert_clean(
        output, "deportationdefence", "asylumcase", "abc123", "legalclinic", "worried.resident", "Legal clinic"
    )
    assert '"logger": "django.request"' in output  # the 404 warning was written, without its query


def test_a_failing_task_logs_its_name_not_its_arguments(log_output):
    logging.getLogger("celery.app.trace").error(
        "Task %(name)s[%(id)s] %(description)s: %(exc)s",
        {
            "name": "moia.tasks.email_send_task",
            "id": "1",
            "description": "raised unexpected",
            "exc": "SMTPRecipientsRefused({'someone@example.org': (550, b'no')})",
            "args": "[]",
            "kwargs": "{'to': ['someone@example.org'], 'body': 'Your reset link'}",
        },
        extra={"data": {"kwargs": "{'to': ['someone@example.org'], 'body': 'Your reset link'}"}},
    )
    output = log_output()
    assert "moia.tasks.email_send_task" in output
    assert "someone@example.org" not in output
    assert "Your reset link" not in output
