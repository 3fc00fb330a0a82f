"""The applicant's path through a grant application: fewer dead ends, errors where they happen."""

import re
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import FundingStream, OrganizationProfile
from grants.services import application_receipt_send, document_add
from tests.factories.grants import GrantCycleFactory, MembershipFactory

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _start_page(client, user, cycle):
    client.force_login(user)
    return client.get(reverse("grants:application_start", args=[cycle.slug])).content.decode()


def _selected_organizations(page: str) -> list[str]:
    select = re.search(r'<select name="organization".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]+)"[^>]*selected', select)


def test_a_member_of_one_organization_finds_it_already_chosen(client, office):
    membership = MembershipFactory()
    cycle = GrantCycleFactory()
    FundingStream.objects.create(cycle=cycle, slug="s", title="S")
    assert _selected_organizations(_start_page(client, membership.user, cycle)) == [str(membership.organization.pk)]


def test_a_member_of_several_organizations_chooses_one(client, office):
    membership = MembershipFactory()
    MembershipFactory(user=membership.user)
    cycle = GrantCycleFactory()
    FundingStream.objects.create(cycle=cycle, slug="s", title="S")
    assert _selected_organizations(_start_page(client, membership.user, cycle)) == []


def _profile_post(organization):
    return {"name": organization.name, "eligibility_path": "nonprofit", "tax_id": "04-1234567"}


def test_editing_the_profile_from_an_application_returns_to_that_step(client, world):
    application = world["application"]
    client.force_login(world["a"])
    step = reverse("grants:application_step", args=[application.pk, "review"])
    page = client.get(step).content.decode()
    edit = reverse("grants:organization_edit", args=[world["org_a"].pk])
    assert f'href="{edit}?next=' in page
    form = client.get(edit, {"next": step}).content.decode()
    assert f'name="next" value="{step}"' in form
    response = client.post(edit, {**_profile_post(world["org_a"]), "next": step})
    assert response.status_code == 302
    assert response["Location"] == step


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_an_external_next_is_ignored(client, world, target):
    client.force_login(world["a"])
    edit = reverse("grants:organization_edit", args=[world["org_a"].pk])
    response = client.post(edit, {**_profile_post(world["org_a"]), "next": target})
    assert response["Location"] == reverse("grants:dashboard")


def _project_post(application, **dates):
    return {
        "title": "Workshops",
        "summary": "Short",
        "description": "Long",
        "partners": "",
        "language": "en",
        "version": application.version,
        "then": "next",
        **dates,
    }


def test_an_end_date_before_the_start_date_is_refused_on_the_project_step_and_the_text_kept(client, world):
    application = world["application"]
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[application.pk, "project"])
    response = client.post(url, _project_post(application, start_date="2026-09-01", end_date="2026-03-01"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The end date must be on or after the start date." in body
    assert 'value="Workshops"' in body
    application.refresh_from_db()
    assert application.end_date is None


def test_project_dates_outside_the_rounds_period_are_refused_in_the_pages_language(client, world):
    application = world["application"]
    cycle = application.cycle
    cycle.project_starts_on, cycle.project_ends_on = date(2026, 7, 1), date(2027, 6, 30)
    cycle.save()
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[application.pk, "project"]).replace("/en/", "/es/")
    body = client.post(url, _project_post(application, start_date="2026-05-01", end_date="2027-12-31")).content
    body = body.decode()
    assert "Los proyectos de esta convocatoria comienzan el 1 de julio de 2026 o después." in body
    assert "Los proyectos de esta convocatoria terminan el 30 de junio de 2027 o antes." in body
    ok = client.post(url, _project_post(application, start_date="2026-07-01", end_date="2027-06-30"))
    assert ok.status_code == 302


def test_the_documents_step_lists_the_same_documents_as_the_rounds_page(client, world):
    application = world["application"]
    cycle = application.cycle
    client.force_login(world["a"])

    def listed(url):
        page = client.get(url).content.decode()
        block = re.search(r'<ul class="usa-list grants-required-documents">(.*?)</ul>', page, re.S).group(1)
        return re.findall(r"<li>(.*?)</li>", block)

    public = listed(reverse("grants:cycle_detail", args=[cycle.slug]))
    assert public == [
        "IRS determination letter (Registered nonprofit)",
        "Fiscal sponsor agreement (Fiscally sponsored group)",
    ]
    step = reverse("grants:application_step", args=[application.pk, "documents"])
    assert listed(step) == ["IRS determination letter"]
    profile = application.organization.grant_profile
    profile.eligibility_path = OrganizationProfile.Path.FISCAL_SPONSOR
    profile.save()
    assert listed(step) == ["Fiscal sponsor agreement"]


def test_removing_a_file_asks_first_and_a_get_removes_nothing(client, world):
    application = world["application"]
    document = document_add(application=application, by=world["a"], kind="irs_letter", upload=pdf_upload("irs.pdf"))
    client.force_login(world["a"])
    page = client.get(reverse("grants:application_step", args=[application.pk, "documents"])).content.decode()
    details = re.search(r'<details class="grants-confirm">.*?</details>', page, re.S).group(0)
    assert "Remove irs.pdf from this application? This cannot be undone." in details
    assert f'action="{reverse("grants:document_delete", args=[document.pk])}"' in details
    assert client.get(reverse("grants:document_delete", args=[document.pk])).status_code == 405
    assert application.documents.count() == 1
    client.post(reverse("grants:document_delete", args=[document.pk]))
    assert application.documents.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("budget.exe", EXE_BYTES),
            "budget.exe: this type of file is not accepted (PDF, Word, Excel, JPEG or PNG).",
        ),
        (SimpleUploadedFile("letter.pdf", b""), "letter.pdf: this file is empty."),
        (
            SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024)),
            "scan.pdf: this file is too large (11.0 MB); the limit is 10 MB.",
        ),
    ],
)
def test_an_upload_error_names_the_file_and_its_fault(client, world, upload, message):
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[world["application"].pk, "documents"])
    response = client.post(url, {"kind": "other", "file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert world["application"].documents.count() == 0


def test_an_upload_error_is_translated(client, world):
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[world["application"].pk, "documents"]).replace("/en/", "/es/")
    body = client.post(url, {"kind": "other", "file": SimpleUploadedFile("vacío.pdf", b"")}).content.decode()
    assert "vacío.pdf: este archivo está vacío." in body


def test_the_receipt_says_what_happens_next_and_when_in_the_applications_language(world, office):
    application = world["application"]
    cycle = application.cycle
    cycle.decisions_by = date(2026, 10, 15)
    cycle.save()
    office.email = "grants@boston.example"
    office.save()
    application.language = "es"
    application.save()
    application_receipt_send(application_id=application.pk)
    body = mail.outbox[0].body
    assert "Qué pasa ahora" in body
    assert "15 de octubre de 2026" in body
    assert "grants@boston.example" in body
    assert "Qué pasa ahora" in mail.outbox[0].alternatives[0][0]
