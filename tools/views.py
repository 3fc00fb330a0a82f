"""The tools' pages. The family plan is built from the POSTed form and sent back: it is never
saved, cached, logged, emailed or put in the session, and no response about it may be kept by
a browser or proxy (Cache-Control: no-store). POST keeps what was typed out of URLs, browser
history and access logs."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from moia.ratelimit import public_post_over_limit

from . import selectors
from .forms import FamilyPlanForm
from .rendering import card_pdf, plan_copies, plan_pdf

# Laying out a PDF costs a second of a worker: a bound on how often one client may ask.
PLAN_PDF_RATE = "20/10m"


def _no_store(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
    return response


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    return render(request, "tools/index.html", {"section": selectors.home_section()["context"]})


@require_http_methods(["GET", "POST"])
def family_plan_view(request: HttpRequest) -> HttpResponse:
    language = get_language()
    form = FamilyPlanForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    status = 200
    action = request.POST.get("action", "show")
    if request.method == "POST" and form.is_bot:
        # A bot learns nothing and costs no PDF: the empty form again.
        return _no_store(render(request, "tools/family_plan.html", {"form": FamilyPlanForm()}))
    if (
        request.method == "POST"
        and action == "pdf"
        and public_post_over_limit(request, form, group="tools:plan-pdf", rate=PLAN_PDF_RATE)
    ):
        context["rate_limited"] = True
        return _no_store(render(request, "tools/family_plan.html", context, status=429))
    if request.method == "POST" and action != "edit":
        if form.is_valid():
            plan = form.plan()
            second = form.cleaned_data.get("second_language")
            languages = [language, second] if second else [language]
            if action == "pdf":
                response = HttpResponse(plan_pdf(plan=plan, languages=languages), content_type="application/pdf")
                response["Content-Disposition"] = 'inline; filename="family-plan.pdf"'
                return _no_store(response)
            copies = plan_copies(languages)
            return _no_store(
                render(request, "tools/family_plan_result.html", {"form": form, "plan": plan, "copies": copies})
            )
        status = 400
    if not form.is_bound or action == "edit":
        context["numbers"] = selectors.plan_help_numbers()
        context["essentials"] = selectors.card_essentials()
    if action == "edit":
        # "Change my answers": the form again, filled in, with no error shown for what was fine.
        form.is_valid()
    return _no_store(render(request, "tools/family_plan.html", context, status=status))


@require_safe
def card_page_view(request: HttpRequest) -> HttpResponse:
    card = selectors.card_current()
    languages = selectors.card_languages(card) if card else []
    names = dict(settings.LANGUAGES)
    return render(
        request,
        "tools/card.html",
        {
            "card": card,
            "text": selectors.card_text(card, get_language()) if card and get_language() in languages else None,
            "offered": get_language() in languages,
            "languages": [(code, names[code]) for code in languages],
        },
    )


def _card_pdf_response(request: HttpRequest, *, sheet: bool) -> HttpResponse:
    card = selectors.card_current()
    language = get_language()
    if card is None or language not in selectors.card_languages(card):
        # Not reviewed in this language: no card (the page lists the languages there are).
        raise Http404
    response = HttpResponse(card_pdf(card=card, language=language, sheet=sheet), content_type="application/pdf")
    name = "know-your-rights-cards-sheet" if sheet else "know-your-rights-card"
    response["Content-Disposition"] = f'inline; filename="{name}-{language}.pdf"'
    return response


@require_safe
def card_pdf_view(request: HttpRequest) -> HttpResponse:
    return _card_pdf_response(request, sheet=False)


@require_safe
def card_sheet_pdf_view(request: HttpRequest) -> HttpResponse:
    return _card_pdf_response(request, sheet=True)
