"""The open HSDS API cannot be used to fill the cache shared with every public page."""

import pytest
from django.core.cache import cache

from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db


def _cache_keys() -> set[str]:
    if hasattr(cache, "keys"):  # django-redis
        return set(cache.keys("*"))
    return set(cache._cache)  # local memory (SQLite runs)


def test_unknown_or_differently_written_parameters_create_no_cache_entries(client):
    ServiceFactory(name_en="Legal clinic")
    assert client.get("/api/hsds/services").status_code == 200
    assert client.get("/api/hsds/organizations").status_code == 200
    before = _cache_keys()
    for number in range(100):
        path = "/api/hsds/services" if number % 2 else "/api/hsds/organizations"
        response = client.get(path, {"junk": number, "page": f"0{1}", "per_page": "50 ", "full_service": ""})
        assert response.status_code == 200
    added = {key for key in _cache_keys() - before if "hsds:api" in key}
    assert added == set()


def test_a_known_parameter_still_gets_its_own_answer(client):
    ServiceFactory(name_en="Legal clinic")
    ServiceFactory(name_en="Food pantry")
    assert client.get("/api/hsds/services", {"per_page": 1}).json()["size"] == 1
    assert client.get("/api/hsds/services", {"per_page": 2}).json()["size"] == 2
    assert client.get("/api/hsds/services", {"search": "pantry"}).json()["total_items"] == 1


def test_the_api_is_rate_limited_per_client(client, settings):
    settings.HSDS_API_RATE = "5/m"
    statuses = [client.get("/api/hsds/services", REMOTE_ADDR="203.0.113.4").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    limited = client.get("/api/hsds/organizations", REMOTE_ADDR="203.0.113.4")
    assert limited.json() == {"error": "rate_limited"}
    assert client.get("/api/hsds/services", REMOTE_ADDR="203.0.113.5").status_code == 200
