from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.services import report_build, report_build_request


class Command(BaseCommand):
    help = "Build the annual report for a year (queued for a Celery worker, or here with --sync)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--lang", default="en", help="Language code (default en).")
        parser.add_argument("--sync", action="store_true", help="Build in this process instead of a worker.")

    def handle(self, *args, year: int, lang: str, sync: bool, **options):
        try:
            if sync:
                report = report_build_request(year=year, language=lang, queue=False)
                report = report_build(report_id=report.pk)
            else:
                report = report_build_request(year=year, language=lang)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{report}: {report.get_status_display()}" + (f" ({report.pdf.name})" if report.pdf else ""))
