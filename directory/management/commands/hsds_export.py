"""Write the directory as an HSDS 3.0 tabular datapackage (zip)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from directory.hsds.tabular import datapackage_build


class Command(BaseCommand):
    help = "Export the resource directory as an Open Referral HSDS 3.0 datapackage (zip of CSV files)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the zip file to write, e.g. hsds.zip")

    def handle(self, *args, path: str, **options):
        data = datapackage_build()
        Path(path).write_bytes(data)
        self.stdout.write(f"Wrote {path} ({len(data)} bytes).")
