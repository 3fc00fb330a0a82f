"""Writes for accounts: inviting staff members and accepting an invitation."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from moia.services import audited, email_send
from moia.tokens import token_digest, token_new

from .models import StaffInvitation, User
from .selectors import INVITE_PERMISSION


def _invitation_email(invitation: StaffInvitation, raw_token: str) -> None:
    # The link carries the language chosen for the invitee: the page they land on speaks it.
    with translation.override(invitation.language):
        link = settings.SITE_URL + reverse("staff_invitation_accept", args=[raw_token])
    email_send(
        template="accounts/email/staff_invitation",
        context={
            "link": link,
            "expires_at": invitation.expires_at,
            "roles": [group.name for group in invitation.roles.all()],
            "programs": [program.name for program in invitation.programs.all()],
        },
        to=[invitation.email],
        language=invitation.language,
    )


@audited
@transaction.atomic
def staff_invitation_create(*, by: User, email: str, roles, programs, language: str = "en") -> StaffInvitation:
    """Invite someone to the staff with these roles and programmes; only administrators may
    (the permission to add staff invitations)."""
    if not by.has_perm(INVITE_PERMISSION):
        raise PermissionDenied
    raw, digest = token_new()
    invitation = StaffInvitation.objects.create(
        email=email.strip().lower(), language=language or settings.LANGUAGE_CODE, token_digest=digest, invited_by=by
    )
    invitation.roles.set(roles)
    invitation.programs.set(programs)
    _invitation_email(invitation, raw)
    return invitation


@audited
@transaction.atomic
def staff_invitation_resend(*, invitation: StaffInvitation, by: User) -> StaffInvitation:
    """A new link and a new week; the old link stops working."""
    if not by.has_perm(INVITE_PERMISSION):
        raise PermissionDenied
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already accepted."))
    raw, invitation.token_digest = token_new()
    invitation.expires_at = StaffInvitation._meta.get_field("expires_at").get_default()
    invitation.revoked_at = None
    invitation.save(update_fields=["token_digest", "expires_at", "revoked_at"])
    _invitation_email(invitation, raw)
    return invitation


@audited
def staff_invitation_revoke(*, invitation: StaffInvitation, by: User) -> StaffInvitation:
    if not by.has_perm(INVITE_PERMISSION):
        raise PermissionDenied
    if invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def staff_invitation_usable(raw_token: str) -> StaffInvitation | None:
    """The invitation a link opens, or None for an unknown, expired, used or revoked one."""
    invitation = StaffInvitation.objects.filter(token_digest=token_digest(raw_token)).first()
    return invitation if invitation is not None and invitation.is_usable() else None


@audited
@transaction.atomic
def staff_invitation_accept(*, raw_token: str, by: User) -> User:
    """Make the signed-in person staff with the invitation's roles and programmes, once."""
    from programs.services import program_staff_assign  # programmes come after accounts

    invitation = StaffInvitation.objects.select_for_update().filter(token_digest=token_digest(raw_token)).first()
    if invitation is None or not invitation.is_usable():
        raise ValidationError(_("This invitation has expired or was already used."))
    if invitation.email != by.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    by.is_staff = True
    by.save(update_fields=["is_staff"])
    by.groups.add(*invitation.roles.all())
    program_staff_assign(user=by, programs=invitation.programs.all(), by=invitation.invited_by)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return by
