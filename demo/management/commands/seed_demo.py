"""Load demonstration data for one office, idempotently.

Each portal app with demo content has a loader `demo/<app>.py` with `seed(*, office: str, stdout) -> None`;
they run in the dependency order of moia/portal_apps.py. Running the command twice creates no duplicates.
"""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from moia.l10n.services import content_reviews_from_language_status
from moia.models import DemoDataLoad
from moia.office.presets import PRESETS
from moia.office.services import office_profile_ensure
from moia.portal_apps import PORTAL_APPS

DEMO_APPS = list(PORTAL_APPS)


class Command(BaseCommand):
    help = "Load demo data for an office (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--office", choices=sorted(PRESETS), default=None, help="Office preset (default: OFFICE_PROFILE)."
        )
        parser.add_argument("--only", nargs="*", choices=DEMO_APPS, help="Seed only these apps.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if demo data was loaded before (used by make run).",
        )

    def handle(self, *args, office=None, only=None, if_empty=False, **options):
        from django.conf import settings

        office = office or settings.OFFICE_PROFILE
        if if_empty and DemoDataLoad.objects.exists():
            self.stdout.write("Demo data was loaded before; keeping the database as it is.")
            return
        with transaction.atomic():
            office_profile_ensure(key=office)
        for app in DEMO_APPS:
            if only and app not in only:
                continue
            if not find_spec(f"demo.{app}"):
                continue
            self.stdout.write(f"Seeding {app} for {office}…")
            import_module(f"demo.{app}").seed(office=office, stdout=self.stdout)
        # The shipped translations of demo content count as reviewed where their language's
        # catalogue was (moia/l10n/migrations/0002); staff see and change each on its admin page.
        content_reviews_from_language_status()
        if connection.vendor == "postgresql":
            # Tens of thousands of rows arrive at once, before autovacuum has looked at them: with
            # no statistics the planner takes 20,000 responses for one and the survey results page
            # sorts half a million answers on disk (2.8 s instead of under one).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if not only:
            DemoDataLoad.objects.get_or_create(office=office)
        self.stdout.write(self.style.SUCCESS(f"Demo data for {office} is loaded."))
