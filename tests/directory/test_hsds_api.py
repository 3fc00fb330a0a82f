"""The HSDS 3.0 open-data API: valid against the standard's schemas, multilingual, bounded in queries."""

import json
import uuid
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.models import RequiredDocument, Service, ServiceTranslationReview
from directory.signals import indexing_suspended
from tests.factories.directory import (
    LanguageFactory,
    LocationFactory,
    NeighborhoodFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR) / "directory" / "hsds" / "schema"


@cache
def registry() -> Registry:
    """The standard's table schemas, which refer to each other by file name (taxonomy.json…)."""
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
        for path in SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A compiled schema (service.json, service_list.json…) or, with "table:", one table's schema."""
    path = SCHEMAS / name.removeprefix("table:") if name.startswith("table:") else SCHEMAS / "compiled" / name
    schema = json.loads(path.read_text())
    return Draft202012Validator(schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(instance: dict, schema: str) -> None:
    errors = sorted(validator(schema).iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def assert_page(body: dict, *, item_schema: str) -> None:
    for key, kind in {
        "total_items": int,
        "total_pages": int,
        "page_number": int,
        "size": int,
        "first_page": bool,
        "last_page": bool,
        "empty": bool,
        "contents": list,
    }.items():
        assert isinstance(body[key], kind), key
    assert body["size"] == len(body["contents"])
    for item in body["contents"]:
        assert_valid(item, item_schema)


def directory_build() -> dict:
    """A small directory that uses every table the HSDS mapping covers, in several languages."""
    parent = OrganizationFactory(
        slug="city-of-boston", name_en="City of Boston", description_en="The city.", is_listed=True
    )
    org = OrganizationFactory(
        slug="legal-aid",
        name_en="Legal Aid Partners",
        name_es="Socios de Ayuda Legal",
        description_en="Free legal help.",
        description_ar="مساعدة قانونية مجانية.",
        website="https://legal.example.org",
        email="help@legal.example.org",
        year_incorporated=1999,
        parent_organization=parent,
        tax_id="04-1234567",
    )
    legal = TaxonomyTermFactory(code="legal", name_en="Legal help", name_es="Ayuda legal", description_en="Lawyers")
    citizenship = TaxonomyTermFactory(
        code="citizenship", name_en="Citizenship", name_zh_hans="入籍", parent=legal, order=2
    )
    TaxonomyTermFactory(code="health", name_en="Health", name_so="Caafimaad")
    service = ServiceFactory(
        organization=org,
        slug="free-legal-consultation",
        name_en="Free immigration legal consultation",
        name_es="Consulta legal de inmigración gratuita",
        name_ar="استشارة قانونية مجانية",
        description_en="A 15-minute phone consultation with a volunteer lawyer.",
        description_es="Una consulta telefónica de 15 minutos con un abogado voluntario.",
        eligibility_description_en="Anyone in Boston",
        fees_description_en="Free",
        application_process_en="Call the office.",
        url="https://www.boston.gov/immigration",
        regardless_of_status=True,
        no_id_required=True,
        is_free=True,
        by_phone=True,
        assured_date="2026-10-01",
        categories=[legal, citizenship],
    )
    other = ServiceFactory(organization=org, slug="citizenship-classes", name_en="Citizenship classes")
    location = LocationFactory(
        slug="east-boston-library",
        name="East Boston Branch Library",
        organization=org,
        neighborhood=NeighborhoodFactory(slug="east-boston", name="East Boston"),
        accessibility_en="Step-free entrance",
        accessibility_es="Entrada sin escalones",
    )
    ServiceAtLocationFactory(service=service, location=location, description="Monthly office hours")
    ServiceAtLocationFactory(service=other, location=location)
    PhoneFactory(service=service, number="617-635-2980", description_en="Main line", description_vi="Đường dây chính")
    PhoneFactory(service=None, location=location, number="617-569-0271", extension="12")
    PhoneFactory(service=None, organization=org, number="833-773-2445", type="text")
    ScheduleFactory(service=service, byday="MO,TU", description_en="Walk in", description_fr="Sans rendez-vous")
    ScheduleFactory(service=None, location=location, byday="SA", opens_at="10:00", closes_at="14:00")
    LanguageFactory(service=service, code="es")
    LanguageFactory(service=service, code="ht", note="Interpreter on Tuesdays")
    RequiredDocument.objects.create(
        service=service,
        document_en="Any ID you have",
        document_pt_br="Qualquer documento",
        uri="https://example.org/id",
    )
    ServiceTranslationReview.objects.filter(service=service, language="es").update(
        status=ServiceTranslationReview.Status.REVIEWED
    )
    return {"organization": org, "parent": parent, "service": service, "other": other, "legal": legal}


@pytest.fixture
def directory():
    return directory_build()


def get(client: Client, url: str, **headers) -> dict:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_service_detail_is_a_valid_fully_nested_hsds_service(client, directory):
    body = get(client, f"/api/hsds/services/{directory['service'].id}")
    assert_valid(body, "service.json")
    assert body["organization"]["name"] == "Legal Aid Partners"
    [sal] = body["service_at_locations"]
    location = sal["location"]
    assert location["addresses"][0]["address_1"] == "1 City Hall Square"
    assert location["addresses"][0]["postal_code"] == "02201"
    assert [p["number"] for p in location["phones"]] == ["617-569-0271"]
    assert location["schedules"][0]["byday"] == "SA"
    assert [p["number"] for p in body["phones"]] == ["617-635-2980"]
    assert {lang["code"] for lang in body["languages"]} == {"es", "ht"}
    assert body["required_documents"][0]["document"] == "Any ID you have"
    assert body["cost_options"][0]["amount"] == 0
    categories = {a["taxonomy_term"]["code"] for a in body["attributes"] if a["link_type"] == "category"}
    assert categories == {"legal", "citizenship"}
    flags = {a["taxonomy_term"]["code"] for a in body["attributes"] if a["link_type"] == "flag"}
    assert flags == {"regardless-of-immigration-status", "no-id-required", "by-phone"}
    assert body["assured_date"] == "2026-10-01"


def test_service_list_pages_follow_the_hsds_envelope(client, directory):
    body = get(client, "/api/hsds/services?per_page=1&page=2")
    assert_page(body, item_schema="service_list.json")
    assert body["total_items"] == 2
    assert body["total_pages"] == 2
    assert body["page_number"] == 2
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, True, False)


def test_full_service_list_items_are_valid_nested_services(client, directory):
    body = get(client, "/api/hsds/services?full=true")
    assert_page(body, item_schema="service.json")
    assert all("service_at_locations" in item for item in body["contents"])


def test_organizations_list_and_detail_are_valid_hsds(client, directory):
    body = get(client, "/api/hsds/organizations")
    assert_page(body, item_schema="organization_list.json")
    assert body["total_items"] == 2
    detail = get(client, f"/api/hsds/organizations/{directory['organization'].id}")
    assert_valid(detail, "organization.json")
    assert detail["parent_organization_id"] == str(directory["parent"].id)
    assert {s["name"] for s in detail["services"]} == {"Free immigration legal consultation", "Citizenship classes"}
    assert detail["locations"][0]["name"] == "East Boston Branch Library"
    assert detail["phones"][0]["number"] == "833-773-2445"
    full = get(client, f"/api/hsds/organizations/{directory['organization'].id}?full_service=true")
    assert_valid(full, "organization.json")
    assert any(s.get("service_at_locations") for s in full["services"])


def test_taxonomy_terms_are_valid_and_include_the_flags_attributes_point_to(client, directory):
    body = get(client, "/api/hsds/taxonomy_terms?per_page=100")
    assert_page(body, item_schema="table:taxonomy_term.json")
    ids = {item["id"] for item in body["contents"]}
    service = get(client, f"/api/hsds/services/{directory['service'].id}")
    assert {a["taxonomy_term_id"] for a in service["attributes"]} <= ids
    children = get(client, f"/api/hsds/taxonomy_terms?parent_id={directory['legal'].id}")
    assert [t["code"] for t in children["contents"]] == ["citizenship"]


def test_lang_parameter_chooses_the_language_with_english_fallback(client, directory):
    body = get(client, f"/api/hsds/services/{directory['service'].id}?lang=es")
    assert body["name"] == "Consulta legal de inmigración gratuita"
    # No Spanish eligibility text yet: the English one, rather than nothing.
    assert body["eligibility_description"] == "Anyone in Boston"
    assert body["organization"]["name"] == "Socios de Ayuda Legal"


def test_accept_language_is_used_when_no_lang_parameter(client, directory):
    response = client.get(f"/api/hsds/services/{directory['service'].id}", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert response.json()["name"] == "استشارة قانونية مجانية"
    assert response["Content-Language"] == "ar"
    assert "Accept-Language" in response["Vary"]


def test_default_language_is_english(client, directory):
    response = client.get(f"/api/hsds/services/{directory['service'].id}")
    assert response.json()["name"] == "Free immigration legal consultation"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("lang", ["zh_Hans", "ZH-HANS", "pt-BR"])
def test_language_codes_are_accepted_in_any_common_spelling(client, directory, lang):
    response = client.get(f"/api/hsds/services/{directory['service'].id}?lang={lang}")
    assert response["Content-Language"] == lang.lower().replace("_", "-")


def test_every_translation_travels_with_the_data_in_every_language(client, directory):
    body = get(client, f"/api/hsds/services/{directory['service'].id}")
    translations = body["translations"]
    assert set(translations) == set(settings.LANGUAGE_CODES)
    assert translations["es"]["name"] == "Consulta legal de inmigración gratuita"
    assert translations["ar"]["name"] == "استشارة قانونية مجانية"
    # Untranslated text is null, not silently the English text.
    assert translations["so"]["name"] is None
    assert body["organization"]["translations"]["ar"]["description"] == "مساعدة قانونية مجانية."
    assert body["phones"][0]["translations"]["vi"]["description"] == "Đường dây chính"
    assert body["schedules"][0]["translations"]["fr"]["description"] == "Sans rendez-vous"
    assert body["required_documents"][0]["translations"]["pt-br"]["document"] == "Qualquer documento"
    accessibility = body["service_at_locations"][0]["location"]["accessibility"][0]
    assert accessibility["translations"]["es"]["description"] == "Entrada sin escalones"
    legal = next(a for a in body["attributes"] if a["taxonomy_term"]["code"] == "legal")
    assert legal["taxonomy_term"]["translations"]["es"]["name"] == "Ayuda legal"


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-5",
        "page=99999999999999999999999",
        "per_page=100000",
        "per_page=0",
        "per_page=%00",
        "lang=xx",
        "lang=" + "x" * 5000,
        "full=maybe&minimal=2",
        "taxonomy_term_id=not-a-uuid",
        "organization_id=%27%3B--",
        "taxonomy_id=123",
        "modified_after=yesterday",
        "modified_after=2026-13-45",
        "search=" + "%F0%9F%98%80" * 100,
        "search=%00%01",
        "page=" + "9" * 5000,
    ],
)
def test_bad_query_strings_never_fail(client, directory, query):
    for path in ("/api/hsds/services", "/api/hsds/organizations", "/api/hsds/taxonomy_terms"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)
        body = response.json()
        assert 1 <= body["page_number"] <= body["total_pages"]
        assert body["size"] <= 200


def test_out_of_range_pages_are_clamped(client, directory):
    body = get(client, "/api/hsds/services?per_page=1&page=50")
    assert body["page_number"] == 2
    assert body["last_page"] is True
    assert get(client, "/api/hsds/services?per_page=100000")["size"] == 2


def test_unknown_or_malformed_ids_are_json_404s(client, directory):
    for path in ("/api/hsds/services/", "/api/hsds/organizations/"):
        for identifier in (uuid.uuid4(), "not-a-uuid", "%27"):
            response = client.get(f"{path}{identifier}")
            assert response.status_code == 404
            assert response.json() == {"error": "not_found"}


def test_filters_narrow_the_service_list(client, directory):
    by_term = get(client, f"/api/hsds/services?taxonomy_term_id={directory['legal'].id}")
    assert [s["id"] for s in by_term["contents"]] == [str(directory["service"].id)]
    other_org = OrganizationFactory()
    ServiceFactory(organization=other_org)
    by_org = get(client, f"/api/hsds/services?organization_id={directory['organization'].id}")
    assert by_org["total_items"] == 2
    assert get(client, "/api/hsds/services?modified_after=2999-01-01")["empty"] is True
    minimal = get(client, "/api/hsds/services?minimal=true")
    assert set(minimal["contents"][0]) == {"id", "name", "status", "last_modified"}


def test_search_finds_services_in_the_requested_language(client, directory):
    body = get(client, "/api/hsds/services?search=abogado&lang=es")
    # Best match first; "abogado" also means legal aid, so the other service of Legal Aid Partners follows.
    assert body["contents"][0]["id"] == str(directory["service"].id)


def test_inactive_services_are_published_with_their_status(client, directory):
    Service.objects.filter(pk=directory["other"].pk).update(status=Service.Status.INACTIVE)
    body = get(client, f"/api/hsds/services/{directory['other'].id}")
    assert body["status"] == "inactive"


def test_api_root_names_the_hsds_version(client):
    assert get(client, "/api/hsds/")["version"] == "3.0"


def test_api_is_read_only(client, directory):
    assert client.post("/api/hsds/services", {}).status_code == 405
    assert client.delete(f"/api/hsds/services/{directory['service'].id}").status_code == 405


def _bulk_services(count: int) -> list[Service]:
    org = OrganizationFactory()
    term = TaxonomyTermFactory()
    location = LocationFactory(organization=org)
    PhoneFactory(service=None, location=location)
    ScheduleFactory(service=None, location=location)
    services = []
    with indexing_suspended():
        for n in range(count):
            service = ServiceFactory(organization=org, name_es=f"Servicio {n}", is_free=n % 2 == 0, categories=[term])
            ServiceAtLocationFactory(service=service, location=location)
            PhoneFactory(service=service)
            ScheduleFactory(service=service)
            LanguageFactory(service=service)
            services.append(service)
    return services


@pytest.mark.parametrize("count", [10, 200])
def test_queries_do_not_grow_with_the_number_of_services(client, django_assert_max_num_queries, count):
    services = _bulk_services(count)
    org_id = services[0].organization_id
    for url, bound in (
        ("/api/hsds/services?per_page=200", 4),
        ("/api/hsds/services?per_page=200&full=true&lang=es", 12),
        (f"/api/hsds/services/{services[0].id}", 10),
        ("/api/hsds/organizations?per_page=200", 4),
        (f"/api/hsds/organizations/{org_id}?full_service=true", 14),
        ("/api/hsds/taxonomy_terms", 4),
        ("/api/hsds/services?minimal=true&per_page=1000&lang=vi", 3),
    ):
        with django_assert_max_num_queries(bound):
            body = get(client, url)
        if "contents" in body and "services" in url:
            assert body["size"] == count
            assert body["contents"][0]["name"]


def test_answers_are_cached_until_staff_change_something(client, directory, django_assert_max_num_queries):
    url = f"/api/hsds/services/{directory['service'].id}?lang=es"
    first = get(client, url)
    with django_assert_max_num_queries(0):
        assert get(client, url) == first
    service = Service.objects.get(pk=directory["service"].pk)
    service.name_es = "Consulta con abogado"
    service.save()
    assert get(client, url)["name"] == "Consulta con abogado"


def test_cached_answers_keep_their_language_headers(client, directory):
    url = f"/api/hsds/services/{directory['service'].id}"
    client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Content-Language"] == "ar"
    assert "Accept-Language" in response["Vary"]
    assert response.json()["name"] == "استشارة قانونية مجانية"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="es").json()["name"] == "Consulta legal de inmigración gratuita"
