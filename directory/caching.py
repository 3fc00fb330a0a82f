"""Cached until the next staff edit: the directory's one cache mechanism.

Two kinds of content, two kinds of stamp, one pair of functions (`cached_for_version`,
`cache_for_version`) and one page helper (`public_page`):

- what depends on the whole directory (list, category and search pages, filter options, search
  concepts, API answers, the datapackage) carries the directory's version, which every staff
  edit increases;
- what depends on one service (its detail page, its result card) carries that service's stamp:
  a token changed by an edit to the service, its organization, locations, phones, schedules,
  languages, documents or translation reviews, plus a shared token changed by an edit that every
  service's page shows (categories, neighbourhoods). An edit to one listing so leaves every other
  listing's page and card cached.

Nothing cached is ever stale and nothing needs deleting: entries whose stamp moved on are simply
never read again and expire. Anonymous public pages also carry HTTP caching headers, so a CDN or
Varnish in front can serve them (README, "A CDN in front").
"""

import hashlib
import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "directory:cache-version"
# Changed by edits every service's page shows; a service's own token by edits to that service.
SHARED_KEY = "directory:shared-stamp"


def _service_key(service: int | str) -> str:
    # Pages know a service by its slug, cards by its id: both are stamped together.
    return f"directory:service-stamp:{service}"


def _first_version() -> int:
    # Random, not 1: the version starts again whenever the cache loses it (a Redis restart or
    # flush, the fallback memory cache during an outage). A counter restarting at 1 would meet
    # what a web process still keeps in memory for the old version 1 (`versioned`).
    return secrets.randbelow(2**48) + 1


def directory_cache_version() -> int:
    """The number in every cached directory page, card and export's key; staff edits increase it."""
    return cache.get_or_set(VERSION_KEY, _first_version, None)


def directory_cache_invalidate(*, services: Iterable[tuple[uuid.UUID, str]] | None = None) -> None:
    """Make cached directory content stale after a staff edit: every list, search and export, and
    the detail pages and cards of `services` (pairs of id and slug); of every service when None."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _first_version(), None)
    # A fresh token each time (never a counter): a token lost from the cache cannot come back to
    # an old value and revive pages built before an edit.
    if services is None:
        cache.set(SHARED_KEY, uuid.uuid4().hex, None)
        return
    stamps = {}
    for pk, slug in services:
        token = uuid.uuid4().hex
        stamps[_service_key(pk)] = stamps[_service_key(slug)] = token
    if stamps:
        cache.set_many(stamps, None)


def _stamp(found: dict, service: int | str | None) -> Any:
    if service is None:
        return found.get(VERSION_KEY) or directory_cache_version()
    return (found.get(SHARED_KEY), found.get(_service_key(service)))


def cached_for_version(key: str, *, service: int | str | None = None) -> tuple[Any, Any]:
    """The current stamp (the directory's version, or `service`'s stamp), and what is cached under
    `key` for that stamp (None if nothing is, or it was built before a staff edit that changed
    it). One round trip to the cache: for a cached page or API answer, that read is most of what
    serving it costs."""
    keys = [VERSION_KEY] if service is None else [SHARED_KEY, _service_key(service)]
    found = cache.get_many([*keys, key])
    stamp = _stamp(found, service)
    entry = found.get(key)
    return stamp, entry[1] if entry is not None and entry[0] == stamp else None


def cache_for_version(key: str, stamp: Any, value: Any, seconds: int) -> None:
    """Keep `value` under `key`, valid until the stamp it was built for moves on."""
    cache.set(key, (stamp, value), seconds)


def cached_per_service(prefix: str, ids: list, build: Callable[[list], dict], seconds: int) -> dict:
    """{id: value} for these services, each kept under `prefix` and its id with the service's
    stamp; `build` gets the ids whose value is missing or stale and returns {id: value}."""
    if seconds <= 0 or not ids:
        return build(list(ids)) if ids else {}
    keys = {pk: f"{prefix}:{pk}" for pk in ids}
    found = cache.get_many([SHARED_KEY, *(_service_key(pk) for pk in ids), *keys.values()])
    stamps = {pk: _stamp(found, pk) for pk in ids}
    values = {}
    for pk in ids:
        entry = found.get(keys[pk])
        if entry is not None and entry[0] == stamps[pk]:
            values[pk] = entry[1]
    missing = [pk for pk in ids if pk not in values]
    if missing:
        built = build(missing)
        cache.set_many({keys[pk]: (stamps[pk], value) for pk, value in built.items()}, seconds)
        values |= built
    return values


# {name: (version, monotonic expiry, value)}: the last value of each `versioned` name this process
# read, so a search does not fetch and unpickle the concepts and filter codes on every request.
_process_memo: dict[str, tuple[int, float, Any]] = {}


def versioned(name: str, build: Callable[[], Any], seconds: int, *, version: int | None = None) -> Any:
    """What `build` returns, kept under `name` for this version of the directory: in this
    process's memory and in the shared cache, so each process builds or fetches it once per
    version. A staff edit changes the version, so no process ever serves a value built before it."""
    version = version or directory_cache_version()
    now = time.monotonic()
    kept = _process_memo.get(name)
    if kept is not None and kept[0] == version and kept[1] > now:
        return kept[2]
    value = cache.get_or_set(f"directory:{name}:{version}", build, seconds)
    if seconds > 0:
        _process_memo[name] = (version, now + seconds, value)
    return value


# Facts about a built page that its view acts on every time the page is served, cached or not
# (a search is counted for editors on every request, not once per build).
KEPT_WITH_PAGE = ("search_count",)


def public_page(request: HttpRequest, build: Callable[[Any], HttpResponse], *, service: str | None = None):
    """Serve an anonymous public page from the cache, per language and full URL; staff edits
    change its stamp (the directory's version, or `service`'s stamp for a service's own page).

    `build` gets the stamp, read once per request (list pages' cards and filters use it). The
    answer carries Cache-Control public with s-maxage, Vary and an ETag (304 when unchanged) for
    a CDN; signed-in visitors and anyone with a pending message get a page of their own, never
    cached (moia.middleware.PrivatePagesNoStoreMiddleware marks theirs private)."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if seconds <= 0 or request.user.is_authenticated or "messages" in request.COOKIES:
        return build(directory_cache_version())
    digest = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
    key = f"directory:page:{get_language()}:{digest}"
    stamp, cached = cached_for_version(key, service=service)
    if cached is not None:
        content, content_type, etag, kept = cached
        response = HttpResponse(content, content_type=content_type)
        for name, value in kept.items():
            setattr(response, name, value)
    else:
        response = build(stamp if service is None else directory_cache_version())
        if response.status_code != 200 or response.streaming or _personal(request, response):
            return response
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        kept = {name: getattr(response, name) for name in KEPT_WITH_PAGE if hasattr(response, name)}
        cache_for_version(key, stamp, (response.content, response["Content-Type"], etag, kept), seconds)
    return _shared_cache_headers(request, response, etag, seconds)


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    # A page that used a CSRF token or set a cookie belongs to one visitor: never shared.
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies)


def _shared_cache_headers(request: HttpRequest, response: HttpResponse, etag: str, seconds: int) -> HttpResponse:
    # Browsers revalidate (max-age=0, answered 304 from the ETag); shared caches keep it s-maxage
    # seconds. The language is in the path, but the header and cookie choose the redirect to it.
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return get_conditional_response(request, etag=response["ETag"], response=response)
