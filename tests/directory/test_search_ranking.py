# ruff: noqa: RUF001  (Chinese punctuation-free queries and full-width forms are the point here)
"""Search as residents type: ranking instead of all-or-nothing, Chinese, typos, concepts, no dead
end, search gaps for editors, and the embedded SQLite mode (these run on both databases unless
marked postgres)."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname

from directory import selectors
from directory.models import SearchConcept, SearchGap, Service
from directory.selectors import ServiceFilters, service_list
from directory.services import search_gaps_purge
from moia.accounts.roles import DIRECTORY_EDITORS
from tests.factories.accounts import StaffFactory, totp_enable
from tests.factories.directory import ServiceFactory, TaxonomyTermFactory

pytestmark = pytest.mark.django_db


def _found(query: str, language: str = "en") -> list:
    return [s.pk for s in service_list(user=None, filters=ServiceFilters(query=query), language=language)]


def _url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"directory:{name}")


# ------------------------------------------------------------------------------
# Ranking instead of all-or-nothing
# ------------------------------------------------------------------------------
def test_extra_words_never_empty_the_list(office):
    counselling = ServiceFactory(name_en="Counselling in Haitian Creole", description_en="Family counselling.")
    ServiceFactory(name_en="Bike repair")
    assert _found("counselling for my teenage son") == [counselling.pk]
    assert _found("ayuda para abrir un negocio pequeño abogado counselling") == [counselling.pk]


def test_services_covering_more_of_the_query_come_first(office):
    one = ServiceFactory(name_en="Tenant rights workshop", description_en="How eviction works.")
    all_of_it = ServiceFactory(name_en="Eviction help", description_en="Emergency rental assistance money.")
    ServiceFactory(name_en="Garden club")
    assert _found("eviction rental assistance") == [all_of_it.pk, one.pk]


def test_a_match_in_the_name_or_category_ranks_above_one_in_the_description(office):
    housing = TaxonomyTermFactory(code="housing", name_en="Housing")
    mention = ServiceFactory(name_en="Food pantry", description_en="We also know about housing.")
    category = ServiceFactory(name_en="Apartment search", description_en="Lotteries.", categories=[housing])
    assert _found("housing") == [category.pk, mention.pk]


def test_words_side_by_side_rank_above_the_same_words_apart(office):
    apart = ServiceFactory(name_en="Classes", description_en="English for work, and card games for seniors.")
    together = ServiceFactory(name_en="Classes", description_en="Help with your green card and your work permit.")
    assert _found("green card classes")[0] == together.pk
    assert set(_found("green card classes")) == {apart.pk, together.pk}


def test_the_page_language_comes_before_english(office):
    english = ServiceFactory(name_en="Abogado Street legal clinic")
    spanish = ServiceFactory(name_en="Legal clinic", name_es="Clínica con abogado")
    assert _found("abogado", "es")[0] == spanish.pk
    assert english.pk in _found("abogado", "es")


def test_accents_numbers_and_acronyms_are_kept_or_folded_alike(office):
    daca = ServiceFactory(name_en="DACA and TPS renewals", description_en="Form I-821D.")
    spanish = ServiceFactory(name_en="Youth", name_es="Niñez y educación")
    assert _found("daca") == [daca.pk]
    assert _found("Ｔｐｓ") == [daca.pk]  # full-width letters, as some phone keyboards send them
    assert _found("821d") == [daca.pk]
    assert _found("ninez educacion", "es") == [spanish.pk]


def test_languages_without_a_stemmer_find_other_endings(office):
    lawyer = ServiceFactory(name_en="Lawyer", name_so="Qareen bilaash ah", name_ht="Avoka imigrasyon")
    assert _found("qareenka", "so") == [lawyer.pk]  # "the lawyer": the word with its ending
    assert _found("qaree", "so") == [lawyer.pk]  # the beginning of the word
    assert _found("imigrasyonn", "ht") == [lawyer.pk]


# ------------------------------------------------------------------------------
# Chinese
# ------------------------------------------------------------------------------
def test_chinese_typed_without_spaces_finds_the_words_inside(office):
    green_card = ServiceFactory(name_en="Green card help", name_zh_hans="家庭移民申请与绿卡帮助")
    ServiceFactory(name_en="Soccer", name_zh_hans="青少年足球联赛")
    assert _found("我想找人帮我申请绿卡", "zh-hans")[0] == green_card.pk


def test_traditional_and_simplified_characters_find_each_other(office):
    simplified = ServiceFactory(name_en="Lawyers", name_zh_hans="移民律师咨询")
    traditional = ServiceFactory(name_en="Tax help", name_zh_hant="免費報稅服務")
    assert _found("移民律師", "zh-hant") == [simplified.pk]
    assert _found("免费报税", "zh-hans") == [traditional.pk]


# ------------------------------------------------------------------------------
# Typos
# ------------------------------------------------------------------------------
@pytest.mark.postgres
@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_a_typo_is_corrected_against_the_directory_and_the_page_says_so(client, office):
    service = ServiceFactory(name_en="Citizenship classes", name_es="Clases de ciudadanía")
    html = client.get(_url("index"), {"q": "citizenshp classes"}).content.decode()
    assert "Showing results for citizenship classes" in html
    assert "Search instead for citizenshp classes" in html
    assert 'href="?q=citizenshp+classes&amp;exact=1"' in html
    assert service.get_absolute_url() in html
    exact = client.get(_url("index"), {"q": "citizenshp classes", "exact": "1"}).content.decode()
    assert "Showing results for" not in exact
    spanish = client.get(_url("index", "es"), {"q": "cuidadania"}).content.decode()
    assert "Mostrando resultados de ciudadania" in spanish


@pytest.mark.postgres
def test_a_word_that_occurs_is_never_corrected(office):
    party = ServiceFactory(name_en="Garden party")
    pantry = ServiceFactory(name_en="Food pantry")
    search = selectors.search_query_parse(query="party", language="en")
    assert search.corrected == ""
    assert _found("party") == [party.pk]
    assert _found("pantri") == [pantry.pk]


# ------------------------------------------------------------------------------
# Concepts
# ------------------------------------------------------------------------------
def test_seeded_concepts_join_the_residents_words_to_the_listings_words(concepts):
    snap = ServiceFactory(name_en="SNAP application help")
    green_card = ServiceFactory(name_en="Family petitions and green card help")
    rights = ServiceFactory(name_en="Know your rights at work")
    assert _found("food stamps") == [snap.pk]
    assert _found("permanent residence") == [green_card.pk]
    assert _found("la migra", "es") == [rights.pk]
    assert SearchConcept.objects.count() >= 15
    for field in (build_localized_fieldname("terms", code) for code in ("es", "zh-hant", "ht", "so", "kea", "ar")):
        assert SearchConcept.objects.exclude(**{field: ""}).count() >= 15, field


def test_after_the_cache_is_emptied_search_uses_the_concepts_in_the_database_not_a_processs_memory():
    # Each web process keeps the concepts for the directory's version in memory. When Redis
    # restarts (or is flushed) the version starts again: it must not come back to a number some
    # process still holds concepts for. Here the concept changes while the cache is down, without
    # the signal that would move the version on (as an edit lost with the cache would).
    from django.core.cache import cache

    bicycle = ServiceFactory(name_en="Bicycle repair workshop")
    concept = SearchConcept.objects.create(name="bike", terms_en="bike\nbicycle")
    assert _found("bike") == [bicycle.pk]
    cache.clear()
    SearchConcept.objects.filter(pk=concept.pk).update(terms_en="bike\ntricycle")
    tricycle = ServiceFactory(name_en="Tricycle loans")
    bicycle.delete()
    assert _found("bike") == [tricycle.pk]


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=300)
def test_search_gaps_show_editors_repeated_queries_only_and_a_synonym_is_two_clicks_away(client, office):
    bicycle = ServiceFactory(name_en="Bicycle repair workshop")
    today = timezone.localdate()
    for days_ago in (0, 1, 2):
        SearchGap.objects.create(day=today - datetime.timedelta(days=days_ago), language="en", query="bike", count=2)
    for days_ago in (0, 1):  # typed on two days only: perhaps a name, never shown
        SearchGap.objects.create(day=today - datetime.timedelta(days=days_ago), language="en", query="maria lopez")
    assert _found("bike") == []
    assert client.get(_url("index"), {"q": "bike"}).status_code == 200  # the page cache is warm now

    editor = StaffFactory(roles=[DIRECTORY_EDITORS])
    totp_enable(editor)
    client.force_login(editor)
    page = client.get(reverse("admin:directory_searchgap_changelist"))
    html = page.content.decode()
    assert "bike" in html
    assert "maria lopez" not in html
    add_url = reverse("admin:directory_searchconcept_add") + "?name=bike&amp;terms_en=bike"
    assert add_url in html
    # Click 1: the prefilled form; click 2: save it, with the word the listing uses added.
    form = client.get(add_url.replace("&amp;", "&"))
    assert 'value="bike"' in form.content.decode()
    saved = client.post(reverse("admin:directory_searchconcept_add"), {"name": "bike", "terms_en": "bike\nbicycle"})
    assert saved.status_code == 302
    client.logout()
    assert _found("bike") == [bicycle.pk]
    assert bicycle.get_absolute_url() in client.get(_url("index"), {"q": "bike"}).content.decode()


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=300)
def test_every_search_that_found_nothing_is_counted_even_when_the_page_came_from_the_cache(client, office):
    ServiceFactory(name_en="Bicycle repair workshop")
    for _resident in range(3):
        assert client.get(_url("index"), {"q": "zzyzx quux"}).status_code == 200
    gap = SearchGap.objects.get()
    assert (gap.query, gap.count) == ("zzyzx quux", 3)


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=300)
def test_results_nobody_opens_day_after_day_reach_editors_and_an_opened_one_does_not(client, office):
    """Residents search "work permit" and get results, but never open one: the listing they want
    is missing. "bicycle" finds the workshop and residents open it: not a gap."""
    ServiceFactory(name_en="Work boots donation")
    ServiceFactory(name_en="Bicycle repair workshop")
    today = timezone.localdate()
    for days_ago in (1, 2):
        for query in ("work permit", "bicycle"):
            SearchGap.objects.create(day=today - datetime.timedelta(days=days_ago), language="en", query=query, shown=4)
    # Today, as residents: both searches show results (from the page cache after the first).
    for _resident in range(2):
        for query in ("work permit", "bicycle"):
            assert client.get(_url("index"), {"q": query}).status_code == 200
    html = client.get(_url("index"), {"q": "bicycle"}).content.decode()
    ping = reverse("directory:search_opened") + "?q=bicycle"
    assert f'<a ping="{ping}" href="' in html
    # The browser sends the ping when the resident opens the result: no token, no cookie.
    assert client.post(ping, content_type="text/ping", data="PING").status_code == 204
    assert SearchGap.objects.get(day=today, query="bicycle").opened == 1
    # A ping for a search nobody made can only say "opened", which no list shows: nobody can
    # plant words in front of the editors, on any number of days.
    for days_ago in (1, 2):
        SearchGap.objects.create(
            day=today - datetime.timedelta(days=days_ago), language="en", query="call maria", opened=1
        )
    client.post(reverse("directory:search_opened") + "?q=call+maria", content_type="text/ping", data="PING")

    editor = StaffFactory(roles=[DIRECTORY_EDITORS])
    totp_enable(editor)
    client.force_login(editor)
    html = client.get(reverse("admin:directory_searchgap_changelist")).content.decode()
    not_opened = html.split('id="not-opened"', 1)[1]
    assert "work permit" in not_opened
    assert "bicycle" not in not_opened
    assert "work permit" not in html.split('id="not-opened"', 1)[0]  # it found something
    assert "maria" not in html


def test_search_counts_wait_in_the_process_and_are_added_not_overwritten(office, settings):
    """Production writes counts every few seconds: nothing counted is lost or double-counted,
    and two processes' batches add up."""
    from directory.services import search_counts, search_record, search_result_opened

    settings.SEARCH_COUNT_FLUSH_SECONDS = 3600
    search_counts.written_at = __import__("time").monotonic()
    for _n in range(3):
        search_record(query="english classes", language="es", found=True)
    search_record(query="zzqq", language="es", found=False)
    search_result_opened(query="english classes", language="es")
    assert not SearchGap.objects.exists()  # still in this process
    search_counts.flush()
    search_record(query="english classes", language="es", found=True)  # another batch
    search_counts.flush()
    rows = {row.query: (row.count, row.shown, row.opened) for row in SearchGap.objects.all()}
    assert rows == {"english classes": (0, 4, 1), "zzqq": (1, 0, 0)}


def test_residents_and_other_staff_cannot_see_search_gaps(client, office):
    assert client.get(reverse("admin:directory_searchgap_changelist")).status_code == 302
    staff = StaffFactory(roles=[])
    client.force_login(staff)
    assert client.get(reverse("admin:directory_searchgap_changelist")).status_code in {302, 403}


# ------------------------------------------------------------------------------
# Never a dead end; what is recorded
# ------------------------------------------------------------------------------
@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_nothing_found_offers_categories_the_office_and_help_requests_in_the_residents_language(client, office):
    TaxonomyTermFactory(code="housing", name_en="Housing", name_es="Vivienda")
    TaxonomyTermFactory(code="legal", name_en="Legal help", name_es="Ayuda legal")
    ServiceFactory(name_en="Bike repair")
    html = client.get(_url("index", "es"), {"q": "zzqqxx vivienda"}).content.decode()
    assert "Estas categorías pueden ayudarle:" in html
    assert "/es/directory/category/housing/" in html
    assert f'href="tel:{office.phone}"' in html
    assert f'href="mailto:{office.email}"' in html
    assert "Pida ayuda a uno de nuestros programas" in html
    with translation.override("es"):
        assert f'href="{reverse("programs:index")}"' in html


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_a_search_that_found_nothing_is_counted_by_words_day_and_language_only(client, office):
    ServiceFactory(name_en="Bike repair")
    for _n in range(2):
        client.get(_url("index", "es"), {"q": "  Ayuda para Niñez  zzqq "}, REMOTE_ADDR="203.0.113.9")
    client.get(_url("index"), {"q": "bike"})  # found something: counted as shown, not as a gap
    gap = SearchGap.objects.get(count__gt=0)
    assert (gap.query, gap.language, gap.day, gap.count) == ("ayuda ninez zzqq", "es", timezone.localdate(), 2)
    fields = {f.name for f in SearchGap._meta.get_fields()}
    assert fields == {"id", "day", "language", "query", "count", "shown", "opened"}


def test_search_gaps_older_than_30_days_are_purged(office):
    today = timezone.localdate()
    SearchGap.objects.create(day=today - datetime.timedelta(days=31), language="en", query="old")
    SearchGap.objects.create(day=today - datetime.timedelta(days=30), language="en", query="kept")
    assert search_gaps_purge(today=today) == 1
    assert list(SearchGap.objects.values_list("query", flat=True)) == ["kept"]
    from moia.celery import app

    app.loader.import_default_modules()
    app.finalize()
    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "directory.tasks.search_gaps_purge_task" in tasks


# ------------------------------------------------------------------------------
# One engine in spirit: the embedded mode's Python ranking agrees with PostgreSQL's
# ------------------------------------------------------------------------------
@pytest.mark.postgres
def test_the_embedded_ranking_finds_what_postgresql_finds(concepts):
    ServiceFactory(name_en="Counselling in Haitian Creole", description_en="Family counselling for stress.")
    ServiceFactory(name_en="Eviction help", description_en="Emergency rental assistance.")
    ServiceFactory(name_en="Green card help", name_zh_hans="绿卡帮助", description_en="Family petitions.")
    ServiceFactory(name_en="Citizenship classes", description_en="Civics test practice.")
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    for query, language in [
        ("counseling for my teenage son", "en"),
        ("help with eviction and rent", "en"),
        ("我想申请绿卡", "zh-hans"),
        ("citizenship test", "en"),
        ("permanent residence", "en"),
    ]:
        search = selectors.search_query_parse(query=query, language=language)
        postgres = selectors._postgres_ranked(search, language, None, services)
        python = selectors._python_ranked(search, language, None, services)
        assert connection.vendor == "postgresql"
        assert python, query
        assert python[0][0] == postgres[0][0], query


# ------------------------------------------------------------------------------
# Query counts stay constant, with corrections and when nothing is found
# ------------------------------------------------------------------------------
@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_search_pages_run_a_constant_number_of_queries(client, office):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    def queries(params: dict) -> int:
        with CaptureQueriesContext(db) as captured:
            assert client.get(_url("index"), params).status_code == 200
        return len(captured)

    counts = []
    for total in (5, 60):
        for n in range(total - Service.objects.count()):
            ServiceFactory(name_en=f"Citizenship class {n}", description_en="Civics test and interview practice.")
        client.get(_url("index"), {"q": "warm up"})
        counts.append([queries({"q": q}) for q in ("citizenshp interview", "zzqqxx", "citizenship", "我想申请绿卡")])
    assert counts[0] == counts[1]
