"""The staff side of events: events (translated, with translation review), sessions and slots in
bulk, registrations with filters and a CSV export, a message to a session's registrants in their
own languages, and the check-in screen for the door.

Registration status and check-in are never edited in a change form: they change through
events.services / events.services_staff, which record who did it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from moia.admin_pages import admin_page
from moia.csvio import csv_download
from moia.l10n.admin import ContentTranslationReviewAdminMixin

from . import selectors_staff, services_staff
from .forms_staff import BulkSlotsForm, SessionMessageForm, WalkInForm
from .models import Event, Registration, RegistrationOutcome, Session

Status = Registration.Status


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("starts_at", "ends_at", "capacity", "location", "host", "is_cancelled")
    show_change_link = True

    def get_queryset(self, request):
        # Upcoming only: an event run every month for years would otherwise fill the page.
        return super().get_queryset(request).filter(starts_at__gte=timezone.now() - timezone.timedelta(days=1))


@admin.register(Event)
class EventAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ("title", "category", "format", "booking", "program", "is_published", "translations_reviewed")
    list_filter = ("is_published", "category", "format", "booking", "program")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SessionInline]
    actions = ["action_bulk_slots"]
    change_form_template = "admin/events/event/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/slots/",
                self.admin_site.admin_view(self.bulk_slots_view),
                name="events_event_bulk_slots",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Add a day of slots"))
    def action_bulk_slots(self, request, queryset):
        event = queryset.first()
        if queryset.count() != 1:
            self.message_user(request, gettext("Choose one event to add slots to."), messages.WARNING)
            return None
        return redirect("admin:events_event_bulk_slots", pk=event.pk)

    def bulk_slots_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A day of slots in two clicks: the form comes filled in (9:00 to 16:00, 30 minutes)."""
        if not (self.has_change_permission(request) and request.user.has_perm("events.add_session")):
            raise PermissionDenied
        event = get_object_or_404(Event, pk=pk)
        form = BulkSlotsForm(request.POST or None, initial={"day": timezone.localdate() + timezone.timedelta(days=1)})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                created = services_staff.session_slots_create(
                    event=event,
                    day=data["day"],
                    start=data["start"],
                    end=data["end"],
                    minutes=data["minutes"],
                    capacity=data["capacity"],
                    host=data.get("host"),
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, gettext("%(count)s slots added.") % {"count": len(created)})
                return redirect("admin:events_event_change", event.pk)
        return admin_page(
            self, request, "admin/events/bulk_slots.html", gettext("Add a day of slots"), original=event, form=form
        )


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("reference", "status", "party_size", "language", "walk_in", "checked_in_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "event", "starts_at", "capacity", "seats_taken", "host", "is_cancelled", "door")
    list_filter = ("event", "is_cancelled", ("starts_at", admin.DateFieldListFilter), "event__program")
    search_fields = ("event__title",)
    date_hierarchy = "starts_at"
    autocomplete_fields = ("host",)
    inlines = [RegistrationInline]
    actions = ["action_message"]
    change_list_template = "admin/events/session/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("event", "host")
            .annotate(taken=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)))
        )

    @admin.display(description=_("seats taken"), ordering="taken")
    def seats_taken(self, obj) -> int:
        return obj.taken

    @admin.display(description=_("check-in"))
    def door(self, obj) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:events_session_checkin", args=[obj.pk]), gettext("Check in")
        )

    def get_urls(self):
        return [
            path("door/", self.admin_site.admin_view(self.checkin_today_view), name="events_session_door"),
            path("<int:pk>/checkin/", self.admin_site.admin_view(self.checkin_view), name="events_session_checkin"),
            path("<int:pk>/message/", self.admin_site.admin_view(self.message_view), name="events_session_message"),
            *super().get_urls(),
        ]

    # --- The door --------------------------------------------------------------------------
    def _may_check_in(self, request) -> bool:
        return request.user.has_perm("events.change_registration")

    def checkin_today_view(self, request: HttpRequest) -> HttpResponse:
        """Today's sessions, one tap each, for the phone at the door."""
        if not self._may_check_in(request):
            raise PermissionDenied
        return admin_page(
            self,
            request,
            "admin/events/checkin_today.html",
            gettext("Check-in at the door"),
            sessions=selectors_staff.checkin_sessions_today(),
        )

    def checkin_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Search by name or reference, check in with one tap, add a walk-in: plain form posts."""
        if not self._may_check_in(request):
            raise PermissionDenied
        session = get_object_or_404(Session.objects.select_related("event"), pk=pk)
        query = (request.GET.get("q") or request.POST.get("q") or "")[:100]
        walk_in_form = WalkInForm(prefix="walkin")
        if request.method == "POST":
            action = request.POST.get("action")
            try:
                if action in ("check_in", "undo"):
                    registration = get_object_or_404(session.registrations, pk=request.POST.get("registration"))
                    if action == "check_in":
                        services_staff.registration_check_in(registration=registration, by=request.user)
                        messages.success(
                            request,
                            gettext("%(who)s checked in.") % {"who": registration.name or registration.reference},
                        )
                    else:
                        services_staff.registration_check_in_undo(registration=registration, by=request.user)
                    return redirect(_with_query(reverse("admin:events_session_checkin", args=[pk]), query))
                if action == "walk_in":
                    walk_in_form = WalkInForm(request.POST, prefix="walkin")
                    if walk_in_form.is_valid():
                        data = walk_in_form.cleaned_data
                        services_staff.registration_walk_in(
                            session=session,
                            name=data["name"],
                            party_size=data["party_size"],
                            language=data["language"],
                            by=request.user,
                        )
                        messages.success(request, gettext("Walk-in added and checked in."))
                        return redirect("admin:events_session_checkin", pk)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        rows = selectors_staff.checkin_list(session=session, query=query)
        arrived = session.registrations.filter(checked_in_at__isnull=False).count()
        return admin_page(
            self,
            request,
            "admin/events/checkin.html",
            gettext("Check-in"),
            http_status=400 if walk_in_form.errors else 200,
            session=session,
            rows=rows,
            query=query,
            arrived=arrived,
            walk_in_form=walk_in_form,
        )

    # --- A message to the registrants ---------------------------------------------------------
    @admin.action(description=_("Send a message to the registrants"))
    def action_message(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Choose one session to send a message about."), messages.WARNING)
            return None
        return redirect("admin:events_session_message", pk=queryset.first().pk)

    def message_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self._may_check_in(request):
            raise PermissionDenied
        session = get_object_or_404(Session.objects.select_related("event"), pk=pk)
        form = SessionMessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                counts = services_staff.session_registrants_message(
                    session=session, texts=form.texts(), by=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    gettext(
                        "Sent by email to %(email)s and by text message to %(sms)s; "
                        "%(unreachable)s could not be reached."
                    )
                    % counts,
                )
                return redirect("admin:events_session_change", pk)
        recipients = session.registrations.exclude(status=Status.CANCELLED)
        return admin_page(
            self,
            request,
            "admin/events/message.html",
            gettext("Send a message to the registrants"),
            original=session,
            form=form,
            languages=recipients.values("language").annotate(n=Count("pk")).order_by("language"),
        )


def _with_query(url: str, query: str) -> str:
    from urllib.parse import urlencode

    return f"{url}?{urlencode({'q': query})}" if query else url


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "arrived"

    def lookups(self, request, model_admin):
        return [("yes", _("Checked in")), ("no", _("Not checked in"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("reference", "session", "status", "party_size", "language", "walk_in", "checked_in_at")
    list_filter = (
        "status",
        CheckedInFilter,
        "walk_in",
        "language",
        "session__event",
        "session__event__program",
        ("session__starts_at", admin.DateFieldListFilter),
    )
    # Personal fields are encrypted: staff find a registration by its reference.
    search_fields = ("reference",)
    list_select_related = ("session__event",)
    actions = ["action_export_csv"]
    fields = (
        "reference",
        "session",
        "status",
        "name",
        "phone",
        "email",
        "language",
        "party_size",
        "topic",
        "call_time",
        "walk_in",
        "checked_in_at",
        "checked_in_by",
        "created_at",
        "personal_data_purged_at",
    )
    readonly_fields = (
        "reference",
        "session",
        "status",
        "walk_in",
        "checked_in_at",
        "checked_in_by",
        "created_at",
        "personal_data_purged_at",
    )

    def has_add_permission(self, request):
        # A booking is made by the resident's form or as a walk-in at the door, never here.
        return False

    def has_delete_permission(self, request, obj=None):
        # Attendance figures are counted from these rows; a cancellation is a status, not a deletion.
        return False

    @admin.action(description=_("Export the selected registrations (CSV)"))
    def action_export_csv(self, request, queryset):
        header = [
            gettext("Reference"),
            gettext("Event"),
            gettext("Session"),
            gettext("Status"),
            gettext("Name"),
            gettext("Phone"),
            gettext("Email"),
            gettext("Preferred language"),
            gettext("Number of people"),
            gettext("Walk-in"),
            gettext("Checked in at"),
        ]
        statuses = dict(Status.choices)

        def rows():
            yield header
            for r in queryset.select_related("session__event").order_by("session__starts_at", "created_at"):
                yield [
                    r.reference,
                    r.session.event.title,
                    timezone.localtime(r.session.starts_at).strftime("%Y-%m-%d %H:%M"),
                    str(statuses.get(r.status, r.status)),
                    r.name or "",
                    r.phone or "",
                    r.email or "",
                    r.language,
                    r.party_size,
                    "yes" if r.walk_in else "",
                    timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
                ]

        return csv_download(rows(), filename="registrations.csv")


@admin.register(RegistrationOutcome)
class RegistrationOutcomeAdmin(admin.ModelAdmin):
    list_display = ("registration", "result", "recorded_at", "recorded_by")
    list_filter = ("result",)
    readonly_fields = (
        "registration",
        "attendee_key",
        "result",
        "intake",
        "service_record",
        "recorded_at",
        "recorded_by",
    )
    exclude = ()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
