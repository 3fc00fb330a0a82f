"""Fill untranslated directory services in one language with machine drafts (off by default)."""

from django.core.management.base import BaseCommand, CommandError

from moia.l10n.machine import MachineTranslationError
from moia.l10n.services import machine_drafts_fill
from moia.l10n.sources import target_languages


class Command(BaseCommand):
    help = "Draft the missing translations of directory services with the configured machine translation."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, choices=target_languages())
        parser.add_argument("--limit", type=int, default=50)

    def handle(self, *args, **options):
        try:
            count = machine_drafts_fill(language=options["language"], limit=options["limit"])
        except MachineTranslationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} services drafted; each is marked as a machine draft until a person reviews it.")
