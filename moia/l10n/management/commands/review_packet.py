"""Export a language's review packet (XLSX), or import one a native speaker has reviewed.

manage.py review_packet export --language kea --output kea-review.xlsx
manage.py review_packet import --language kea kea-review.xlsx --by reviewer@example.org
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from moia.accounts.models import User
from moia.l10n.packets import PacketError, packet_workbook
from moia.l10n.selectors import packet_rows
from moia.l10n.services import returned_file_import
from moia.l10n.sources import target_languages
from moia.l10n.xliff import xliff_export


class Command(BaseCommand):
    help = "Export or import the review packet of one language."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", nargs="?", help="the reviewed packet (import)")
        parser.add_argument("--language", required=True, choices=target_languages())
        parser.add_argument("--output", help="where to write the packet (export)")
        parser.add_argument("--by", help="email of the staff account the review is recorded under (import)")
        parser.add_argument("--format", choices=["xlsx", "xliff"], default="xlsx", help="xliff: XLIFF 2.0 for vendors")

    def handle(self, *args, **options):
        language = options["language"]
        if options["action"] == "export":
            # Headers in the reviewer's language: the packet is read by a native speaker.
            with translation.override(language):
                rows = packet_rows(language=language)
                if options["format"] == "xliff":
                    data = xliff_export(language=language, rows=rows)
                else:
                    data = packet_workbook(language=language, rows=rows)
            suffix = "xlf" if options["format"] == "xliff" else "xlsx"
            output = Path(options["output"] or f"review-{language}.{suffix}")
            output.write_bytes(data)
            self.stdout.write(f"{len(rows)} texts written to {output}")
            return
        if not options["file"]:
            raise CommandError("Give the reviewed packet to import.")
        by = None
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(f"No account with the email {options['by']}.")
        try:
            report = returned_file_import(data=Path(options["file"]).read_bytes(), language=language, by=by)
        except (PacketError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for key, before, after in report.changed:
            self.stdout.write(f"changed {key}\n  - {before}\n  + {after}")
        for line, key, reason in report.rejected:
            self.stdout.write(f"rejected row {line} ({key}): {reason}")
        self.stdout.write(report.summary())
