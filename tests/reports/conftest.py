import pytest

from tests.factories.reports import PopulationStatisticFactory, ReportNarrativeFactory


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def population_2025(db):
    """Boston's headline figures from the ordinance's preamble, for report year 2025."""
    rows = [
        PopulationStatisticFactory(topic="population", dimension="Total residents", value=690000, unit="count"),
        PopulationStatisticFactory(topic="nativity", dimension="Foreign-born", value=29),
        PopulationStatisticFactory(topic="english_ability", dimension="Limited English proficiency", value=15),
        PopulationStatisticFactory(topic="language", dimension="Speak a language other than English at home", value=35),
    ]
    ReportNarrativeFactory()
    return rows
