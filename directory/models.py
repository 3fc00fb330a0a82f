"""The resource directory, modelled on Open Referral HSDS 3.0.

Field names follow HSDS so the open-data export is a straight mapping. `Organization` is
the portal's one partner table: programmes and grants reference it too.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Neighborhood(models.Model):
    """A neighbourhood of the office's city (Boston's or Baltimore's), for filters and counts."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """An organization that offers services, runs programmes or applies for grants (HSDS organization)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # HSDS tax_status / tax_id: a 501(c)(3) nonprofit's EIN, used by grants for eligibility.
    tax_status = models.CharField(_("tax status"), max_length=100, blank=True)
    tax_id = models.CharField(_("tax ID (EIN)"), max_length=20, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year incorporated"), null=True, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=255, blank=True)
    parent_organization = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("parent")
    )
    # Demo rows carry invented details; they are labelled so nobody mistakes them for real listings.
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name
