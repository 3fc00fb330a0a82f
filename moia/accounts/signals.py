"""Account signals: the admin's change log names no user; a fresh sign-in is a fresh confirmation.

LogEntry.object_repr is a copy of str(obj), kept for years and shown to everyone who can read the
history; a user is logged by id instead of by name (UserAdmin.log_deletions saves one entry at a
time so that bulk deletions pass through here too).
"""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.signals import authentication_step_completed
from django.contrib.admin.models import LogEntry
from django.db.models.signals import pre_save
from django.dispatch import receiver


@receiver(pre_save, sender=LogEntry)
def log_entry_without_names(sender, instance: LogEntry, **kwargs) -> None:
    content_type = instance.content_type
    if content_type is not None and (content_type.app_label, content_type.model) == ("accounts", "user"):
        instance.object_repr = f"User #{instance.object_id}"


@receiver(authentication_step_completed)
def password_sign_in_counts_as_fresh_confirmation(sender, request, method: str, **kwargs) -> None:
    """Someone who has just typed their password is not asked for it again ("Confirm access").

    allauth only trusts its reauthentication step, so a new staff member, sent from sign-in
    straight to two-factor setup, typed the same password twice in a row. The usual window
    (ACCOUNT_REAUTHENTICATION_TIMEOUT) still applies from the moment of sign-in.
    """
    if method != "password":
        return
    records = list(request.session.get(AUTHENTICATION_METHODS_SESSION_KEY, []))
    if records and records[-1].get("method") == "password":
        records[-1] = {**records[-1], "reauthenticated": True}
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records
