import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import forms, opendata, selectors, services
from .models import Application, Document, OrganizationProfile
from .uploads import attachment_response

STEPS = [
    ("project", forms.ProjectForm),
    ("communities", forms.CommunitiesForm),
    ("outcomes", forms.OutcomesForm),
    ("budget", None),
    ("documents", None),
    ("review", None),
]
STEP_NAMES = [name for name, _form in STEPS]


# ------------------------------------------------------------------------------
# Public
# ------------------------------------------------------------------------------
@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    cycles = list(selectors.cycles_public())
    return render(
        request,
        "grants/index.html",
        {"open_cycles": [c for c in cycles if c.is_open()], "upcoming_cycles": [c for c in cycles if c.is_upcoming()]},
    )


@require_safe
def cycle_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_public(slug=slug)
    if cycle is None:
        raise Http404
    return render(
        request, "grants/cycle_detail.html", {"cycle": cycle, "required_documents": selectors.required_documents()}
    )


@require_http_methods(["GET", "POST"])
def eligibility_view(request: HttpRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_public(slug=slug)
    if cycle is None:
        raise Http404
    form = forms.EligibilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        eligible = (
            data["based_in_city"] == "yes"
            and data["serves_immigrants"] == "yes"
            and data["status"] in {"nonprofit", "sponsored"}
        )
        path = "fiscal_sponsor" if data["status"] in {"sponsored", "none"} else "nonprofit"
        return render(
            request,
            "grants/eligibility_result.html",
            {"cycle": cycle, "eligible": eligible, "path": path, "answers": data},
        )
    return render(request, "grants/eligibility.html", {"cycle": cycle, "form": form})


# ------------------------------------------------------------------------------
# Organizations and members
# ------------------------------------------------------------------------------
@login_required
@require_safe
def dashboard_view(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/dashboard.html", selectors.dashboard_for(request.user))


def _organization_initial(organization) -> dict:
    profile = getattr(organization, "grant_profile", None) or OrganizationProfile(organization=organization)
    initial = {f: getattr(profile, f) for f in services.PROFILE_FIELDS}
    initial.update({f: getattr(organization, f) for f in services.ORG_FIELDS})
    initial["name"] = organization.name
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def organization_create_view(request: HttpRequest) -> HttpResponse:
    form = forms.OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.organization_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Your organization was saved."))
        return redirect("grants:dashboard")
    return render(request, "grants/organization_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit_view(request: HttpRequest, pk) -> HttpResponse:
    organization = get_object_or_404(selectors.organizations_for(request.user), pk=pk)
    # Opened from an application step, the form returns there (a relative `next` only).
    next_url = _safe_next(request)
    form = forms.OrganizationForm(request.POST or None, initial=_organization_initial(organization))
    if request.method == "POST" and form.is_valid():
        services.organization_update(organization=organization, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your organization was saved."))
        return redirect(next_url or "grants:dashboard")
    return render(
        request, "grants/organization_form.html", {"form": form, "organization": organization, "next": next_url}
    )


def _safe_next(request: HttpRequest) -> str | None:
    """Where to go back to after the form: only a path on this site, never another host."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
@require_http_methods(["GET", "POST"])
def members_view(request: HttpRequest, pk) -> HttpResponse:
    organization = get_object_or_404(selectors.organizations_for(request.user), pk=pk)
    is_owner = selectors.organizations_owned_by(request.user).filter(pk=pk).exists()
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied
        if form.is_valid():
            services.invitation_create(organization=organization, by=request.user, **form.cleaned_data)
            messages.success(request, _("The invitation was sent."))
            return redirect("grants:members", pk=pk)
    return render(
        request,
        "grants/members.html",
        {
            "organization": organization,
            "memberships": organization.grant_memberships.select_related("user").order_by("pk"),
            "invitations": organization.invitations.filter(accepted_at__isnull=True).order_by("-created_at"),
            "form": form,
            "is_owner": is_owner,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            services.invitation_accept(token=token, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You joined the organization."))
            return redirect("grants:dashboard")
    return render(request, "grants/invitation_accept.html", {"token": token})


# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def application_start_view(request: HttpRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_public(slug=slug)
    if cycle is None:
        raise Http404
    organizations = selectors.organizations_for(request.user)
    form = forms.StartForm(
        request.POST or None,
        organizations=organizations,
        streams=selectors.streams_of(cycle=cycle),
        initial={"language": get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(cycle=cycle, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("grants:application_step", pk=application.pk, step="project")
    return render(
        request, "grants/application_start.html", {"cycle": cycle, "form": form, "has_org": organizations.exists()}
    )


def _step_context(application: Application, step: str, **extra) -> dict:
    index = STEP_NAMES.index(step)
    return {
        "application": application,
        "step": step,
        "steps": STEP_NAMES,
        "step_number": index + 1,
        "next_step": STEP_NAMES[index + 1] if index + 1 < len(STEP_NAMES) else None,
        "previous_step": STEP_NAMES[index - 1] if index else None,
        **extra,
    }


def _draft_saved(request: HttpRequest, save: Callable[[], object]) -> bool:
    """Save a step of the draft and say so. A save the service refuses (someone else saved the
    draft since this page was opened) says why instead, and the step is shown again as typed."""
    try:
        save()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, _("Saved."))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def application_step_view(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    if step not in STEP_NAMES:
        raise Http404
    if application.status != Application.Status.DRAFT:
        return redirect("grants:application_detail", pk=pk)
    form_class = dict(STEPS)[step]
    if step == "budget":
        return _budget_step(request, application)
    if step == "documents":
        return _documents_step(request, application)
    if step == "review":
        context = _step_context(
            application,
            step,
            missing=services.application_missing(application=application),
            total=selectors.budget_total(application=application),
        )
        return render(request, "grants/application_review.html", context)
    form = form_class(
        request.POST or None,
        instance=application if request.method == "GET" else None,
        initial={"version": application.version},
        cycle=application.cycle,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        version = form.cleaned_data["version"]
        if _draft_saved(
            request,
            lambda: services.application_step_save(
                application=application, by=request.user, version=version, data=data
            ),
        ):
            return redirect("grants:application_step", pk=pk, step=_next(step, request.POST.get("then")))
    return render(request, "grants/application_step.html", _step_context(application, step, form=form))


def _next(step: str, target: str | None) -> str:
    index = STEP_NAMES.index(step)
    if target == "next" and index + 1 < len(STEP_NAMES):
        return STEP_NAMES[index + 1]
    if target == "previous" and index:
        return STEP_NAMES[index - 1]
    return step


def _budget_step(request: HttpRequest, application: Application) -> HttpResponse:
    initial = list(application.budget_lines.values("category", "description", "amount"))
    formset = forms.BudgetFormSet(request.POST or None, initial=initial, prefix="lines")
    version_form = forms.VersionOnlyForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and formset.is_valid() and version_form.is_valid():
        lines = [f.cleaned_data for f in formset if f.cleaned_data.get("amount")]
        version = version_form.cleaned_data["version"]
        if _draft_saved(
            request,
            lambda: services.application_budget_save(
                application=application, by=request.user, version=version, lines=lines
            ),
        ):
            low, high = application.stream.award_range
            total = selectors.budget_total(application=application)
            if total and not low <= total <= high:
                # Saved anyway (a draft may be incomplete), but said now rather than at submission.
                messages.warning(
                    request,
                    _("The budget total (%(total)s) must be between %(low)s and %(high)s for this funding stream.")
                    % {"total": f"${total:,.2f}", "low": f"${low:,.2f}", "high": f"${high:,.2f}"},
                )
            return redirect(
                "grants:application_step", pk=application.pk, step=_next("budget", request.POST.get("then"))
            )
    low, high = application.stream.award_range
    return render(
        request,
        "grants/application_budget.html",
        _step_context(
            application,
            "budget",
            formset=formset,
            version_form=version_form,
            total=selectors.budget_total(application=application),
            low=low,
            high=high,
        ),
    )


def _documents_step(request: HttpRequest, application: Application) -> HttpResponse:
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                application=application,
                by=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The file was uploaded."))
            return redirect("grants:application_step", pk=application.pk, step="documents")
    profile = getattr(application.organization, "grant_profile", None)
    required = selectors.required_documents(
        eligibility_path=profile.eligibility_path if profile else OrganizationProfile.Path.NONPROFIT
    )
    return render(
        request,
        "grants/application_documents.html",
        _step_context(
            application,
            "documents",
            form=form,
            documents=application.documents.all(),
            required=required,
        ),
    )


@login_required
@require_POST
def application_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    try:
        services.application_submit(application=application, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("grants:application_step", pk=pk, step="review")
    return redirect("grants:application_submitted", pk=pk)


@login_required
@require_safe
def application_submitted_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    return render(request, "grants/application_submitted.html", {"application": application})


@login_required
@require_safe
def application_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user).select_related("decision", "award"), pk=pk)
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            "lines": application.budget_lines.all(),
            "total": selectors.budget_total(application=application),
            "documents": application.documents.all(),
        },
    )


@login_required
@require_safe
def application_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    response = HttpResponse(services.application_pdf(application=application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="application-{application.pk}.pdf"'
    return response


@login_required
@require_safe
def document_download_view(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(selectors.documents_for(request.user), pk=pk)
    safe_name = f"document-{document.pk}{document.file.name[document.file.name.rfind('.') :]}"
    return attachment_response(document.file, filename=safe_name, content_type=document.content_type)


@login_required
@require_POST
def document_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        Document.objects.filter(application__in=selectors.applications_for(request.user)), pk=pk
    )
    try:
        services.document_delete(document=document, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("grants:application_step", pk=document.application_id, step="documents")


# ------------------------------------------------------------------------------
# Grantee reports
# ------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def report_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    if report.submitted_at:
        return render(request, "grants/report_done.html", {"report": report})
    form = forms.GranteeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.grantee_report_submit(
            report=report,
            by=request.user,
            activities=form.cleaned_data["activities"],
            outcomes=form.cleaned_data["outcomes"],
            narrative=form.cleaned_data["narrative"],
            counts=form.service_counts(),
        )
        return redirect("grants:report", pk=pk)
    return render(request, "grants/report_form.html", {"report": report, "form": form})


# ------------------------------------------------------------------------------
# Open data (no language prefix: see urls_root)
# ------------------------------------------------------------------------------
@require_safe
def open_data_json_view(request: HttpRequest) -> HttpResponse:
    body = json.dumps(opendata.package_360giving(), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_safe
def open_data_csv_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(opendata.csv_360giving(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="grants-360giving.csv"'
    return response
