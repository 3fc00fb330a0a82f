"""Directory editors in the admin: actions, filters, review queue, import with a row report, export."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from directory.models import Service, ServiceTranslationReview
from directory.selectors import services_needing_verification
from moia.accounts.roles import DIRECTORY_EDITORS
from tests.factories.accounts import StaffFactory, totp_enable
from tests.factories.directory import OrganizationFactory, ServiceFactory, TaxonomyTermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, office):
    user = StaffFactory(roles=[DIRECTORY_EDITORS])
    totp_enable(user)
    client.force_login(user)
    return user


def _action(client, action, objects, model="service"):
    return client.post(
        reverse(f"admin:directory_{model}_changelist"),
        {"action": action, "_selected_action": [str(o.pk) for o in objects]},
        follow=True,
    )


def test_mark_verified_today_records_the_person_who_verified(client, editor):
    service = ServiceFactory()
    assert _action(client, "mark_verified_today", [service]).status_code == 200
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()
    assert service.assurer == editor


def test_editing_a_service_does_not_count_as_verifying_it(client, editor):
    service = ServiceFactory()
    service.description_en = "Changed"
    service.save()
    service.refresh_from_db()
    assert service.assured_date is None
    assert service.assurer is None


def test_deactivate_hides_services_from_residents(client, editor):
    service = ServiceFactory()
    _action(client, "deactivate", [service])
    service.refresh_from_db()
    assert service.status == Service.Status.INACTIVE


def test_needs_verification_lists_services_older_than_a_year_or_never_verified(office):
    today = datetime.date(2026, 11, 22)
    never = ServiceFactory()
    stale = ServiceFactory(assured_date=datetime.date(2025, 11, 1))
    ServiceFactory(assured_date=datetime.date(2026, 1, 5))
    assert set(services_needing_verification(today=today)) == {never, stale}


def test_changelist_filters_and_search_answer(client, editor):
    legal = TaxonomyTermFactory(code="legal")
    ServiceFactory(name_en="Legal clinic", name_es="Clínica legal", categories=[legal])
    url = reverse("admin:directory_service_changelist")
    for params in [
        {"category": "legal"},
        {"verified": "needs"},
        {"verified": "recent"},
        {"translation": "draft"},
        {"status__exact": "active"},
        {"q": "Clínica"},
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, params
    assert "Legal clinic" in client.get(url, {"q": "Clínica"}).content.decode()
    assert "Legal clinic" not in client.get(url, {"verified": "recent"}).content.decode()


def test_review_queue_shows_drafts_and_out_of_date_and_marks_them_reviewed(client, editor):
    service = ServiceFactory(name_en="Legal clinic", name_es="Clínica legal", name_fr="Clinique")
    ServiceTranslationReview.objects.filter(language="fr").update(status=ServiceTranslationReview.Status.REVIEWED)
    response = client.get(reverse("admin:directory_servicetranslationreview_changelist"))
    assert response.context["cl"].result_count == 1
    _action(client, "mark_reviewed", service.translation_reviews.filter(language="es"), "servicetranslationreview")
    assert not service.translation_reviews.exclude(status=ServiceTranslationReview.Status.REVIEWED).exists()


def test_service_change_form_has_a_tab_per_language(client, editor):
    service = ServiceFactory()
    html = client.get(reverse("admin:directory_service_change", args=[service.pk])).content.decode()
    assert 'name="name_zh_hans"' in html
    assert 'name="description_so"' in html


def _csv(rows: list[str]) -> SimpleUploadedFile:
    header = "slug,organization,name_en,name_es,email,categories"
    return SimpleUploadedFile("services.csv", ("\n".join([header, *rows]) + "\n").encode(), "text/csv")


def test_import_keeps_good_rows_and_reports_each_bad_row(client, editor):
    OrganizationFactory(slug="eblc")
    TaxonomyTermFactory(code="legal")
    upload = _csv(
        [
            "daca-renewals,eblc,DACA renewals,Renovaciones de DACA,,legal",
            "bad-org,no-such-organization,Bad organization,,,",
            "bad-email,eblc,Bad email,,not-an-email,",
            "tps-help,eblc,TPS help,,tps@example.org,legal",
        ]
    )
    response = client.post(reverse("admin:directory_service_import_rows"), {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.imported == 2
    assert [row.number for row in report.rows] == [2, 3]
    assert set(Service.objects.values_list("slug", flat=True)) == {"daca-renewals", "tps-help"}
    assert Service.objects.get(slug="daca-renewals").name_es == "Renovaciones de DACA"


def test_import_accepts_xlsx_and_refuses_unreadable_files_without_error(client, editor):
    OrganizationFactory(slug="eblc")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["slug", "organization", "name_en"])
    sheet.append(["esol", "eblc", "English classes"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = reverse("admin:directory_service_import_rows")
    response = client.post(url, {"file": SimpleUploadedFile("s.xlsx", buffer.getvalue())})
    assert response.context["report"].imported == 1
    response = client.post(url, {"file": SimpleUploadedFile("s.xlsx", b"\x00not a workbook")})
    assert response.status_code == 200
    assert response.context["report"].error
    response = client.post(url, {"file": SimpleUploadedFile("s.csv", b"name\nx\n")})
    assert response.context["report"].error


def test_export_gives_every_language(client, editor):
    ServiceFactory(slug="legal-clinic", name_en="Legal clinic", name_es="Clínica legal")
    response = client.post(
        reverse("admin:directory_service_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"serviceresource_{name}": "on" for name in ["slug", "name_en", "name_es"]},
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Clínica legal" in body
    assert "legal-clinic" in body


def test_directory_editors_role_has_the_directory_permissions(office):
    user = StaffFactory(roles=[DIRECTORY_EDITORS])
    assert user.has_perm("directory.change_service")
    assert user.has_perm("directory.change_servicetranslationreview")


@pytest.mark.postgres
def test_history_records_who_changed_a_service(client, editor):
    from directory.models import ServiceEvent

    service = ServiceFactory(name_en="Legal clinic")
    _action(client, "deactivate", [service])
    event = ServiceEvent.objects.filter(pgh_obj=service, pgh_label="update").latest("pgh_created_at")
    assert event.status == Service.Status.INACTIVE
    assert str(event.pgh_context.metadata["user"]) == str(editor.pk)
    history = client.get(reverse("admin:directory_serviceevent_changelist"), {"obj": f"directory.Service:{service.pk}"})
    assert history.status_code == 200
    assert editor.email in history.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_service_with_required_documents_can_be_deleted():
    # Deleting cascades to the documents; their signals must not reindex the vanishing service.
    from directory.models import RequiredDocument, Service, ServiceSearchDocument
    from tests.factories.directory import ServiceFactory

    service = ServiceFactory()
    RequiredDocument.objects.create(service=service, document_en="Photo ID")
    service.delete()
    assert not Service.objects.filter(pk=service.pk).exists()
    assert not ServiceSearchDocument.objects.filter(service_id=service.pk).exists()
