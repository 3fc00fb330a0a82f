"""An empty staff queue says why, and whom to ask, when the reason is the person's access."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .selectors import staff_administrators


def ask_for_access_message(reason: str, *, user) -> str:
    """ "<reason> Ask <administrators> … My access lists what you can see." (HTML, escaped)."""
    people = list(staff_administrators().exclude(pk=user.pk)[:3])
    my_access = format_html('<a href="{}">{}</a>', reverse("admin:accounts_user_my_access"), _("My access"))
    if not people:
        return format_html(
            "{} {} {}", reason, _("Ask the office's portal administrator to give you access."), my_access
        )
    names = format_html_join(
        ", ",
        '{} (<a href="mailto:{}">{}</a>)',
        ((person.display_name, person.email, person.email) for person in people),
    )
    return format_html("{} {} {}", reason, format_html(_("Ask {people} to give you access."), people=names), my_access)


class EmptyQueueExplainedMixin:
    """For a ModelAdmin whose list is scoped to the person: `empty_queue_reason(request)` answers
    why the scope is empty (or None), and the list then says so above its (empty) table."""

    def empty_queue_reason(self, request) -> str | None:
        return None  # an admin that mixes this in says why; by default an empty list says nothing

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and (reason := self.empty_queue_reason(request)):
            messages.warning(request, ask_for_access_message(reason, user=request.user))
        return super().changelist_view(request, extra_context=extra_context)
