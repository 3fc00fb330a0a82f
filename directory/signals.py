"""Keep the search index, translation reviews and the public page cache in step with edits.

Signals rather than one service function: staff edit through the admin, imports and the
shell, and every path must reindex and invalidate.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from . import caching, models, services

_suspended: ContextVar[bool] = ContextVar("directory_indexing_suspended", default=False)
# Services being deleted: the cascade deletes their documents first, and reindexing the
# service from those signals would insert search rows pointing at a service about to vanish.
_deleting: ContextVar[frozenset] = ContextVar("directory_services_deleting", default=frozenset())


@contextmanager
def indexing_suspended():
    """Bulk loads index once at the end instead of after every row."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _reindex(service) -> None:
    if not _suspended.get():
        services.service_search_index_update(service=service)


def _service_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    services.service_translation_reviews_sync(service=instance)
    _reindex(instance)


def _service_deleting(sender, instance, **kwargs):
    _deleting.set(_deleting.get() | {instance.pk})


def _service_deleted(sender, instance, **kwargs):
    _deleting.set(_deleting.get() - {instance.pk})


def _service_related_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.service_id is None or instance.service_id in _deleting.get():
        return
    service = models.Service.objects.filter(pk=instance.service_id).select_related("organization").first()
    if service is not None:
        _reindex(service)


def _terms_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        for service in models.Service.objects.filter(pk__in=pk_set or []).select_related("organization"):
            _reindex(service)
    else:
        _reindex(instance)


def _names_changed(sender, instance, raw=False, created=False, **kwargs):
    # An organization's or a category's name is part of its services' searchable text.
    if raw or created or _suspended.get():
        return
    services_qs = instance.services.select_related("organization")
    for service in services_qs:
        services.service_search_index_update(service=service)


# What each edit makes stale: the services whose own page or card shows the edited row. A
# service's page lists its organization's other services, so an edit to a service reaches them.
def _affected(instance) -> list[tuple[int, str]] | None:
    service_ids: set = set()
    organizations: set = set()
    if isinstance(instance, models.Service):
        service_ids.add(instance.pk)
        organizations.add(instance.organization_id)
        organizations.add(getattr(instance, "_cached_organization_before", None))
    elif isinstance(instance, models.Organization):
        organizations.add(instance.pk)
    elif isinstance(instance, models.Location):
        service_ids |= set(
            models.ServiceAtLocation.objects.filter(location_id=instance.pk).values_list("service_id", flat=True)
        )
    elif isinstance(instance, models.SearchConcept):
        return []  # searches only: no service's own page shows a concept
    elif hasattr(instance, "service_id"):
        service_ids.add(instance.service_id)
        if getattr(instance, "location_id", None):
            service_ids |= set(
                models.ServiceAtLocation.objects.filter(location_id=instance.location_id).values_list(
                    "service_id", flat=True
                )
            )
    else:
        return None  # categories, neighbourhoods: every service's page shows them
    rows = set(models.Service.objects.filter(pk__in=service_ids - {None}).values_list("pk", "slug")) | set(
        models.Service.objects.filter(organization_id__in=organizations - {None}).values_list("pk", "slug")
    )
    if isinstance(instance, models.Service):
        # Deleted or renamed: the page under its old slug goes too.
        rows |= {(instance.pk, instance.slug), (instance.pk, getattr(instance, "_cached_slug_before", instance.slug))}
    return sorted(rows, key=str)


def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    before = models.Service.objects.filter(pk=instance.pk).values("slug", "organization_id").first()
    if before:
        instance._cached_slug_before = before["slug"]
        instance._cached_organization_before = before["organization_id"]


def _invalidate(sender, instance=None, **kwargs):
    caching.directory_cache_invalidate(services=None if instance is None else _affected(instance))


def _invalidate_terms(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        # A category's services: those named, or (post_clear) every service that had it.
        caching.directory_cache_invalidate(services=None)
    else:
        caching.directory_cache_invalidate(services=_affected(instance))


def connect() -> None:
    post_save.connect(_service_saved, sender=models.Service, dispatch_uid="directory_service_saved")
    pre_delete.connect(_service_deleting, sender=models.Service, dispatch_uid="directory_service_deleting")
    post_delete.connect(_service_deleted, sender=models.Service, dispatch_uid="directory_service_deleted")
    post_save.connect(_service_related_changed, sender=models.RequiredDocument, dispatch_uid="directory_doc_saved")
    post_delete.connect(_service_related_changed, sender=models.RequiredDocument, dispatch_uid="directory_doc_del")
    m2m_changed.connect(_terms_changed, sender=models.Service.taxonomy_terms.through, dispatch_uid="directory_terms")
    post_save.connect(_names_changed, sender=models.Organization, dispatch_uid="directory_org_names")
    post_save.connect(_names_changed, sender=models.TaxonomyTerm, dispatch_uid="directory_term_names")
    for model in (
        models.Service,
        models.Organization,
        models.Location,
        models.ServiceAtLocation,
        models.Phone,
        models.Schedule,
        models.Language,
        models.RequiredDocument,
        models.TaxonomyTerm,
        models.Neighborhood,
        models.ServiceTranslationReview,
        # A concept changes what searches find: the next search uses the edit (no deploy).
        models.SearchConcept,
    ):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"directory_invalidate_save_{model.__name__}")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=f"directory_invalidate_del_{model.__name__}")
    pre_save.connect(_remember_before, sender=models.Service, dispatch_uid="directory_service_before")
    m2m_changed.connect(
        _invalidate_terms, sender=models.Service.taxonomy_terms.through, dispatch_uid="directory_invalidate_terms"
    )
