"""Import an HSDS 3.0 tabular datapackage (zip): all rows or, on any error, none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.hsds.services import DatapackageInvalid, datapackage_import


class Command(BaseCommand):
    help = (
        "Import an Open Referral HSDS 3.0 datapackage (zip): rows are created or updated by id. "
        "Any invalid row is reported and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the datapackage zip to read")

    def handle(self, *args, path: str, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            counts = datapackage_import(data=data)
        except DatapackageInvalid as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} error(s): nothing was imported.") from exc
        for table, count in sorted(counts.items()):
            self.stdout.write(f"{table}: {count}")
        self.stdout.write(self.style.SUCCESS("Imported."))
