"""Open data publishes only the organizations a directory editor published, never applicant data."""

import pytest

from directory.hsds.tabular import datapackage_csvs
from directory.models import Organization
from tests.directory.test_hsds_datapackage import tables_of
from tests.factories.accounts import UserFactory
from tests.factories.directory import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

APPLICANT = {
    "name": "Vecinos Unidos Applicant",
    "eligibility_path": "fiscal_sponsor",
    "tax_id": "04-7654321",
    "email": "treasurer@vecinos.example.org",
    "fiscal_sponsor_name": "Sponsor Fund of Roxbury",
    "fiscal_sponsor_ein": "04-1112223",
}
SECRETS = ("04-7654321", "treasurer@vecinos.example.org", "Sponsor Fund of Roxbury", "04-1112223")


def _everything_published(client, organization: Organization) -> str:
    """What an anonymous reader can fetch about organizations: the list, the detail, the package."""
    listing = client.get("/api/hsds/organizations?per_page=200").content.decode()
    detail = client.get(f"/api/hsds/organizations/{organization.pk}")
    package = client.get("/api/hsds/datapackage.zip").content
    return "\n".join([listing, detail.content.decode(), *(text for _path, text in datapackage_csvs(package))])


def test_an_organization_created_to_apply_for_a_grant_is_not_in_open_data_until_an_editor_lists_it(client):
    OrganizationFactory(name_en="Listed Legal Aid", is_listed=True)
    applicant = UserFactory()
    client.force_login(applicant)
    client.post("/en/grants/organizations/new/", APPLICANT)
    client.logout()
    organization = Organization.objects.get(name_en=APPLICANT["name"])

    published = _everything_published(client, organization)
    assert "Listed Legal Aid" in published
    assert APPLICANT["name"] not in published
    assert str(organization.pk) not in published
    assert client.get(f"/api/hsds/organizations/{organization.pk}").status_code == 404
    for secret in SECRETS:
        assert secret not in published

    # A directory editor lists it: it appears, and still without what only grants may know.
    organization.is_listed = True
    organization.save()
    published = _everything_published(client, organization)
    assert APPLICANT["name"] in published
    assert client.get(f"/api/hsds/organizations/{organization.pk}").status_code == 200
    organizations_csv = tables_of(client.get("/api/hsds/datapackage.zip").content)["organizations.csv"]
    assert APPLICANT["name"] in {row["name"] for row in organizations_csv}
    for secret in ("04-7654321", "Sponsor Fund of Roxbury", "04-1112223"):
        assert secret not in published


def test_an_organization_whose_service_is_in_the_directory_is_published_with_it(client):
    organization = OrganizationFactory(name_en="Service Provider Without Flag")
    assert "Service Provider Without Flag" not in client.get("/api/hsds/organizations").content.decode()
    ServiceFactory(organization=organization)
    assert "Service Provider Without Flag" in client.get("/api/hsds/organizations").content.decode()


def test_a_parent_that_is_not_published_is_not_named(client):
    hidden_parent = OrganizationFactory(name_en="Unlisted Parent")
    child = OrganizationFactory(name_en="Listed Child", is_listed=True, parent_organization=hidden_parent)
    body = client.get(f"/api/hsds/organizations/{child.pk}").json()
    assert "parent_organization_id" not in body
    rows = tables_of(client.get("/api/hsds/datapackage.zip").content)["organizations.csv"]
    assert [row["parent_organization_id"] for row in rows if row["name"] == "Listed Child"] == [""]
