"""A small but complete world for the security tests: two partner organizations with
members, an application (with a document and a report) of each, intakes of two
programmes, a survey with a collector and a published annual report, plus one account
per role. Staff sign in through allauth with their second factor, as in production."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from moia.tokens import token_new
from tests.factories.accounts import StaffFactory, UserFactory, totp_code, totp_enable
from tests.factories.directory import ServiceFactory, TaxonomyTermFactory
from tests.factories.grants import ApplicationFactory, GrantCycleFactory, MembershipFactory, ProfileFactory
from tests.factories.programs import IntakeFactory, PartnerMembershipFactory, ProgramFactory, ProgramStaffFactory
from tests.factories.surveys import respond, survey_small

PASSWORD = "correct-horse-battery"
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 612 792]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

STAFF_ROLES = {
    "directory_editor": "Directory editors",
    "program_staff": "Program staff",
    "grant_reviewer": "Grant reviewers",
    "grant_manager": "Grant managers",
    "survey_manager": "Survey managers",
    "report_editor": "Report editors",
    "event_staff": "Event staff",
}
ROLES = ["anonymous", "resident", "member_a", "member_b", *STAFF_ROLES, "superuser"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def world(db, office):
    from grants.models import Document, Invitation
    from grants.services import award_create, review_assign
    from reports.models import AnnualReport
    from surveys.services import collector_create

    cycle = GrantCycleFactory(slug="open-cycle")
    member_a = MembershipFactory()
    member_b = MembershipFactory()
    org_a, org_b = member_a.organization, member_b.organization
    ProfileFactory(organization=org_a)
    ProfileFactory(organization=org_b)
    PartnerMembershipFactory(user=member_a.user, organization=org_a)
    PartnerMembershipFactory(user=member_b.user, organization=org_b)
    app_a = ApplicationFactory(cycle=cycle, organization=org_a, created_by=member_a.user)
    app_b = ApplicationFactory(cycle=cycle, stream=app_a.stream, organization=org_b, created_by=member_b.user)
    documents = {}
    for key, app, user in (("a", app_a, member_a.user), ("b", app_b, member_b.user)):
        documents[key] = Document.objects.create(
            application=app,
            kind=Document.Kind.IRS_LETTER,
            file=ContentFile(MINIMAL_PDF, name="upload.pdf"),
            original_name="letter.pdf",
            content_type="application/pdf",
            size=len(MINIMAL_PDF),
            uploaded_by=user,
        )
    award_a = award_create(application=app_a, amount=Decimal("5000"), award_date=dt.date(2026, 1, 15))
    award_b = award_create(application=app_b, amount=Decimal("5000"), award_date=dt.date(2026, 1, 15))
    invitation_token, digest = token_new()
    invitation = Invitation.objects.create(
        organization=org_a, email="new@example.org", role="editor", token_digest=digest
    )

    program_a = ProgramFactory(slug="program-a")
    program_b = ProgramFactory(slug="program-b")
    intake_a = IntakeFactory(program=program_a, name="Alice Intake")
    intake_b = IntakeFactory(program=program_b, name="Bob Intake")

    term = TaxonomyTermFactory(code="legal-help")
    service = ServiceFactory(organization=org_a, slug="legal-clinic", categories=[term])

    survey = survey_small()
    collector = collector_create(survey=survey, organization=org_a)
    response = respond(survey, {"color": "red", "rating": 4}, collector=collector)

    report = AnnualReport.objects.create(
        year=2025, language="en", version=1, status=AnnualReport.Status.PUBLISHED, published_at=timezone.now()
    )
    report.pdf.save(report.pdf_filename, ContentFile(MINIMAL_PDF), save=False)
    report.data_csv.save("annual-report-2025-en-data.csv", ContentFile(b"topic,value\nx,1\n"), save=False)
    report.data_json.save("annual-report-2025-en-data.json", ContentFile(b"{}"), save=False)
    report.save()

    users = {
        "anonymous": None,
        "resident": UserFactory(),
        "member_a": member_a.user,
        "member_b": member_b.user,
    }
    secrets = {}
    for key, group in STAFF_ROLES.items():
        users[key] = StaffFactory(roles=[group])
        secrets[key] = totp_enable(users[key])
    users["superuser"] = StaffFactory(is_superuser=True)
    secrets["superuser"] = totp_enable(users["superuser"])
    ProgramStaffFactory(program=program_a, user=users["program_staff"])
    review_assign(application=app_a, reviewer=users["grant_reviewer"], by=users["grant_manager"])

    return {
        "users": users,
        "secrets": secrets,
        "org_a": org_a,
        "org_b": org_b,
        "app_a": app_a,
        "app_b": app_b,
        "doc_a": documents["a"],
        "doc_b": documents["b"],
        "report_a": award_a.reports.first(),
        "report_b": award_b.reports.first(),
        "invitation": invitation,
        "invitation_token": invitation_token,  # the emailed link's token; the row keeps its digest
        "cycle": cycle,
        "program_a": program_a,
        "program_b": program_b,
        "intake_a": intake_a,
        "intake_b": intake_b,
        "service": service,
        "term": term,
        "survey": survey,
        "collector": collector,
        "response": response,
        "annual_report": report,
    }


def sign_in(world: dict, role: str) -> Client:
    """A browser signed in as `role` the way a person would: password, then the TOTP code for staff."""
    client = Client()
    user = world["users"][role]
    if user is None:
        return client
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, f"{role} could not sign in"
    if role in world["secrets"]:
        assert "/2fa/authenticate/" in response["Location"], f"{role} was not asked for a second factor"
        response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(world["secrets"][role])})
        assert response.status_code == 302, f"{role} second factor was refused"
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client
