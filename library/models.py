"""The office's downloadable materials: a document (the City of Belonging guide, a Know Your
Rights leaflet, a poster's artwork) and its files, at most one per language."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from moia.fields import acting_user_field


def document_file_upload_to(instance: "DocumentFile", filename: str) -> str:
    # The stored name never carries what the uploader called the file (it may hold a person's
    # name or a path); the extension comes from the sniffed type, not from the name.
    from .uploads import EXTENSIONS

    extension = EXTENSIONS.get(instance.content_type, "")
    return f"library/{instance.document.slug}/{instance.language}{extension}"


class Document(models.Model):
    """One piece of material, whatever language it is in."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        KNOW_YOUR_RIGHTS = "know-your-rights", _("Know Your Rights")
        POSTER = "poster", _("Poster artwork")

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GUIDE)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:index") + f"#{self.slug}"


class DocumentFile(models.Model):
    """A document's file in one language; its type, size and page count are read from the
    content when it is uploaded (library.uploads), never taken from the browser."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=document_file_upload_to, max_length=200)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    uploaded_by = acting_user_field(editable=False)

    class Meta:
        ordering = ["document", "language"]
        constraints = [models.UniqueConstraint(fields=["document", "language"], name="library_one_file_per_language")]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return f"{self.document.slug} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("library:file", kwargs={"code": self.document.slug, "language": self.language})
