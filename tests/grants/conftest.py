import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.accounts import StaffFactory, UserFactory, totp_enable
from tests.factories.grants import (
    ApplicationFactory,
    BudgetLineFactory,
    CriterionFactory,
    MembershipFactory,
    ProfileFactory,
)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 612 792]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Budget"
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    # A minimal WordprocessingML package: the parts Word itself needs to open it.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def world(db):
    """Two organizations with one member each, an application of A, reviewers and a manager."""
    member_a = MembershipFactory()
    member_b = MembershipFactory()
    ProfileFactory(organization=member_a.organization)
    ProfileFactory(organization=member_b.organization)
    application = ApplicationFactory(organization=member_a.organization, created_by=member_a.user)
    BudgetLineFactory(application=application)
    CriterionFactory(cycle=application.cycle, name="Need", weight=2)
    CriterionFactory(cycle=application.cycle, name="Plan", weight=1)
    reviewer = StaffFactory(roles=["Grant reviewers"])
    other_reviewer = StaffFactory(roles=["Grant reviewers"])
    manager = StaffFactory(roles=["Grant managers"])
    for staff in (reviewer, other_reviewer, manager):
        totp_enable(staff)
    from grants.services import review_assign

    assignment = review_assign(application=application, reviewer=reviewer, by=manager)
    return {
        "a": member_a.user,
        "b": member_b.user,
        "org_a": member_a.organization,
        "org_b": member_b.organization,
        "application": application,
        "reviewer": reviewer,
        "other_reviewer": other_reviewer,
        "manager": manager,
        "assignment": assignment,
        "anonymous": None,
        "outsider": UserFactory(),
    }
