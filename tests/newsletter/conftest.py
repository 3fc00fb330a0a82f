import re

import pytest
from django.core import mail


@pytest.fixture(autouse=True)
def _office(office):
    """Emails are signed with the office's name: every newsletter test has an office."""
    return office


def link_in(message, name: str) -> str:
    """The path of the first link to /<lang>/newsletter/<name>/ in an email's text."""
    found = re.search(r"https?://[^/\s]+(/[\w-]+/newsletter/" + name + r"/[^\s]+/)", message.body)
    assert found, f"no {name} link in: {message.body}"
    return found.group(1)


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client, with what each request queued after commit run as it would be in production
    (the test's own transaction never commits)."""

    class CommittingClient:
        def __getattr__(self, name):
            return getattr(client, name)

        def get(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.get(*args, **kwargs)

        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(*args, **kwargs)

    return CommittingClient()
