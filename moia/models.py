from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A task that could not be handed to the broker (Redis down); beat sends it later.

    The request that caused it has already succeeded for the user: a resident's survey
    or intake is saved even when the confirmation email cannot be queued yet.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk}"


class DemoDataLoad(models.Model):
    """Records that demo data was loaded, so `make run` loads it once and never again."""

    office = models.SlugField(_("office"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo data load")
        verbose_name_plural = _("demo data loads")

    def __str__(self) -> str:
        return f"{self.office} @ {self.loaded_at:%Y-%m-%d}"
