"""Accepting a staff invitation: set a password (or sign in), then two-factor setup."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from moia.forms import AccessibleFormMixin
from moia.ratelimit import client_key

from . import services
from .models import User


class InvitationPasswordForm(AccessibleFormMixin, SetPasswordForm):
    pass


@never_cache
@ratelimit(key=lambda group, request: client_key(group, request), rate="30/m", block=True)
@require_http_methods(["GET", "POST"])
def staff_invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.staff_invitation_usable(token)
    if invitation is None:
        # One page for unknown, expired, used and revoked links: it says nothing about any address.
        return render(request, "accounts/staff_invitation_invalid.html", status=410)
    user = request.user if request.user.is_authenticated else None
    existing = User.objects.filter(email__iexact=invitation.email).first()
    form = None
    if user is None and existing is None:
        form = InvitationPasswordForm(User(email=invitation.email), request.POST or None)
    if request.method == "POST":
        try:
            with transaction.atomic():
                if form is not None:
                    if not form.is_valid():
                        raise ValidationError("")
                    user = User.objects.create_user(email=invitation.email, password=form.cleaned_data["new_password1"])
                    user.preferred_language = invitation.language
                    user.save(update_fields=["preferred_language"])
                    # The invitation reached this address: it is verified.
                    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
                if user is not None:
                    services.staff_invitation_accept(raw_token=token, by=user)
        except ValidationError as exc:
            if any(exc.messages):
                messages.error(request, " ".join(m for m in exc.messages if m))
        else:
            if user is not None:
                if not request.user.is_authenticated:
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("You joined the staff. Set up two-factor authentication to continue."))
                return redirect("mfa_activate_totp")
    wrong_account = user is not None and user.email.lower() != invitation.email
    return render(
        request,
        "accounts/staff_invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "signed_in": user is not None,
            "wrong_account": wrong_account,
            "needs_sign_in": user is None and existing is not None,
            "login_url": reverse("account_login") + "?next=" + request.path,
        },
    )
