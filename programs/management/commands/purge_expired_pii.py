from django.core.management.base import BaseCommand

from programs.services import intakes_purge_expired


class Command(BaseCommand):
    help = "Blank the personal fields of intakes closed longer than PII_RETENTION_MONTHS."

    def handle(self, *args, **options):
        count = intakes_purge_expired()
        self.stdout.write(f"Personal data removed from {count} intake(s).")
