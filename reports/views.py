from collections import defaultdict

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from moia.languages import language_in_sentence
from moia.ratelimit import public_form_page

from .models import AnnualReport
from .selectors import published_reports, report_current


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    """Every published year, its PDF in each language and its data; older versions in the archive."""
    current: dict[int, list[AnnualReport]] = defaultdict(list)
    archive: list[AnnualReport] = []
    for report in published_reports():
        (current[report.year] if report.status == AnnualReport.Status.PUBLISHED else archive).append(report)
    language = translation.get_language()
    years = [
        {
            "year": year,
            "web": any(r.language == language for r in reports),
            "reports": [{"report": r, "language_name": language_in_sentence(r.language)} for r in reports],
        }
        for year, reports in sorted(current.items(), reverse=True)
    ]
    return render(request, "reports/index.html", {"years": years, "archive": archive})


@require_safe
def report_page_view(request: HttpRequest, year: int) -> HttpResponse:
    """The published report as an accessible web page, from the same frozen snapshot as its PDF."""
    from .rendering import report_context

    language = translation.get_language()
    report = report_current(year=year, language=language)
    if report is None or not report.snapshot:
        raise Http404
    context = report_context(report.snapshot)
    context["published"] = report
    context["english"] = report_current(year=year, language="en")
    return render(request, "reports/report_page.html", context)


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


DEPARTMENT_RATE = "20/10m"


@never_cache
@require_http_methods(["GET", "POST"])
def department_answer_view(request: HttpRequest, year: int, token: str) -> HttpResponse:
    """A department gives its figures through the signed link it was sent; no account needed."""
    from .forms import DepartmentAnswerForm
    from .models import DepartmentRequest
    from .selectors import DepartmentLinkError, department_request_by_link
    from .services import department_request_answer

    try:
        data_request = department_request_by_link(year=year, token=token)
    except DepartmentLinkError as exc:
        status = 410 if exc.reason == "expired" else 404
        return render(request, "reports/department_link.html", {"reason": exc.reason, "year": year}, status=status)
    context = {"data_request": data_request, "year": year}
    if data_request.status == DepartmentRequest.Status.ANSWERED:
        # The link keeps showing what was sent, but takes no second answer.
        return render(request, "reports/department_done.html", context, status=409 if request.method == "POST" else 200)
    form = DepartmentAnswerForm(request.POST or None, request=data_request)

    def answer() -> HttpResponse:
        department_request_answer(
            request=data_request,
            values=form.values(),
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            note=form.cleaned_data["note"],
        )
        return redirect(request.path)

    return public_form_page(
        request,
        form,
        "reports/department_answer.html",
        context,
        group="reports:department",
        rate=DEPARTMENT_RATE,
        on_valid=answer,
    )
