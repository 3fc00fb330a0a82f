from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from moia.ratelimit import public_form_page

from . import selectors, services
from .forms import ChangeForm, EventFilterForm, RegistrationForm
from .ics import calendar_for_registration, calendar_for_sessions
from .models import Registration
from .notifications import registration_link
from .tokens import registration_token

REGISTER_RATE = "8/10m"
JUST_BOOKED = "events:just-booked"


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    listing = selectors.events_listing(selectors.sessions_filtered(**filters))
    return render(
        request,
        "events/index.html",
        {"form": form, "listing": listing, "filtered": bool(filters)},
        status=400 if form.is_bound and form.errors else 200,
    )


def _event_or_404(slug: str):
    return get_object_or_404(selectors.events_public(), slug=slug)


@never_cache
@require_http_methods(["GET", "POST"])
def detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    sessions = selectors.event_sessions_bookable(event)
    days, day = [], None
    if event.is_slots and sessions:
        # A phone shows one day of slots at a time (links per day, no JavaScript needed).
        days = sorted({timezone.localtime(session.starts_at).date() for session in sessions})
        wanted = request.POST.get("day") or request.GET.get("day") or ""
        day = next((d for d in days if d.isoformat() == wanted), days[0])
        sessions = [session for session in sessions if timezone.localtime(session.starts_at).date() == day]
    form = RegistrationForm(request.POST or None, event=event, sessions=sessions, initial={"language": get_language()})
    context = {
        "event": event,
        "sessions": sessions,
        "days": days,
        "day": day,
        "retention_months": settings.PII_RETENTION_MONTHS,
    }

    def register() -> HttpResponse | None:
        try:
            registration = services.registration_create(
                session=form.cleaned_data["session"],
                data=form.registration_data(),
                language=form.cleaned_data["language"],
                idempotency_key=form.cleaned_data.get("idempotency_key", ""),
                disclaimer_accepted=bool(form.cleaned_data.get("disclaimer")),
            )
        except services.SessionFull as exc:
            form.add_error("session", exc)
            return None
        request.session[JUST_BOOKED] = registration.reference
        return redirect("events:booking", token=registration_token(registration))

    return public_form_page(
        request,
        form,
        "events/detail.html",
        context,
        group="events:register",
        rate=REGISTER_RATE,
        on_valid=register,
        # Pretend it worked: a bot learns nothing, staff get no junk.
        on_bot=lambda: render(request, "events/done_bot.html", context),
    )


def _registration_or_404(token: str) -> Registration:
    registration = selectors.registration_for_token(token)
    if registration is None:
        raise Http404
    return registration


@never_cache
@require_safe
def booking_view(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    just_booked = request.session.pop(JUST_BOOKED, None) == registration.reference
    return render(
        request,
        "events/booking.html",
        {
            "registration": registration,
            "session": registration.session,
            "event": registration.session.event,
            "token": token,
            "just_booked": just_booked,
            "changeable": registration.is_active and registration.session.starts_at > timezone.now(),
            "retention_months": settings.PII_RETENTION_MONTHS,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def change_view(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    if not registration.is_active or registration.session.starts_at <= timezone.now():
        return redirect("events:booking", token=token)
    event = registration.session.event
    sessions = selectors.event_sessions_bookable(event)
    form = ChangeForm(
        request.POST or None,
        registration=registration,
        sessions=sessions,
        initial={"session": registration.session_id, "party_size": registration.party_size},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.registration_change(
                    registration=registration,
                    session=form.cleaned_data["session"],
                    party_size=form.cleaned_data.get("party_size"),
                )
            except ValidationError as exc:
                form.add_error("session" if isinstance(exc, services.SessionFull) else None, exc)
                status = 409
            else:
                return redirect("events:booking", token=token)
        else:
            status = 400
    return render(
        request,
        "events/change.html",
        {"registration": registration, "event": event, "form": form, "token": token},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        return redirect("events:booking", token=token)
    return render(
        request,
        "events/cancel.html",
        {"registration": registration, "event": registration.session.event, "token": token},
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_safe
def booking_ics_view(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_or_404(token)
    if not registration.is_active:
        raise Http404
    return _ics_response(
        calendar_for_registration(registration, url=registration_link(registration)), "registration.ics"
    )


@require_safe
def event_ics_view(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    sessions = list(selectors.sessions_upcoming().filter(event=event)[:1000])
    return _ics_response(calendar_for_sessions(sessions, name=event.title), f"{event.slug}.ics")


@require_safe
def all_ics_view(request: HttpRequest) -> HttpResponse:
    sessions = list(selectors.sessions_upcoming()[:2000])
    return _ics_response(calendar_for_sessions(sessions, name=_("Events")), "events.ics")
