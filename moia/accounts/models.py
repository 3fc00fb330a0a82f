from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff, a nonprofit's member, or a partner's intake worker.

    Residents who ask for help or answer a survey never need an account.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en")
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        # Pickers, lists and messages show people by name. The admin's change log, which copies
        # __str__ into LogEntry.object_repr, keeps an id instead (signals.py).
        return self.display_name

    @property
    def display_name(self) -> str:
        """The person's name, or their email address when they gave no name."""
        return self.full_name.strip() or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def user_display(user: User) -> str:
    """How allauth names a person in its pages, messages and emails ("Signed in as …")."""
    return user.display_name


def _staff_invitation_expiry():
    from datetime import timedelta

    return timezone.now() + timedelta(days=STAFF_INVITATION_DAYS)


STAFF_INVITATION_DAYS = 7


class StaffInvitation(models.Model):
    """An administrator's invitation to join the staff with some roles and programmes.

    Accounts come before programmes (programs.ProgramStaff points at the user), so the
    programmes are named here by string and never imported: accepting hands them to
    programs.services, which owns who is assigned to a programme. Only the token's digest is
    stored (moia.tokens); the link in the email is the only copy of the token.
    """

    email = models.EmailField(_("email address"))
    language = models.CharField(_("language of the email"), max_length=10, default="en")
    roles = models.ManyToManyField("auth.Group", blank=True, related_name="+", verbose_name=_("roles"))
    programs = models.ManyToManyField("programs.Program", blank=True, related_name="+", verbose_name=_("programmes"))
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_staff_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self) -> str:
        return f"Staff invitation #{self.pk}"

    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
