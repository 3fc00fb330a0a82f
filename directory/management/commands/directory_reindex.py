"""Rebuild the directory's search documents (after a bulk load that bypassed model signals)."""

from django.core.management.base import BaseCommand

from directory.caching import directory_cache_invalidate
from directory.services import services_search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild every service's per-language search text and vectors."

    def handle(self, *args, **options):
        count = services_search_index_rebuild()
        directory_cache_invalidate()
        self.stdout.write(self.style.SUCCESS(f"Reindexed {count} services."))
