from collections import defaultdict

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import AnnualReport
from .selectors import published_reports, report_current


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    """Every published year, its PDF in each language and its data; older versions in the archive."""
    current: dict[int, list[AnnualReport]] = defaultdict(list)
    archive: list[AnnualReport] = []
    for report in published_reports():
        (current[report.year] if report.status == AnnualReport.Status.PUBLISHED else archive).append(report)
    language_names = dict(settings.LANGUAGES)
    years = [
        {
            "year": year,
            "reports": [{"report": r, "language_name": language_names.get(r.language, r.language)} for r in reports],
        }
        for year, reports in sorted(current.items(), reverse=True)
    ]
    return render(request, "reports/index.html", {"years": years, "archive": archive})


def _file_response(field, filename: str, content_type: str, *, inline: bool = True) -> FileResponse:
    if not field:
        raise Http404
    response = FileResponse(field.open("rb"), content_type=content_type, as_attachment=not inline, filename=filename)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def report_pdf_view(request: HttpRequest, year: int, file_year: int, language: str) -> FileResponse:
    """The stable, citable URL of a year's current report in one language."""
    report = report_current(year=year, language=language) if year == file_year else None
    if report is None:
        raise Http404
    return _file_response(report.pdf, report.pdf_filename, "application/pdf")


@require_safe
def report_data_view(request: HttpRequest, year: int, file_year: int, fmt: str) -> FileResponse:
    """The data behind the current English report (the version the Council receives)."""
    report = report_current(year=year, language="en") if year == file_year else None
    if report is None:
        raise Http404
    if fmt == "csv":
        return _file_response(report.data_csv, f"annual-report-{year}-data.csv", "text/csv; charset=utf-8")
    return _file_response(report.data_json, f"annual-report-{year}-data.json", "application/json")


@require_safe
def report_archive_pdf_view(
    request: HttpRequest, year: int, version: int, file_year: int, language: str
) -> FileResponse:
    """A superseded (or current) version, kept downloadable so older citations still resolve."""
    report = published_reports().filter(year=year, version=version, language=language).first()
    if year != file_year:
        report = None
    if report is None:
        raise Http404
    return _file_response(report.pdf, report.pdf_filename, "application/pdf")
