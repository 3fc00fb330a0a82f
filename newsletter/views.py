from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from moia.ratelimit import public_form_page

from . import selectors, services, tokens
from .forms import PreferencesForm, SignupForm
from .models import Subscriber, Topic

SIGNUP_RATE = "5/10m"


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/invalid_link.html", status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None, initial={"language": get_language(), "topics": Topic.values})

    def request_subscription() -> HttpResponse:
        services.subscription_request(
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            topics=form.cleaned_data["topics"],
        )
        return redirect("newsletter:signup_done")

    return public_form_page(
        request,
        form,
        "newsletter/signup.html",
        {"days": settings.NEWSLETTER_UNCONFIRMED_DAYS},
        group="newsletter:signup",
        rate=SIGNUP_RATE,
        on_valid=request_subscription,
        # The same answer for a new, a waiting, a subscribed address and a bot: nobody learns
        # from this page whether an address is on the list.
        on_bot=lambda: redirect("newsletter:signup_done"),
    )


@require_safe
def signup_done_view(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/signup_done.html", {"days": settings.NEWSLETTER_UNCONFIRMED_DAYS})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = selectors.subscriber_from_token(token, tokens.CONFIRM)
    if subscriber is None:
        return _invalid_link(request)
    # A link opened by a mail scanner must not subscribe anyone: the click on the button does.
    if request.method == "POST":
        subscriber = services.subscription_confirm(subscriber=subscriber)
    elif subscriber.status != Subscriber.Status.ACTIVE:
        return render(request, "newsletter/confirm.html", {"token": token})
    # Confirmed now, or before (the link opened again): the same page, with the preferences link.
    return render(
        request,
        "newsletter/confirmed.html",
        {"preferences_token": tokens.token_make(subscriber, tokens.MANAGE), "subscriber": subscriber},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def preferences_view(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = selectors.subscriber_from_token(token, tokens.MANAGE)
    if subscriber is None or subscriber.status != Subscriber.Status.ACTIVE:
        return _invalid_link(request)
    form = PreferencesForm(request.POST or None, initial={"language": subscriber.language, "topics": subscriber.topics})
    saved = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.subscriber_preferences_set(
                    subscriber=subscriber,
                    language=form.cleaned_data["language"],
                    topics=form.cleaned_data["topics"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                saved = True
        else:
            status = 400
    return render(request, "newsletter/preferences.html", {"form": form, "saved": saved, "token": token}, status=status)


# The unsubscribe link is signed, so it needs no CSRF cookie: a mail client's one-click POST
# (RFC 8058) comes with no cookie at all, and a forged one could only do what the link itself does.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = selectors.subscriber_from_token(token, tokens.MANAGE)
    if subscriber is None:
        return _invalid_link(request)
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "newsletter/unsubscribed.html")
    if subscriber.status != Subscriber.Status.ACTIVE:
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"token": token})
