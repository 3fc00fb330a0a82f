from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.services import report_build, report_build_request, report_publish


class Command(BaseCommand):
    help = (
        "Build the annual report for a year (queued for a Celery worker, or here with --sync); "
        "--publish builds here and publishes each build that succeeds and is complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--lang", default="en", help="Language code, or 'all' for every portal language.")
        parser.add_argument("--sync", action="store_true", help="Build in this process instead of a worker.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish each build (implies --sync: it must be built first)."
        )

    def handle(self, *args, year: int, lang: str, sync: bool, publish: bool, **options):
        languages = list(settings.LANGUAGE_CODES) if lang == "all" else [lang]
        refused = []
        for language in languages:
            try:
                if sync or publish:
                    report = report_build_request(year=year, language=language, queue=False)
                    report = report_build(report_id=report.pk)
                    if publish:
                        report = report_publish(report=report)
                else:
                    report = report_build_request(year=year, language=language)
            except ValidationError as exc:
                refused.append(language)
                self.stderr.write(f"{year} ({language}): " + " ".join(exc.messages))
                continue
            line = f"{report}: {report.get_status_display()}" + (f" ({report.pdf.name})" if report.pdf else "")
            missing = (report.snapshot or {}).get("missing") if report.status == report.Status.READY else None
            if missing:
                # "Ready to publish" alone read as publishable: the build is a draft until these are done.
                line += " - a draft, not publishable until: " + " ".join(missing)
            self.stdout.write(line)
        if refused:
            raise CommandError("Not done for: " + ", ".join(refused))
