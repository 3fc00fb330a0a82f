"""Public directory pages: filters, pagination, detail, print, email, bad input, cache, query counts."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import Language, Service, ServiceAtLocation
from directory.services import service_search_index_update, services_search_index_rebuild
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


def _url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"directory:{name}", kwargs=kwargs or None)


@pytest.fixture
def legal(office):
    return TaxonomyTermFactory(code="legal", name_en="Legal help", name_es="Ayuda legal")


# ------------------------------------------------------------------------------
# List, filters, pagination
# ------------------------------------------------------------------------------
def test_filters_combine_and_the_count_is_shown(client, legal):
    east_boston = NeighborhoodFactory(slug="east-boston", name="East Boston")
    match = ServiceFactory(name_en="Free immigration clinic", is_free=True, no_id_required=True, categories=[legal])
    ServiceAtLocationFactory(service=match, location=LocationFactory(neighborhood=east_boston))
    LanguageFactory(service=match, code="pt-br")
    ServiceFactory(name_en="Paid legal advice", is_free=False, categories=[legal])
    ServiceFactory(name_en="Free yoga", is_free=True)
    response = client.get(
        _url("index"),
        {
            "category": "legal",
            "neighborhood": "east-boston",
            "language": "pt-br",
            "is_free": "1",
            "no_id_required": "1",
        },
    )
    assert list(response.context["page"].object_list) == [match.pk]
    assert "1 service found" in response.content.decode()


@pytest.mark.parametrize("flag", ["regardless_of_status", "walk_in", "by_phone", "online"])
def test_each_access_filter_keeps_only_matching_services(client, office, flag):
    match = ServiceFactory(**{flag: True})
    ServiceFactory()
    response = client.get(_url("index"), {flag: "1"})
    assert list(response.context["page"].object_list) == [match.pk]


def test_pagination_keeps_the_filters(client, legal):
    for n in range(25):
        ServiceFactory(name_en=f"Legal service {n:02d}", is_free=True, categories=[legal])
    response = client.get(_url("index"), {"category": "legal", "is_free": "1", "page": "2"})
    html = response.content.decode()
    assert len(response.context["page"].object_list) == 5
    assert "?category=legal&amp;is_free=1&amp;page=1" in html


def test_unknown_filters_are_ignored(client, office):
    service = ServiceFactory()
    response = client.get(
        _url("index"), {"category": "nope", "neighborhood": "atlantis", "language": "xx", "colour": "red"}
    )
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [service.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "legal\x00help"},
        {"q": "\x00"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"page": "1e9"},
        {"category": "\x00"},
        {"q": "' OR 1=1 --"},
        {"q": "a & b | !c :* <->"},
        {"q": "%_\\"},
    ],
)
def test_bad_input_never_gives_a_server_error(client, office, params):
    ServiceFactory(name_en="Legal help")
    assert client.get(_url("index"), params).status_code == 200
    assert client.get(_url("print"), params).status_code == 200


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300), page=st.text(max_size=12))
def test_any_query_and_page_value_is_answered(client, office, q, page):
    response = client.get(_url("index", "ar"), {"q": q, "page": page})
    assert response.status_code == 200


def test_empty_results_suggest_clearing_filters_and_calling_the_office(client, office):
    ServiceFactory(name_en="Legal help")
    response = client.get(_url("index"), {"q": "zzzzqqqq", "is_free": "1"})
    html = response.content.decode()
    assert "No service matches your search." in html
    assert f'href="{_url("index")}"' in html
    assert f'href="tel:{office.phone}"' in html


def test_category_page_lists_only_that_category(client, legal):
    inside = ServiceFactory(categories=[legal])
    ServiceFactory()
    response = client.get(_url("category", "es", slug="legal"))
    assert list(response.context["page"].object_list) == [inside.pk]
    assert "<h1>Ayuda legal</h1>" in response.content.decode()
    assert client.get(_url("category", slug="unknown")).status_code == 404


def test_pages_work_in_every_language_and_arabic_is_right_to_left(client, office):
    from django.conf import settings as django_settings

    service = ServiceFactory()
    for code in django_settings.LANGUAGE_CODES:
        assert client.get(_url("index", code)).status_code == 200
        assert client.get(_url("detail", code, slug=service.slug)).status_code == 200
    assert 'dir="rtl"' in client.get(_url("index", "ar")).content.decode()


# ------------------------------------------------------------------------------
# Detail page
# ------------------------------------------------------------------------------
def test_detail_page_shows_what_a_resident_needs(client, office):
    service = ServiceFactory(
        name_en="Citizenship clinic",
        eligibility_description_en="Green card holders",
        fees_description_en="Free",
        application_process_en="Call to book",
        assured_date=datetime.date(2026, 3, 1),
    )
    location = LocationFactory(name="Codman Square branch", address_1="690 Washington Street")
    ServiceAtLocationFactory(service=service, location=location)
    PhoneFactory(service=service, number="833-773-2445")
    ScheduleFactory(service=service, byday="MO,WE")
    LanguageFactory(service=service, code="ht")
    other = ServiceFactory(organization=service.organization, name_en="ESOL classes")
    html = client.get(_url("detail", slug=service.slug)).content.decode()
    for text in ["Green card holders", "Call to book", "690 Washington Street", "Monday, Wednesday", "Kreyòl ayisyen"]:
        assert text in html
    assert 'href="tel:833-773-2445"'.replace("-", "") in html.replace("-", "")
    assert "https://www.openstreetmap.org/?mlat=42.360300" in html
    assert "March 1, 2026" in html
    assert other.get_absolute_url() in html
    assert "print.css" in html
    assert "data-directory-print" in html
    assert "Demo data" not in html


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_detail_page_loads_its_own_language_and_english_and_falls_back_without_extra_queries(client, office):
    # The page loads only its language's columns and English's (selectors.unshown_translations):
    # every translated piece must still show, in Spanish where there is Spanish, in English where
    # not, and reading a column left unloaded would cost a query per piece.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.models import RequiredDocument

    category = TaxonomyTermFactory(code="legal", name_en="Legal help", name_es="Ayuda legal")
    service = ServiceFactory(
        name_en="Citizenship clinic",
        name_es="Clínica de ciudadanía",
        eligibility_description_en="Green card holders",  # no Spanish: English shows
        fees_description_en="Free",
        fees_description_es="Gratis",
        application_process_en="Call to book",
        application_process_fr="Appelez pour réserver",  # another language: never shown in Spanish
        categories=[category],
    )
    service.organization.name_en, service.organization.name_es = "Welcome Center", "Centro de Bienvenida"
    service.organization.save()
    location = LocationFactory(accessibility_en="Step-free entrance", accessibility_es="Entrada sin escalones")
    ServiceAtLocationFactory(service=service, location=location)
    PhoneFactory(service=service, description_en="Spanish line", description_es="Línea en español")
    ScheduleFactory(service=service, description_en="By appointment")
    RequiredDocument.objects.create(service=service, document_en="Passport", document_es="Pasaporte")
    ServiceFactory(organization=service.organization, name_en="ESOL classes", name_es="Clases de inglés")

    queries = {}
    for code in ("en", "es", "so"):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(_url("detail", code, slug=service.slug)).content.decode()
        queries[code] = len(captured)
        if code == "es":
            spanish = html
    for text in ["Clínica de ciudadanía", "Centro de Bienvenida", "Gratis", "Ayuda legal", "Entrada sin escalones"]:
        assert text in spanish
    for text in ["Línea en español", "Pasaporte", "Clases de inglés", "Green card holders", "Call to book"]:
        assert text in spanish
    assert "By appointment" in spanish
    assert "Appelez pour réserver" not in spanish
    assert "Citizenship clinic" in html  # Somali has no text of its own: English throughout
    assert queries["es"] == queries["en"] == queries["so"]


def test_demo_services_are_labelled(client, office):
    service = ServiceFactory(is_demo=True)
    assert "not a real service" in client.get(_url("detail", slug=service.slug)).content.decode()


def test_inactive_or_unknown_services_are_not_found(client, office):
    service = ServiceFactory(status=Service.Status.INACTIVE)
    assert client.get(_url("detail", slug=service.slug)).status_code == 404
    assert client.get(_url("detail", slug="no-such-service")).status_code == 404


def test_printable_list_shows_every_result_with_the_filters(client, legal):
    ServiceFactory(name_en="Legal A", categories=[legal])
    ServiceFactory(name_en="Yoga")
    response = client.get(_url("print"), {"category": "legal"})
    assert [s.name for s in response.context["services"]] == ["Legal A"]


# ------------------------------------------------------------------------------
# Email me this list
# ------------------------------------------------------------------------------
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_email_list_is_sent_in_the_residents_language_and_the_address_is_not_kept(
    client, office, django_capture_on_commit_callbacks
):
    ServiceFactory(name_en="Legal clinic", name_es="Clínica legal")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("email", "es") + "?q=legal", {"email": "resident@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith(_url("email_sent", "es"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["resident@example.org"]
    assert "Clínica legal" in mail.outbox[0].body
    from django.apps import apps

    for model in apps.get_app_config("directory").get_models():
        for field in model._meta.concrete_fields:
            if field.get_internal_type() in {"CharField", "TextField", "EmailField"}:
                assert not model.objects.filter(**{f"{field.name}__contains": "resident@example.org"}).exists()


def test_email_form_keeps_what_was_typed_and_explains_the_error(client, office):
    response = client.post(_url("email", "fr"), {"email": "not-an-address"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="not-an-address"' in html
    assert 'aria-invalid="true"' in html


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_email_list_is_rate_limited_per_address(client, office, django_capture_on_commit_callbacks):
    ServiceFactory()
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(7):
            statuses.append(client.post(_url("email"), {"email": "Same@Example.org"}).status_code)
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert len(mail.outbox) == 5


# ------------------------------------------------------------------------------
# Cache
# ------------------------------------------------------------------------------
def test_anonymous_pages_are_cached_and_a_staff_edit_invalidates_them(client, office, django_assert_num_queries):
    service = ServiceFactory(name_en="Old name")
    assert "Old name" in client.get(_url("index")).content.decode()
    with django_assert_num_queries(0):
        assert "Old name" in client.get(_url("index")).content.decode()
    service.name_en = "New name"
    service.save()
    assert "New name" in client.get(_url("index")).content.decode()


def test_result_cards_are_in_the_page_language_and_follow_staff_edits(client, office):
    # Cards are cached apart from pages (directory/cards.py): a cached card must still change
    # when staff edit the service, and a Spanish card must not be served on the English page.
    from django.utils.translation import gettext

    service = ServiceFactory(name_en="Tax help", name_es="Ayuda con impuestos", is_free=True)
    place = LocationFactory(neighborhood=NeighborhoodFactory(name="Dorchester"))
    ServiceAtLocationFactory(service=service, location=place)
    with translation.override("es"):
        free_es = f'<li class="usa-tag">{gettext("Free of charge")}</li>'
    assert "Free of charge" not in free_es
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        spanish = client.get(_url("index", "es")).content.decode()
        assert "Ayuda con impuestos" in spanish
        assert "Dorchester" in spanish
        assert free_es in spanish
        english = client.get(_url("index", "en")).content.decode()
        assert "Tax help" in english
        assert '<li class="usa-tag">Free of charge</li>' in english
        assert "Ayuda con impuestos" not in english
        service.name_es = "Preparación de impuestos"
        service.is_free = False
        service.save()
        spanish = client.get(_url("index", "es")).content.decode()
    assert "Preparación de impuestos" in spanish
    assert "Ayuda con impuestos" not in spanish
    assert free_es not in spanish


def test_result_cards_escape_what_staff_typed(client, office):
    # Cards are built in Python (directory/cards.py), not by the template engine's autoescape.
    organization = OrganizationFactory(name_en='Aid & Co "North"')
    ServiceFactory(organization=organization, name_en="<script>alert(1)</script> clinic", description_en="a < b")
    page = client.get(_url("index")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; clinic" in page
    assert "Aid &amp; Co &quot;North&quot;" in page
    assert "a &lt; b" in page


def test_filter_form_shows_what_each_request_chose(client, office):
    # Below the search box the form is a cached fragment keyed on the chosen filters: a choice
    # made in one request must not show up selected in another.
    NeighborhoodFactory(slug="dorchester", name="Dorchester")
    chosen = client.get(_url("index") + "?neighborhood=dorchester&q=tax&is_free=1").content.decode()
    assert 'value="dorchester" selected' in chosen
    assert 'name="is_free" value="1" checked' in chosen
    other = client.get(_url("index") + "?q=rent").content.decode()
    assert 'value="rent"' in other
    assert 'value="dorchester" selected' not in other
    assert 'name="is_free" value="1" checked' not in other


def test_cache_is_per_language(client, office):
    ServiceFactory(name_en="Legal clinic", name_es="Clínica legal")
    assert "Legal clinic" in client.get(_url("index")).content.decode()
    assert "Clínica legal" in client.get(_url("index", "es")).content.decode()


# ------------------------------------------------------------------------------
# Query counts stay constant
# ------------------------------------------------------------------------------
def _populate(count: int) -> Service:
    legal = TaxonomyTermFactory(code="legal")
    organization = OrganizationFactory()
    place = NeighborhoodFactory()
    location = LocationFactory(neighborhood=place)
    services = Service.objects.bulk_create(
        Service(
            organization=organization,
            slug=f"bulk-{n}",
            name=f"Legal help {n}",
            name_en=f"Legal help {n}",
            name_es=f"Ayuda legal {n}",
            description_en="Free lawyers for immigrants.",
        )
        for n in range(count)
    )
    Service.taxonomy_terms.through.objects.bulk_create(
        Service.taxonomy_terms.through(service_id=s.pk, taxonomyterm_id=legal.pk) for s in services
    )
    ServiceAtLocation.objects.bulk_create(ServiceAtLocation(service=s, location=location) for s in services)
    Language.objects.bulk_create(Language(service=s, code="es") for s in services)
    services_search_index_rebuild(queryset=Service.objects.filter(pk__in=[s.pk for s in services[:40]]))
    service = services[0]
    PhoneFactory(service=service)
    ScheduleFactory(service=service)
    service_search_index_update(service=service)
    return service


@pytest.mark.parametrize("count", [10, 500])
@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_public_pages_run_a_constant_number_of_queries(client, office, django_assert_max_num_queries, count):
    service = _populate(count)
    client.get(_url("index"))  # the office profile and sessions are warmed once
    with django_assert_max_num_queries(8):
        assert client.get(_url("index", "es"), {"page": "2"}).status_code == 200
    with django_assert_max_num_queries(8):  # Somali has no text of its own here: English fallback, same queries
        assert client.get(_url("index", "so"), {"page": "2"}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(_url("index", "es"), {"q": "ayuda", "category": "legal", "language": "es"}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(_url("category", "es", slug="legal")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(_url("detail", "es", slug=service.slug)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(_url("print", "es"), {"category": "legal"}).status_code == 200


# ------------------------------------------------------------------------------
# Home page
# ------------------------------------------------------------------------------
def test_home_page_links_to_the_most_used_categories(client, legal):
    health = TaxonomyTermFactory(code="health", name_en="Health")
    TaxonomyTermFactory(code="empty", name_en="Nothing here")
    for _n in range(3):
        ServiceFactory(categories=[legal])
    ServiceFactory(categories=[health])
    html = client.get("/en/").content.decode()
    assert html.index("Legal help") < html.index("/en/directory/category/health/")
    assert "Nothing here" not in html
