import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, Invitation, OrganizationMembership, OrganizationProfile
from grants.services import (
    StaleVersionError,
    application_budget_save,
    application_missing,
    application_step_save,
    application_submit,
    document_add,
    invitation_accept,
    invitation_create,
)
from moia.tokens import token_digest
from tests.factories.accounts import UserFactory
from tests.factories.grants import ApplicationFactory, MembershipFactory

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db


def _complete(world):
    application = world["application"]
    document_add(application=application, by=world["a"], kind="irs_letter", upload=pdf_upload())
    return application


def test_each_step_is_saved_as_a_draft_with_a_last_saved_time(client, world):
    application = world["application"]
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[application.pk, "outcomes"])
    before = application.last_saved_at
    response = client.post(url, {"outcomes": "Families make a plan.", "version": application.version, "then": "next"})
    assert response.status_code == 302
    assert response["Location"].endswith("/budget/")
    application.refresh_from_db()
    assert application.outcomes == "Families make a plan."
    assert application.last_saved_at > before
    page = client.get(url).content.decode()
    assert "Last saved" in page


def test_a_stale_version_is_refused_and_the_other_members_text_survives(client, world):
    application = world["application"]
    start = application.version
    application_step_save(application=application, by=world["a"], version=start, data={"outcomes": "Theirs"})
    with pytest.raises(StaleVersionError):
        application_step_save(
            application=Application.objects.get(pk=application.pk),
            by=world["a"],
            version=start,
            data={"outcomes": "Mine"},
        )
    application.refresh_from_db()
    assert application.outcomes == "Theirs"


def test_a_stale_save_through_the_page_shows_a_clear_message(client, world):
    application = world["application"]
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[application.pk, "outcomes"])
    client.post(url, {"outcomes": "First", "version": application.version})
    response = client.post(url, {"outcomes": "Second", "version": application.version}, follow=True)
    assert "Another member of your organization saved this application" in response.content.decode()
    application.refresh_from_db()
    assert application.outcomes == "First"


def test_budget_total_outside_the_stream_limits_is_listed_as_missing(world):
    application = _complete(world)
    application_budget_save(
        application=application,
        by=world["a"],
        version=application.version,
        lines=[{"category": "Staff", "amount": Decimal("50000")}],
    )
    assert any("between" in item for item in application_missing(application=application))


def test_fiscal_sponsor_path_needs_the_agreement_and_the_sponsors_sign_off(world):
    application = world["application"]
    profile = application.organization.grant_profile
    profile.eligibility_path = OrganizationProfile.Path.FISCAL_SPONSOR
    profile.save()
    missing = " ".join(application_missing(application=application))
    assert "Fiscal sponsor agreement" in missing
    assert "sign-off" in missing


def test_submission_lists_everything_missing(world):
    application = world["application"]
    application.outcomes = ""
    application.save()
    with pytest.raises(ValidationError) as caught:
        application_submit(application=application, by=world["a"])
    text = " ".join(caught.value.messages)
    assert "expected outcomes" in text
    assert "IRS determination letter" in text


def test_submit_after_closing_time_is_refused(world):
    application = _complete(world)
    cycle = application.cycle
    cycle.closes_at = timezone.now() - timedelta(minutes=1)
    cycle.save()
    with pytest.raises(ValidationError, match="closed"):
        application_submit(application=application, by=world["a"])
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_submission_emails_members_a_pdf_copy(client, world, django_capture_on_commit_callbacks):
    application = _complete(world)
    client.force_login(world["a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:application_submit", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world["a"].email]
    _name, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")


def test_a_submitted_application_can_no_longer_be_edited(world):
    application = _complete(world)
    application_submit(application=application, by=world["a"])
    with pytest.raises(ValidationError):
        application_step_save(application=application, by=world["a"], version=application.version, data={"title": "x"})


def test_the_pdf_copy_renders_in_arabic(client, world):
    application = world["application"]
    application.language = "ar"
    application.save()
    client.force_login(world["a"])
    response = client.get(reverse("grants:application_pdf", args=[application.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_starting_an_application_records_the_language_written_in(client, world):
    cycle = world["application"].cycle
    client.force_login(world["a"])
    response = client.post(
        f"/es/grants/{cycle.slug}/apply/",
        {"organization": world["org_a"].pk, "stream": world["application"].stream.pk, "language": "ht"},
    )
    assert response.status_code == 302
    assert Application.objects.latest("pk").language == "ht"


def test_cannot_start_an_application_for_another_organization(client, world):
    cycle = world["application"].cycle
    client.force_login(world["a"])
    response = client.post(
        f"/en/grants/{cycle.slug}/apply/",
        {"organization": world["org_b"].pk, "stream": world["application"].stream.pk, "language": "en"},
    )
    assert response.status_code == 200
    assert not Application.objects.filter(organization=world["org_b"]).exists()


def test_invitation_email_and_acceptance_make_a_member(world, django_capture_on_commit_callbacks):
    invitee = UserFactory(email="helper@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            organization=world["org_a"], by=world["a"], email="helper@example.org", role="editor"
        )
    assert mail.outbox[-1].to == ["helper@example.org"]
    token = _emailed_token(mail.outbox[-1].body)
    assert invitation.token_digest == token_digest(token)
    invitation_accept(token=token, user=invitee)
    assert OrganizationMembership.objects.filter(user=invitee, organization=world["org_a"], role="editor").exists()
    with pytest.raises(ValidationError):
        invitation_accept(token=token, user=invitee)


def _emailed_token(body: str) -> str:
    return re.search(r"/grants/invitations/([^/\s]+)/", body).group(1)


def test_a_leaked_invitation_row_is_no_working_link(client, world):
    """Everything the database holds about an invitation, tried as its link's token, opens nothing."""
    invitation_create(organization=world["org_a"], by=world["a"], email="helper@example.org", role="editor")
    invitee = UserFactory(email="helper@example.org")
    row = Invitation.objects.values().get()
    assert "token" not in row
    for value in row.values():
        with pytest.raises(ValidationError):
            invitation_accept(token=str(value), user=invitee)
    client.force_login(invitee)
    client.post(reverse("grants:invitation_accept", args=[row["token_digest"]]))
    assert not OrganizationMembership.objects.filter(user=invitee).exists()
    # Nor does the admin show anything more than the row.
    client.force_login(world["manager"])
    page = client.get(reverse("admin:grants_invitation_change", args=[row["id"]])).content.decode()
    assert row["token_digest"] not in page


def test_an_invitation_cannot_be_used_by_another_address(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organization=world["org_a"], by=world["a"], email="x@example.org", role="editor")
    with pytest.raises(ValidationError):
        invitation_accept(token=_emailed_token(mail.outbox[-1].body), user=world["b"])


def test_organization_profile_is_created_with_the_creator_as_owner(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/grants/organizations/new/",
        {"name": "Roxbury Friends", "eligibility_path": "fiscal_sponsor", "fiscal_sponsor_name": "", "tax_id": "12"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "nine digits" in body
    assert "Roxbury Friends" in body
    response = client.post(
        "/en/grants/organizations/new/",
        {
            "name": "Roxbury Friends",
            "eligibility_path": "fiscal_sponsor",
            "fiscal_sponsor_name": "Sponsor Inc",
            "fiscal_sponsor_ein": "123456789",
        },
    )
    assert response.status_code == 302
    membership = OrganizationMembership.objects.get(user=user)
    assert membership.role == "owner"
    assert membership.organization.grant_profile.fiscal_sponsor_ein == "12-3456789"


def test_dashboard_shows_status_and_award_amount(client, world):
    other = ApplicationFactory(organization=world["org_a"], status=Application.Status.AWARDED, title="Awarded one")
    from grants.services import award_create

    award_create(application=other, amount=Decimal("7500"), award_date=timezone.localdate())
    MembershipFactory(user=world["a"])
    client.force_login(world["a"])
    page = client.get("/en/grants/dashboard/").content.decode()
    assert "Awarded one" in page
    assert "$7,500.00" in page
    assert "Report for" in page


def test_an_organization_created_in_spanish_keeps_its_legal_name_in_every_language(client, db):
    user = UserFactory()
    client.force_login(user)
    client.post("/es/grants/organizations/new/", {"name": "Vecinos Unidos", "eligibility_path": "nonprofit"})
    organization = OrganizationMembership.objects.get(user=user).organization
    assert organization.name_en == "Vecinos Unidos"
    assert client.get("/en/grants/dashboard/").content.decode().count("Vecinos Unidos") == 1


def test_saving_a_budget_over_the_streams_maximum_warns_at_once_and_keeps_the_lines(client, world):
    application = world["application"]
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[application.pk, "budget"])
    data = {
        "version": application.version,
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "Staff",
        "lines-0-amount": "9000",
        "lines-1-category": "Rent",
        "lines-1-amount": "4000",
        "then": "stay",
    }
    response = client.post(url, data, follow=True)
    assert "must be between $1,000.00 and $10,000.00" in response.content.decode()
    assert sorted(application.budget_lines.values_list("category", flat=True)) == ["Rent", "Staff"]


def test_a_budget_line_with_an_amount_but_no_category_is_refused_and_the_input_kept(client, world):
    application = world["application"]
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[application.pk, "budget"])
    data = {
        "version": application.version,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "",
        "lines-0-amount": "1234",
    }
    body = client.post(url, data).content.decode()
    assert "Name the category of this line." in body
    assert 'value="1234"' in body
