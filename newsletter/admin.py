"""Staff admin: issues written per language (tabs), their translation status and who gets what,
preview, a test to oneself, and sending; subscribers as numbers and statuses, never addresses."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from moia.admin_pages import admin_page
from moia.l10n.admin import ContentTranslationReviewAdminMixin

from . import selectors, services
from .models import Issue, Subscriber, Topic


class IssueForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only subscribers of these topics get it; none ticked: every subscriber."),
    )
    english_for_languages = forms.MultipleChoiceField(
        label=_("Send English to"),
        choices=[(code, name) for code, name in settings.LANGUAGES if code != "en"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Subscribers of a ticked language get the English text when their own is not reviewed. "
            "Without it, sending is blocked for that language."
        ),
    )

    class Meta:
        model = Issue
        fields = ("subject", "body", "topics")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["english_for_languages"].initial = self.instance.english_for


@admin.register(Issue)
class IssueAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    form = IssueForm
    list_display = ("subject", "status", "translations_reviewed", "created_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("subject",)
    readonly_fields = ("status", "send_started_by", "send_started_at", "sent_at")
    change_form_template = "admin/newsletter/issue/change_form.html"

    # Named with the untranslated field names: modeltranslation turns them into one tab per language.
    fieldsets = [
        (None, {"fields": ["subject", "body", "topics"]}),
        (_("Languages"), {"fields": ["english_for_languages"]}),
        (_("Sending"), {"fields": ["status", "send_started_by", "send_started_at", "sent_at"]}),
    ]

    def has_change_permission(self, request, obj=None):
        # What was sent stays as it was sent.
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        services.issue_english_for_set(
            issue=obj, languages=form.cleaned_data.get("english_for_languages") or [], by=request.user
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            plan = selectors.issue_send_plan(obj)
            context.update(
                {
                    "send_plan": plan,
                    "blocked": [row for row in plan if row.subscribers and row.text_language is None],
                    "progress": selectors.issue_progress(obj),
                    "can_send": obj.status == Issue.Status.DRAFT and super().has_change_permission(request, obj),
                }
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path("<int:pk>/preview/<str:language>/", self.admin_site.admin_view(self.preview_view),
                 name="newsletter_issue_preview"),
            path("<int:pk>/send-test/", self.admin_site.admin_view(self.send_test_view),
                 name="newsletter_issue_send_test"),
            path("<int:pk>/send/", self.admin_site.admin_view(self.send_view), name="newsletter_issue_send"),
            *super().get_urls(),
        ]  # fmt: skip

    def preview_view(self, request: HttpRequest, pk: int, language: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(Issue, pk=pk)
        if language not in settings.LANGUAGE_CODES:
            raise Http404
        message = services.issue_preview(issue=issue, language=language)
        return admin_page(
            self,
            request,
            "admin/newsletter/issue/preview.html",
            gettext("Preview: %(subject)s") % {"subject": issue},
            original=issue,
            language=language,
            languages=settings.LANGUAGES,
            subject=message.subject,
            text=message.body,
            html=message.alternatives[0][0] if message.alternatives else "",
            status={row.language: row for row in selectors.issue_send_plan(issue)}.get(language),
        )

    def _post_only(self, request: HttpRequest, pk: int) -> tuple[Issue | None, HttpResponse | None]:
        # Permission before the lookup: whoever may not send learns nothing about which issues exist.
        if not super().has_change_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(Issue, pk=pk)
        if request.method != "POST":
            return issue, HttpResponseNotAllowed(["POST"])
        return issue, None

    def send_test_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue, refused = self._post_only(request, pk)
        if refused:
            return refused
        languages = [code for code in request.POST.getlist("languages") if code in settings.LANGUAGE_CODES]
        try:
            count = services.issue_send_test(issue=issue, languages=languages or ["en"], by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            message = gettext("%(count)s test emails are on their way to %(email)s.")
            self.message_user(request, message % {"count": count, "email": request.user.email}, messages.SUCCESS)
        return redirect("admin:newsletter_issue_change", issue.pk)

    def send_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        issue, refused = self._post_only(request, pk)
        if refused:
            return refused
        try:
            count = services.issue_send_start(issue=issue, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(
                request, gettext("Sending to %(count)s subscribers has started.") % {"count": count}, messages.SUCCESS
            )
        return redirect("admin:newsletter_issue_change", issue.pk)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Counts and statuses: staff never read the list of addresses. A resident who asks to be
    removed is found by typing their exact address in the search box (matched by its hash)."""

    list_display = ("__str__", "status", "language", "created_at", "confirmed_at")
    list_filter = ("status", "language")
    search_fields = ("email_hash",)
    search_help_text = _("Type an exact email address.")
    fields = ("status", "language", "topics", "created_at", "confirmation_sent_at", "confirmed_at", "status_changed_at")
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(email_hash=selectors.email_hash(search_term)), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
