"""Every email the portal sends, as its recipient reads it, in English and in Arabic.

Nonprofits took "Hello from !… register an account on ." for phishing. Each email is compared with
a reviewed snapshot under tests/snapshots/emails/ (run with SNAPSHOT_UPDATE=1 to rewrite them after
a deliberate change, then read the diff), and checked for what makes it trustworthy: the office's
name, a real subject, a plain-text and an HTML part, every link absolute.
"""

import datetime as dt
import os
import re
from decimal import Decimal
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation

from moia.accounts.roles import GRANT_MANAGERS, REPORT_EDITORS
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("office"),
    pytest.mark.parametrize("language", ["en", "ar"]),
]

SNAPSHOTS = Path(__file__).parent / "snapshots" / "emails"
SITE_URL = "https://portal.example.org"

# Random parts of an email (tokens, keys, generated references) are replaced before comparing.
_RANDOM = [
    (re.compile(r"(/accounts/confirm-email/)[^/\s\"<]+"), r"\1KEY"),
    (re.compile(r"(/accounts/password/reset/key/)[^/\s\"<]+"), r"\1KEY"),
    (re.compile(r"(/invitations/)[^/\s\"<]+"), r"\1TOKEN"),
    (re.compile(r"(/reports/departments/\d+/)[^/\s\"<]+"), r"\1TOKEN"),
    (re.compile(r"\bP-[0-9A-Z]{4}-[0-9A-Z]{4}\b"), "REFERENCE"),
]


def _normalised(text: str) -> str:
    for pattern, replacement in _RANDOM:
        text = pattern.sub(replacement, text)
    return text


def _check(message, *, name: str, language: str) -> None:
    html = next(content for content, mime in message.alternatives if mime == "text/html")
    rendered = _normalised(f"Subject: {message.subject}\n\n{message.body}\n----- text/html -----\n{html}")
    path = SNAPSHOTS / f"{name}.{language}.txt"
    if os.environ.get("SNAPSHOT_UPDATE"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with SNAPSHOT_UPDATE=1 and review it"
    assert rendered == path.read_text(encoding="utf-8"), f"{path.name} differs from its snapshot"

    # What makes it trustworthy, whatever the snapshot says.
    from moia.office.selectors import office_profile_current

    with translation.override(language):
        office_name = office_profile_current().name
    assert office_name
    assert office_name in unescape(html)
    assert office_name in message.body
    assert message.subject.strip()
    assert "\n" not in message.subject
    assert "from !" not in message.body
    assert " on ." not in message.body
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    for href in re.findall(r'href="([^"]+)"', html):
        assert href == SITE_URL or href.startswith((SITE_URL + "/", "mailto:", "tel:")), href
    for url in re.findall(r"https?://[^\s)]+", message.body):
        assert url.rstrip(".") == SITE_URL or url.startswith(SITE_URL + "/"), url


@pytest.fixture(autouse=True)
def _mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = SITE_URL
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run what is queued for after the commit (the email task) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _only_message():
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    return mail.outbox[0]


def test_sign_up_confirmation_email(client, language, sent):
    with sent():
        client.post(
            f"/{language}/accounts/signup/",
            {"email": "new@example.org", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"},
        )
    _check(_only_message(), name="account_confirmation", language=language)


def test_password_reset_email(client, language, sent):
    UserFactory(email="known@example.org", preferred_language=language)
    with sent():
        client.post(
            f"/{language}/accounts/password/reset/",
            {"email": "known@example.org"},
        )
    _check(_only_message(), name="password_reset", language=language)


def test_help_request_confirmation_email(language, sent):
    from programs.services import intake_submit
    from tests.factories.programs import ProgramFactory

    program = ProgramFactory(name_en="Citizenship help", name_ar="المساعدة في الحصول على الجنسية", intake_open=True)
    with sent():
        intake = intake_submit(
            program=program, data={"name": "Amina Yusuf", "email": "amina@example.org"}, language=language
        )
    message = _only_message()
    assert intake.reference in message.subject
    _check(message, name="help_request_confirmation", language=language)


def test_service_list_email_has_clickable_links(client, language, sent):
    from tests.factories.directory import PhoneFactory, ServiceFactory

    service = ServiceFactory(
        slug="legal-clinic",
        name_en="Legal clinic",
        name_ar="عيادة قانونية",
        organization__name_en="Greater Boston Legal",
    )
    PhoneFactory(service=service, number="617-555-0109")
    with sent():
        client.post(f"/{language}/directory/email/?q=legal", {"email": "resident@example.org"})
    message = _only_message()
    assert f"{SITE_URL}/{language}/directory/legal-clinic/" in message.body
    _check(message, name="service_list", language=language)


def _grant_world(language):
    from tests.factories.grants import ApplicationFactory, GrantCycleFactory, MembershipFactory

    # A fixed closing date: the receipt prints it, and a date relative to today changed the
    # snapshot every day.
    closes = dt.datetime(2026, 12, 31, 17, 0, tzinfo=ZoneInfo("America/New_York"))
    cycle = GrantCycleFactory(
        title_en="Immigrant Inclusion Fund 2026",
        title_ar="صندوق دمج المهاجرين 2026",
        opens_at=closes - dt.timedelta(days=60),
        closes_at=closes,
    )
    application = ApplicationFactory(pk=4242, cycle=cycle, language=language)
    MembershipFactory(organization=application.organization, user__email="owner@example.org")
    return application


def test_grant_invitation_email(language, sent):
    from grants.services import invitation_create
    from tests.factories.grants import MembershipFactory, OrganizationFactory

    organization = OrganizationFactory(name="Haitian Families Together")
    owner = MembershipFactory(organization=organization).user
    with sent(), translation.override(language):
        invitation_create(organization=organization, by=owner, email="colleague@example.org", role="member")
    _check(_only_message(), name="grant_invitation", language=language)


def test_grant_receipt_email(language):
    from grants.services import application_receipt_send

    application = _grant_world(language)
    application_receipt_send(application_id=application.pk)
    message = _only_message()
    assert message.attachments[0][0] == "application-4242.pdf"
    _check(message, name="grant_receipt", language=language)


def test_grant_decision_email(language, sent):
    from grants.models import Decision
    from grants.services import decisions_notify

    application = _grant_world(language)
    Decision.objects.create(application=application, outcome="award", amount=Decimal("7500"))
    with sent():
        decisions_notify(decisions=Decision.objects.all(), by=StaffFactory(roles=[GRANT_MANAGERS]))
    _check(_only_message(), name="grant_decision", language=language)


def test_annual_report_draft_email_is_in_each_editors_language(language, sent):
    from reports.services import report_draft_last_year

    StaffFactory(email="editor@example.org", roles=[REPORT_EDITORS], preferred_language=language)
    with sent():
        report_draft_last_year(today=dt.date(2027, 1, 15))
    _check(
        next(m for m in mail.outbox if m.to == ["editor@example.org"]), name="report_draft_started", language=language
    )


def test_department_reminder_email_says_what_is_asked_by_when_and_where(language, sent):
    from django.utils.formats import date_format

    from reports.selectors import office_today
    from reports.services import department_request_send, department_requests_remind
    from tests.factories.reports import DepartmentRequestFactory

    data_request = DepartmentRequestFactory(
        due_on=office_today() + dt.timedelta(days=21), language=language, contact_email="olca@example.org"
    )
    with sent():
        department_request_send(request=data_request, by=StaffFactory(roles=[REPORT_EDITORS]))
    mail.outbox.clear()
    with sent():
        department_requests_remind(today=data_request.due_on - dt.timedelta(days=7))
    message = _only_message()
    # The due date moves with the calendar (a request must be due in the future to be sent).
    with translation.override(language):
        due = date_format(data_request.due_on)
    message.subject = message.subject.replace(due, "DUE_DATE")
    message.body = message.body.replace(due, "DUE_DATE")
    message.alternatives = [(content.replace(due, "DUE_DATE"), mime) for content, mime in message.alternatives]
    _check(message, name="department_reminder", language=language)
