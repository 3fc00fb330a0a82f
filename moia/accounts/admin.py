from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import path
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from ..admin_pages import admin_page
from . import selectors, services
from .models import StaffInvitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The language is chosen from the portal's, each named in itself, and the choice says up
        # front which ones the admin cannot show (Django has no admin catalogue for them).
        if db_field.name == "preferred_language":
            untranslated = settings.ADMIN_UNTRANSLATED_LANGUAGES
            names = {code: get_language_info(code)["name_local"] for code in settings.LANGUAGE_CODES}
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=[
                    (code, _("%(language)s (staff admin in English)") % {"language": name})
                    if code in untranslated
                    else (code, name)
                    for code, name in names.items()
                ],
                initial=db_field.default,
                help_text=_(
                    "Emails and the public pages use this language. Django has no staff admin translation for "
                    "%(languages)s: for them the admin is shown in English."
                )
                % {"languages": ", ".join(names[code] for code in untranslated)},
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        # Every staff member's own page (admin_view lets any active staff member in): what their
        # roles allow, what each app shows them, and whom to ask for more.
        own = [path("my-access/", self.admin_site.admin_view(self.my_access_view), name="accounts_user_my_access")]
        return own + super().get_urls()

    def my_access_view(self, request):
        return admin_page(
            self, request, "admin/accounts/my_access.html", _("My access"), access=selectors.staff_access(request.user)
        )

    def log_deletions(self, request, queryset):
        # One entry at a time: bulk_create would skip the signal that keeps names out of the log.
        return [
            LogEntry.objects.log_actions(request.user.pk, [user], DELETION, single_object=True) for user in queryset
        ]


class StaffInvitationForm(forms.ModelForm):
    class Meta:
        model = StaffInvitation
        fields = ("email", "language", "roles", "programs")
        widgets = {"roles": forms.CheckboxSelectMultiple, "programs": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth.models import Group

        from .roles import ROLES

        self.fields["roles"].queryset = Group.objects.filter(name__in=ROLES).order_by("name")
        self.fields["language"] = forms.ChoiceField(
            label=_("language of the email"),
            choices=[(code, get_language_info(code)["name_local"]) for code in settings.LANGUAGE_CODES],
            initial="en",
            help_text=_(
                "The invitation email is written in this language; the admin itself is in English for some languages."
            ),
        )


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    """ "Invite a staff member": administrators (permission to add staff invitations) invite by
    email with roles and programmes; the service sends the email."""

    form = StaffInvitationForm
    list_display = ("email", "created_at", "expires_at", "accepted_at", "revoked_at")
    actions = ("resend", "revoke")
    readonly_fields = ("invited_by", "created_at", "expires_at", "accepted_at", "revoked_at")

    def has_change_permission(self, request, obj=None):
        return False  # an invitation is sent, resent or revoked, never edited

    def save_model(self, request, obj, form, change):
        invitation = services.staff_invitation_create(
            by=request.user,
            email=form.cleaned_data["email"],
            roles=form.cleaned_data["roles"],
            programs=form.cleaned_data["programs"],
            language=form.cleaned_data["language"],
        )
        obj.pk = invitation.pk

    def save_related(self, request, form, formsets, change):
        pass  # the service set the roles and programmes

    @admin.action(description=_("Send again with a new link"), permissions=["add"])
    def resend(self, request, queryset):
        for invitation in queryset.filter(accepted_at__isnull=True):
            services.staff_invitation_resend(invitation=invitation, by=request.user)
        self.message_user(request, _("The invitations were sent again."))

    @admin.action(description=_("Withdraw"), permissions=["add"])
    def revoke(self, request, queryset):
        for invitation in queryset:
            services.staff_invitation_revoke(invitation=invitation, by=request.user)
        self.message_user(request, _("The invitations were withdrawn."))
