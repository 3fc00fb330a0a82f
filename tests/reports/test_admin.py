"""Report editors build and publish in the admin; the public downloads the result."""

import pytest
from django.contrib.auth.models import Group

from reports.models import AnnualReport
from tests.factories.accounts import StaffFactory, totp_code, totp_enable

pytestmark = pytest.mark.django_db


def sign_in_with_mfa(client, user):
    secret = totp_enable(user)
    client.post("/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302


@pytest.fixture
def report_editor(client):
    editor = StaffFactory(roles=["Report editors"])
    sign_in_with_mfa(client, editor)
    return editor


def test_report_editors_have_the_report_permissions():
    group = Group.objects.get(name="Report editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_annualreport", "view_annualreport", "add_populationstatistic", "change_reportnarrative"} <= codenames


def test_editor_builds_then_publishes_and_anyone_downloads(
    client, report_editor, media_root, population_2025, django_capture_on_commit_callbacks
):
    assert client.get("/admin/reports/annualreport/build/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/reports/annualreport/build/", {"year": 2025, "language": "en"})
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=2025, language="en")
    assert report.status == AnnualReport.Status.READY
    assert report.requested_by == report_editor

    changelist = client.get("/admin/reports/annualreport/")
    assert "Ready to publish" in changelist.content.decode()
    response = client.post(
        "/admin/reports/annualreport/", {"action": "publish_selected", "_selected_action": [report.pk]}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED
    assert report.published_by == report_editor

    client.logout()
    assert client.get("/reports/2025/annual-report-2025-en.pdf").status_code == 200


def test_a_bad_year_in_the_build_form_is_a_message_not_an_error(client, report_editor):
    response = client.post("/admin/reports/annualreport/build/", {"year": "abc", "language": "en"})
    assert response.status_code == 200
    assert AnnualReport.objects.count() == 0


def test_staff_without_the_role_cannot_build(client, media_root):
    other = StaffFactory(roles=["Survey managers"])
    sign_in_with_mfa(client, other)
    response = client.post("/admin/reports/annualreport/build/", {"year": 2025, "language": "en"})
    assert response.status_code in {302, 403}
    assert AnnualReport.objects.count() == 0


def test_the_narrative_admin_says_what_is_missing_in_each_language_and_records_a_review(
    client, report_editor, media_root
):
    from reports.models import ReportNarrative, ReportNarrativeReview
    from tests.factories.reports import PopulationStatisticFactory, ReportNarrativeFactory

    PopulationStatisticFactory(topic="nativity", dimension="Foreign-born")
    narrative = ReportNarrativeFactory(recommendations_es="")
    page = client.get(f"/admin/reports/reportnarrative/{narrative.pk}/change/").content.decode()
    assert "Recommendations: not written in Spanish." in page
    assert "The texts in Arabic have not been reviewed." in page
    # French has neither texts nor population labels: both are named.
    assert "population statistic has no French label or source" in page
    url = f"/admin/reports/reportnarrative/{narrative.pk}/review/ar/"
    assert "حضرات أعضاء المجلس" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    review = ReportNarrativeReview.objects.get(narrative=narrative, language="ar")
    assert review.reviewed_by == report_editor
    # A language with a text missing cannot be marked reviewed; the editor is told why.
    response = client.post(f"/admin/reports/reportnarrative/{narrative.pk}/review/es/", follow=True)
    assert "Write every text in this language before marking it reviewed." in response.content.decode()
    assert not ReportNarrative.objects.get(pk=narrative.pk).reviews.filter(language="es").exists()


def test_report_editors_open_the_population_list_with_its_import_and_acs_buttons(client, report_editor):
    response = client.get("/admin/reports/populationstatistic/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/admin/reports/populationstatistic/acs/" in page
    assert "/admin/reports/populationstatistic/import/" in page
