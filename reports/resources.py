"""CSV/XLSX import of population statistics (layout in reports/POPULATION_CSV.md)."""

from import_export import resources

from .models import PopulationStatistic


class PopulationStatisticResource(resources.ModelResource):
    class Meta:
        model = PopulationStatistic
        import_id_fields = ("year", "topic", "dimension", "geography")
        fields = ("year", "topic", "dimension", "geography", "value", "unit", "margin_of_error", "source", "is_demo")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # run full_clean: an unknown topic or unit is a row error, not a crash
