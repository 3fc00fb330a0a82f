from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from moia.ratelimit import public_form_page

from . import selectors, services
from .forms import IntakeRequestForm, PartnerIntakeForm

SESSION_REFERENCE = "programs:last-reference"
REQUEST_RATE = "5/10m"


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/index.html", {"programs": selectors.programs_public()})


@require_safe
def detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(selectors.programs_public(), slug=slug)
    return render(
        request,
        "programs/detail.html",
        {"program": program, "accepts_requests": selectors.program_accepts_requests(program)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def request_view(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(selectors.programs_public(), slug=slug)
    context = {"program": program, "retention_months": settings.PII_RETENTION_MONTHS}
    if not selectors.program_accepts_requests(program):
        return render(request, "programs/closed.html", context, status=200 if request.method == "GET" else 409)
    form = IntakeRequestForm(request.POST or None, program=program)

    def done(reference: str) -> HttpResponse:
        request.session[SESSION_REFERENCE] = reference
        return redirect("programs:request_done", slug=program.slug)

    def submit() -> HttpResponse:
        intake = services.intake_submit(
            program=program,
            data=form.intake_data(),
            language=form.cleaned_data["preferred_language"],
            submission_token=form.cleaned_data.get("submission_token", ""),
        )
        return done(intake.reference)

    return public_form_page(
        request,
        form,
        "programs/request.html",
        context,
        group="programs:request",
        rate=REQUEST_RATE,
        on_valid=submit,
        # Pretend it worked: a bot learns nothing, staff get no junk.
        on_bot=lambda: done(""),
        conflict_status=200,
    )


@never_cache
@require_safe
def request_done_view(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(selectors.programs_public(), slug=slug)
    if SESSION_REFERENCE not in request.session:
        return redirect("programs:request", slug=slug)
    return render(
        request,
        "programs/request_done.html",
        {
            "program": program,
            "reference": request.session.get(SESSION_REFERENCE),
            "retention_months": settings.PII_RETENTION_MONTHS,
        },
    )


@never_cache
@login_required
@require_safe
def partner_intakes_view(request: HttpRequest) -> HttpResponse:
    if not selectors.partner_organizations_of(request.user).exists():
        raise PermissionDenied
    intakes = selectors.intakes_for(request.user).filter(entered_by=request.user).order_by("-received_at")[:200]
    return render(request, "programs/partner_intakes.html", {"intakes": intakes})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def partner_intake_new_view(request: HttpRequest) -> HttpResponse:
    organizations = selectors.partner_organizations_of(request.user)
    if not organizations.exists():
        raise PermissionDenied
    programs = selectors.programs_public().filter(intake_open=True)
    form = PartnerIntakeForm(
        request.POST or None,
        organizations=organizations,
        programs=programs,
        initial={"preferred_language": get_language()},
    )
    if request.method == "POST" and form.is_valid() and not form.is_bot:
        data = form.intake_data()
        program = data.pop("program")
        organization = data.pop("organization")
        consent = data.pop("client_consent")
        try:
            services.intake_partner_check(user=request.user, organization=organization)
            intake = services.intake_submit(
                program=program,
                data=data,
                channel="partner",
                language=form.cleaned_data["preferred_language"],
                entered_by=request.user,
                partner_organization=organization,
                client_consent=consent,
                public=False,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "programs/partner_done.html", {"intake": intake})
    status = 400 if form.errors else 200
    return render(request, "programs/partner_intake_form.html", {"form": form}, status=status)
