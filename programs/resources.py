"""Spreadsheets in and out (django-import-export).

Exports carry de-identified fields only. Imports come from partner spreadsheets: each row
is validated on its own and a bad row is reported with its line, never a 500.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from directory.models import Neighborhood

from .models import Activity, Intake, Program, ServiceType
from .selectors import assigned_program_ids


class SlugWidget(widgets.ForeignKeyWidget):
    """A foreign key given by its slug; an unknown slug is a per-row error, not a crash."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except self.model.DoesNotExist as exc:
            raise ValueError(_("Unknown code: %(value)s") % {"value": value}) from exc


class WholeNumberWidget(widgets.IntegerWidget):
    """A count from a spreadsheet; "many" or "-3" is a per-row message, not a crash."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if text.endswith(".0"):
            text = text[:-2]  # spreadsheets send whole numbers as floats
        if not text.isdigit():
            raise ValueError(_("Enter a whole number, for example 25."))
        return int(text)


class IntakeDeidentifiedResource(resources.ModelResource):
    """One row per intake with no personal field and no reference number, for analysis."""

    program = fields.Field(attribute="program__slug", column_name="program")
    neighborhood = fields.Field(attribute="neighborhood__slug", column_name="neighborhood")
    received_on = fields.Field(column_name="received_on")
    screened_on = fields.Field(column_name="screened_on")
    closed_on = fields.Field(column_name="closed_on")

    class Meta:
        model = Intake
        fields = (
            "program",
            "received_on",
            "channel",
            "preferred_language",
            "neighborhood",
            "age_range",
            "country_of_birth",
            "gender",
            "household_size",
            "status",
            "screening_eligible",
            "screened_on",
            "closed_on",
        )
        export_order = fields

    @staticmethod
    def _local_date(value):
        return timezone.localtime(value).date().isoformat() if value else ""

    def dehydrate_received_on(self, intake):
        return self._local_date(intake.received_at)

    def dehydrate_screened_on(self, intake):
        return self._local_date(intake.screened_at)

    def dehydrate_closed_on(self, intake):
        return self._local_date(intake.closed_at)


class _PartnerImportMixin:
    """Rows may only name programmes the importing user works on (superusers: any)."""

    def before_import_row(self, row, **kwargs):
        user = kwargs.get("user")
        slug = (row.get("program") or "").strip()
        program = Program.objects.filter(slug=slug).first()
        if program is None:
            raise ValidationError(_("Unknown programme: %(value)s") % {"value": slug or "-"})
        if user is not None and not user.is_superuser and program.pk not in assigned_program_ids(user):
            raise ValidationError(_("You are not assigned to the programme %(value)s.") % {"value": slug})


class IntakeImportResource(_PartnerImportMixin, resources.ModelResource):
    """Intakes taken by a partner on paper or in their own system."""

    program = fields.Field(attribute="program", column_name="program", widget=SlugWidget(Program, "slug"))
    neighborhood = fields.Field(
        attribute="neighborhood", column_name="neighborhood", widget=SlugWidget(Neighborhood, "slug")
    )
    received_at = fields.Field(attribute="received_at", column_name="received_at", widget=widgets.DateTimeWidget())

    class Meta:
        model = Intake
        fields = (
            "program",
            "received_at",
            "channel",
            "preferred_language",
            "neighborhood",
            "name",
            "phone",
            "email",
            "age_range",
            "country_of_birth",
            "gender",
            "household_size",
        )
        force_init_instance = True  # every row is a new intake
        clean_model_instances = True  # choices and formats are checked per row
        skip_diff = True

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance.entered_by = user

    def do_instance_save(self, instance, is_create):
        # Each row goes through the same service as every other request (reference, checks,
        # no unasked immigration status, confirmation email), never a bare save().
        from .services import intake_submit

        data = {name: getattr(instance, name) for name in self._meta.fields if name not in {"program", "received_at"}}
        intake = intake_submit(
            program=instance.program,
            data=data,
            channel=instance.channel or Intake.Channel.PARTNER,
            language=instance.preferred_language or "en",
            entered_by=instance.entered_by,
            public=False,
            received_at=instance.received_at,
        )
        instance.pk, instance.reference = intake.pk, intake.reference


class ActivityImportResource(_PartnerImportMixin, resources.ModelResource):
    """Attendance at group events (workshops, clinics, webinars)."""

    program = fields.Field(attribute="program", column_name="program", widget=SlugWidget(Program, "slug"))
    service_type = fields.Field(
        attribute="service_type", column_name="service_type", widget=SlugWidget(ServiceType, "slug")
    )
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget())
    attendance = fields.Field(attribute="attendance", column_name="attendance", widget=WholeNumberWidget())
    languages = fields.Field(attribute="languages", column_name="languages")

    class Meta:
        model = Activity
        fields = ("program", "service_type", "title", "date", "attendance", "languages")
        force_init_instance = True
        clean_model_instances = True
        skip_diff = True

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        # "es; zh-hans" in a spreadsheet cell becomes a list of language codes.
        raw = row.get("languages") or ""
        row["languages"] = [code.strip().lower() for code in str(raw).replace(";", ",").split(",") if code.strip()]

    def dehydrate_languages(self, activity):
        return ", ".join(activity.languages or [])
