"""Search that works in every language: full text per language, trigram for typos, fallbacks."""

import pytest
from modeltranslation.utils import build_localized_fieldname

from directory.models import Service
from directory.selectors import ServiceFilters, service_list, service_search, service_search_ranking
from tests.factories.directory import ServiceFactory, TaxonomyTermFactory

pytestmark = pytest.mark.django_db

HELP_CATEGORIES = {"legal", "citizenship", "know-your-rights"}


def _top(query: str, language: str, count: int = 5) -> list[Service]:
    services = Service.objects.filter(status=Service.Status.ACTIVE).prefetch_related("taxonomy_terms")
    return list(service_search(services=services, query=query, language=language)[:count])


def _is_legal_or_citizenship(service: Service) -> bool:
    return bool({term.code for term in service.taxonomy_terms.all()} & HELP_CATEGORIES)


# (query, page language): each must find legal or citizenship help first.
MULTILINGUAL_QUERIES = [
    ("abogado", "es"),
    ("abogado", "en"),  # typed on the English page: found through the other languages
    ("avoka", "ht"),
    ("律师", "zh-hans"),
    ("律師", "zh-hant"),
    ("luật sư", "vi"),
    ("luat su", "vi"),  # without the accents
    ("محامي", "ar"),
    ("advogado", "pt-br"),
    ("адвокат", "ru"),
    ("avocat", "fr"),
    ("qareen", "so"),
    ("citizenshp", "en"),  # a typo
    ("citizenship", "so"),  # English text is searched from every page
    ("lawyer", "es"),
]


@pytest.mark.postgres
def test_each_language_finds_legal_and_citizenship_help(boston_directory):
    # One seeded directory for every query (seeding is the slow part); all misses are reported together.
    misses = {}
    for query, language in MULTILINGUAL_QUERIES:
        results = _top(query, language)
        if not results or not _is_legal_or_citizenship(results[0]):
            misses[(query, language)] = [s.slug for s in results]
    assert misses == {}


@pytest.mark.postgres
def test_results_are_ranked_with_name_matches_first(office):
    legal = TaxonomyTermFactory(code="legal")
    mention = ServiceFactory(name_en="Food pantry", description_en="We can also refer you to a citizenship clinic.")
    named = ServiceFactory(name_en="Citizenship application help", description_en="Apply for citizenship with us.")
    named.taxonomy_terms.add(legal)
    ServiceFactory(name_en="Bike repair", description_en="Fix your bicycle.")
    results = _top("citizenship", "en")
    assert [s.pk for s in results] == [named.pk, mention.pk]
    ranking = service_search_ranking(services=Service.objects.all(), query="citizenship", language="en")
    assert ranking[0][1] > ranking[1][1]


@pytest.mark.postgres
def test_page_language_is_preferred_and_other_languages_are_the_fallback(office):
    spanish = ServiceFactory(name_en="Tenant rights", name_es="Derechos de inquilinos")
    ServiceFactory(name_en="Garden club")
    assert [s.pk for s in _top("inquilinos", "es")] == [spanish.pk]
    assert [s.pk for s in _top("inquilinos", "en")] == [spanish.pk]


def test_search_matches_localized_text_on_any_database(office):
    service = ServiceFactory(name_en="Legal clinic", name_es="Clínica de abogados")
    ServiceFactory(name_en="Swimming lessons")
    found = service_list(user=None, filters=ServiceFilters(query="abogados"), language="es")
    assert [s.pk for s in found] == [service.pk]


def test_saving_a_service_rebuilds_its_search_text(office):
    service = ServiceFactory(name_en="Garden club")
    service.name_en = "Tax preparation"
    service.save()
    assert [s.pk for s in service_list(user=None, filters=ServiceFilters(query="tax"), language="en")] == [service.pk]
    assert not service_list(user=None, filters=ServiceFilters(query="garden"), language="en")


def test_inactive_services_are_not_found(office):
    ServiceFactory(name_en="Legal clinic", status=Service.Status.INACTIVE)
    assert not service_list(user=None, filters=ServiceFilters(query="legal"), language="en")


def test_reindex_command_indexes_services_loaded_in_bulk(office):
    from django.core.management import call_command

    from tests.factories.directory import OrganizationFactory

    organization = OrganizationFactory()
    Service.objects.bulk_create([Service(organization=organization, slug="bulk", name_en="Housing search help")])
    assert not service_list(user=None, filters=ServiceFilters(query="housing"), language="en")
    call_command("directory_reindex", verbosity=0)
    assert service_list(user=None, filters=ServiceFilters(query="housing"), language="en")


@pytest.mark.postgres
def test_every_text_search_configuration_in_use_has_its_own_index():
    # Each search branch is answered by its configuration's partial GIN index (migration 0008);
    # a language added with a new configuration and no index would be searched by a full scan.
    from django.conf import settings
    from django.db import connection

    from directory.analysis import text_search_config

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'directory_servicesearchdocument'")
        definitions = [row[0] for row in cursor.fetchall()]
    for config in {text_search_config(code) for code in settings.LANGUAGE_CODES}:
        assert any("gin (vector)" in d and f"'{config}'" in d for d in definitions), config


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "es", "ar", "zh-hans", "pt-br"])
def test_a_list_page_reads_its_services_in_name_order_from_an_index(language):
    # A public list page in any language reads 20 active services in that language's name order
    # (English where a name is missing). The index on that order must match the expression the
    # list uses exactly, or PostgreSQL sorts every service on every uncached page (64 ms in Arabic
    # on 5,000 services). With sequential scans priced out, the plan shows which it can do.
    from django.db import connection, transaction

    from directory.selectors import service_ids

    ServiceFactory.create_batch(3)
    ids = service_ids(user=None, filters=ServiceFilters(), language=language)
    sql, params = ids[20:40].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"directory_service_{build_localized_fieldname('name', language)}" in plan, plan
    assert "Sort" not in plan, plan


@pytest.mark.postgres
def test_searches_of_one_shape_are_planned_once_per_connection(office):
    # Planning the ranking statement cost a third of its time; three searches with different
    # words but the same shape (two words, the same languages) must reuse one plan.
    from django.db import connection

    ServiceFactory(name_en="Bicycle repair workshop", description_en="Volunteers fix bicycles and teach repair.")
    for query in ("bicycle repair", "repair workshop", "volunteers teach"):
        assert _top(query, "en")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["SELECT ranked.service_id%"],
        )
        plans = cursor.fetchall()
    assert plans, "the ranking statement was not prepared"
    assert max(generic for generic, _ in plans) >= 3
    assert sum(custom for _, custom in plans) == 0


@pytest.mark.postgres
def test_search_works_inside_a_request_that_writes(office):
    # pghistory adds a statement of its own before every statement of a writing request that does
    # not start with SELECT; a statement bound on the server must stay a single statement.
    import pghistory

    service = ServiceFactory(name_en="Know your rights workshop")
    with pghistory.context(url="/admin/"):
        assert [s.pk for s in _top("rights workshop", "en")] == [service.pk]
