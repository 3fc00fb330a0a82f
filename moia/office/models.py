from django.db import models
from django.utils.translation import gettext_lazy as _


# modeltranslation replaces the default manager at import time (translation.py), which
# django-stubs cannot follow; the managers exist at runtime.
class OfficeProfile(models.Model):  # type: ignore[django-manager-missing]
    """Who runs this deployment: name, contact details and strategic priorities.

    Created from a preset (moia/office/presets.py) chosen by OFFICE_PROFILE; its text is
    translatable and editable in the admin afterwards.
    """

    key = models.SlugField(_("preset key"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30)
    city = models.CharField(_("city"), max_length=100)
    mission = models.TextField(_("mission"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    social_links = models.JSONField(
        _("social links"), default=list, blank=True, help_text=_('A list of {"label": ..., "url": ...}.')
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("office profile")
        verbose_name_plural = _("office profiles")

    def __str__(self) -> str:
        return self.name


class StrategicPriority(models.Model):  # type: ignore[django-manager-missing]
    """A strategic priority of the office (Boston: Stability, Integration, Civic Ownership)."""

    office = models.ForeignKey(OfficeProfile, on_delete=models.CASCADE, related_name="priorities")
    code = models.SlugField(_("code"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["office", "code"], name="unique_priority_code_per_office")]
        verbose_name = _("strategic priority")
        verbose_name_plural = _("strategic priorities")

    def __str__(self) -> str:
        return self.name
