"""The session hosts' pages (/<lang>/events/host/): volunteer lawyers publish slots, see their own
bookings with the resident's phone and topic, and record outcomes. Every read goes through
events.selectors_staff's host_* selectors, so another host's booking is a 404, never a 403 that
would confirm it exists."""

from collections.abc import Callable
from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import selectors_staff as selectors
from . import services_staff as services
from .forms_staff import HostAvailabilityForm, OutcomeForm


def host_required(view: Callable) -> Callable:
    """Signed in, in the Session hosts role, and with a second factor: hosts see residents' phones."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not selectors.user_is_host(request.user):
            raise PermissionDenied
        if not is_mfa_enabled(request.user):
            messages.warning(request, _("Set up two-factor authentication before you see residents' bookings."))
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper


def _home(request: HttpRequest, form: HostAvailabilityForm, status: int = 200) -> HttpResponse:
    sessions = list(selectors.host_upcoming(request.user).prefetch_related("registrations"))
    for session in sessions:
        session.active_bookings = [r for r in session.registrations.all() if r.status != r.Status.CANCELLED]
    return render(
        request,
        "events/host/home.html",
        {"form": form, "sessions": sessions, "to_record": selectors.host_to_record(request.user)[:50]},
        status=status,
    )


@never_cache
@host_required
@require_safe
def host_home_view(request: HttpRequest) -> HttpResponse:
    return _home(request, HostAvailabilityForm(events=selectors.host_events_open(request.user)))


@never_cache
@host_required
@require_POST
def host_availability_view(request: HttpRequest) -> HttpResponse:
    form = HostAvailabilityForm(request.POST, events=selectors.host_events_open(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.host_availability_publish(
                host=request.user, event=data["event"], day=data["day"], start=data["start"], end=data["end"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(count)s slots published.") % {"count": len(created)})
            return redirect("events:host_home")
    return _home(request, form, status=400)


@never_cache
@host_required
@require_POST
def host_slot_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.host_sessions_for(request.user), pk=pk)
    try:
        services.host_slot_withdraw(session=session, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The slot was withdrawn."))
    return redirect("events:host_home")


@never_cache
@host_required
@require_http_methods(["GET", "POST"])
def host_booking_view(request: HttpRequest, reference: str) -> HttpResponse:
    registration = get_object_or_404(selectors.host_registrations_for(request.user), reference=reference)
    outcome = getattr(registration, "outcome", None)
    form = OutcomeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.registration_outcome_record(
                    registration=registration,
                    result=data["result"],
                    referred_to=data.get("referred_to"),
                    case_type=data.get("case_type"),
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The outcome was recorded."))
                return redirect("events:host_home")
        status = 400
    return render(
        request,
        "events/host/booking.html",
        {"registration": registration, "outcome": outcome, "form": form},
        status=status,
    )
