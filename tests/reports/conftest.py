import pytest

from reports.services import narrative_review
from tests.factories.reports import PopulationStatisticFactory, ReportNarrativeFactory


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def population_2025(db):
    """Boston's headline figures from the ordinance's preamble, for report year 2025, with the year's
    texts written and reviewed in English, Spanish and Arabic (those reports can be published)."""
    rows = [
        PopulationStatisticFactory(topic="population", dimension="Total residents", value=690000, unit="count"),
        PopulationStatisticFactory(topic="nativity", dimension="Foreign-born", value=29),
        PopulationStatisticFactory(topic="english_ability", dimension="Limited English proficiency", value=15),
        PopulationStatisticFactory(
            topic="language", dimension="Speak a language other than English at home", value=35, is_aggregate=True
        ),
    ]
    narrative = ReportNarrativeFactory()
    for language in ("en", "es", "ar"):
        narrative_review(narrative=narrative, language=language, by=None)
    return rows
