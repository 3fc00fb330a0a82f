"""Reads for the annual report: the data of a year, and what the public may download."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moia.office.selectors import office_profile_current

from .models import AnnualReport, ReportNarrative
from .sources.population import population_tables

# The ordinance's own words, used as the section headings (12-19.4(2)(a)-(d)).
SECTION_HEADINGS = {
    "population": gettext_lazy(
        "(a) The size and composition of such population, including demographic information, socio-economic "
        "markers, and estimates of the immigration status held by members of such population"
    ),
    "needs": gettext_lazy(
        "(b) The needs of such population, including social services, legal services, housing, public benefits, "
        "education, and workforce development needs"
    ),
    "barriers": gettext_lazy(
        "(c) Barriers faced by such population in accessing such services, and recommendations on how the City "
        "could address such barriers"
    ),
    "programs": gettext_lazy(
        "(d) Information and metrics relating to each programmatic initiative of the Office, including "
        "initiatives conducted in partnership with other offices or agencies"
    ),
}


SHORT_HEADINGS = {
    "population": gettext_lazy("(a) Population"),
    "needs": gettext_lazy("(b) Needs"),
    "barriers": gettext_lazy("(c) Barriers and recommendations"),
    "programs": gettext_lazy("(d) Programme metrics"),
}

# Population rows that make the executive summary's headline figures.
HEADLINE_TOPICS = ("population", "nativity", "english_ability", "language")


def _section_sources():
    """Each section's table sources; apps that are not installed simply contribute nothing."""
    from .sources import grants as grant_sources
    from .sources import programs as program_sources
    from .sources import surveys as survey_sources

    return {
        "population": [population_tables],
        "needs": [survey_sources.needs_tables, program_sources.intake_demand_tables],
        "barriers": [survey_sources.barriers_tables],
        "programs": [program_sources.program_tables, grant_sources.grantee_tables],
    }


def report_data(*, year: int, language: str = "en") -> dict:
    """Everything the report for a year shows, as published (small cells already suppressed)."""
    with translation.override(language):
        office = office_profile_current()
        narrative = ReportNarrative.objects.filter(year=year).first()
        sections = []
        for key, sources in _section_sources().items():
            tables = [table.as_dict() for source in sources for table in source(year)]
            sections.append(
                {
                    "key": key,
                    "heading": str(SECTION_HEADINGS[key]),
                    "short_heading": str(SHORT_HEADINGS[key]),
                    "tables": tables,
                }
            )
        return {
            "year": year,
            "language": language,
            "generated_at": timezone.now().isoformat(),
            "threshold": settings.SMALL_CELL_THRESHOLD,
            "office": {"name": office.name, "short_name": office.short_name, "city": office.city},
            "narrative": {
                field: (getattr(narrative, field) if narrative else "") or ""
                for field in ("director_letter", "needs_commentary", "barriers_commentary", "recommendations")
            },
            "key_figures": _key_figures(sections),
            "sections": sections,
        }


def _key_figures(sections: list[dict]) -> list[dict]:
    """The executive summary: headline population figures, then each other table's total."""
    figures = []
    for section in sections:
        for table in section["tables"]:
            topic = table["key"].removeprefix("population-")
            if section["key"] == "population" and topic in HEADLINE_TOPICS and table["rows"]:
                row = table["rows"][0]
                figures.append({"label": row["label"], "value": row["values"][0], "unit": row.get("unit", "")})
            elif section["key"] != "population" and table.get("totals") and table["totals"][-1] is not None:
                figures.append({"label": table["title"], "value": table["totals"][-1], "unit": ""})
    return figures


def published_reports() -> QuerySet[AnnualReport]:
    """Every published report and its superseded versions, newest first (the public archive)."""
    return AnnualReport.objects.filter(
        status__in=[AnnualReport.Status.PUBLISHED, AnnualReport.Status.SUPERSEDED]
    ).order_by("-year", "language", "-version")


def report_current(*, year: int, language: str) -> AnnualReport | None:
    """The published (current) version for a year and language, if any."""
    return AnnualReport.objects.filter(year=year, language=language, status=AnnualReport.Status.PUBLISHED).first()


def headings_in(language: str) -> dict[str, str]:
    with translation.override(language):
        return {key: str(value) for key, value in SECTION_HEADINGS.items()} | {"title": _("Annual report")}
