"""The directory's cache as staff and a CDN see it: an edit rebuilds only what shows the edited
listing, and anonymous pages tell shared caches how long they may keep them."""

import pytest
from django.urls import reverse
from django.utils import translation

from directory.services import services_deactivate
from tests.factories.accounts import UserFactory
from tests.factories.directory import OrganizationFactory, PhoneFactory, ServiceFactory, TaxonomyTermFactory

pytestmark = pytest.mark.django_db


def _detail(service, language: str = "en") -> str:
    with translation.override(language):
        return reverse("directory:detail", kwargs={"slug": service.slug})


def _index(language: str = "en") -> str:
    with translation.override(language):
        return reverse("directory:index")


def test_an_edit_to_one_service_leaves_another_services_page_cached(client, office, django_assert_num_queries):
    a = ServiceFactory(name_en="Tenant clinic", organization=OrganizationFactory())
    b = ServiceFactory(name_en="Citizenship class", organization=OrganizationFactory())
    client.get(_detail(a))
    client.get(_detail(b))

    a.name_en = "Tenant rights clinic"
    a.save()
    PhoneFactory(service=a, number="617-555-0142")

    with django_assert_num_queries(0):
        assert "Citizenship class" in client.get(_detail(b)).content.decode()
    rebuilt = client.get(_detail(a)).content.decode()
    assert "Tenant rights clinic" in rebuilt
    assert "617-555-0142" in rebuilt


def test_a_renamed_service_shows_its_new_name_on_its_sisters_page(client, office):
    # A service's page lists its organization's other services: an edit to one reaches them.
    organization = OrganizationFactory()
    a = ServiceFactory(name_en="Evening ESOL", organization=organization)
    b = ServiceFactory(name_en="Morning ESOL", organization=organization)
    assert "Evening ESOL" in client.get(_detail(b)).content.decode()
    a.name_en = "Weekend ESOL"
    a.save()
    page = client.get(_detail(b)).content.decode()
    assert "Weekend ESOL" in page
    assert "Evening ESOL" not in page


def test_a_category_rename_reaches_every_services_page(client, office):
    term = TaxonomyTermFactory(code="legal", name_en="Legal help")
    service = ServiceFactory()
    service.taxonomy_terms.add(term)
    assert "Legal help" in client.get(_detail(service)).content.decode()
    term.name_en = "Legal advice"
    term.save()
    assert "Legal advice" in client.get(_detail(service)).content.decode()


def test_a_deactivated_service_leaves_the_list_and_its_page_at_once(client, office):
    service = ServiceFactory(name_en="Food pantry")
    assert "Food pantry" in client.get(_index()).content.decode()
    assert client.get(_detail(service)).status_code == 200
    services_deactivate(services=type(service).objects.filter(pk=service.pk))
    assert "Food pantry" not in client.get(_index()).content.decode()
    assert client.get(_detail(service)).status_code == 404


def test_a_result_card_follows_an_edit_to_its_service_only(client, office):
    a = ServiceFactory(name_en="Job fair", organization=OrganizationFactory())
    ServiceFactory(name_en="Tax help", organization=OrganizationFactory())
    client.get(_index())
    a.name_en = "Career fair"
    a.save()
    page = client.get(_index()).content.decode()
    assert "Career fair" in page
    assert "Tax help" in page


def test_anonymous_pages_tell_a_cdn_how_long_to_keep_them_and_answer_304_when_unchanged(client, office):
    service = ServiceFactory()
    for url in (_index(), _detail(service), _index("ar")):
        first = client.get(url)
        cache_control = {part.strip() for part in first["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "s-maxage=300"} <= cache_control
        assert {"Accept-Language", "Cookie"} <= {v.strip() for v in first["Vary"].split(",")}
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304
        assert again.content == b""
        # A cached page keeps the ETag of the page it was built as.
        assert client.get(url)["ETag"] == first["ETag"]


def test_a_staff_edit_changes_the_etag(client, office):
    service = ServiceFactory(name_en="Legal clinic")
    first = client.get(_detail(service))["ETag"]
    service.name_en = "Legal aid clinic"
    service.save()
    assert client.get(_detail(service), headers={"if-none-match": first}).status_code == 200


def test_signed_in_visitors_pages_are_never_shared(client, office):
    service = ServiceFactory()
    client.force_login(UserFactory())
    for url in (_index(), _detail(service)):
        response = client.get(url)
        assert "public" not in response.get("Cache-Control", "")
        assert "private" in response["Cache-Control"]
        assert "ETag" not in response


def test_the_email_form_with_its_csrf_token_is_never_shared(client, office):
    response = client.get(reverse("directory:email"))
    assert "public" not in response.get("Cache-Control", "")
