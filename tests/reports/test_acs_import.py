"""Population figures imported from the Census Bureau's ACS 5-year CSV downloads feed the report."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import PopulationStatistic
from reports.services import population_acs_import, report_build, report_build_request

pytestmark = pytest.mark.django_db

# The layout of a data.census.gov download of C16001 (figures invented, shape real).
C16001 = (
    '"Label (Grouping)","Boston city, Massachusetts!!Estimate","Boston city, Massachusetts!!Margin of Error"\n'
    '"Total:","634,213","±1,021"\n'
    '"    Speak only English","408,950","±4,377"\n'
    '"    Spanish:","107,216","±3,812"\n'
    '"        Speak English ""very well""","58,110","±2,417"\n'
    '"        Speak English less than ""very well""","49,106","±2,901"\n'
    '"    Haitian:","18,422","±1,935"\n'
    '"        Speak English less than ""very well""","8,907","±1,210"\n'
    '"    Other and unspecified languages:","1,204","*****"\n'
).encode()


def test_an_acs_table_is_imported_with_estimates_margins_and_its_source():
    count = population_acs_import(content=C16001, table_id="C16001", vintage="2019-2023", year=2023, by=None)
    assert count == 8
    spanish = PopulationStatistic.objects.get(dimension_en="Spanish")
    assert (spanish.value, spanish.margin_of_error) == (107216, 3812)
    assert spanish.is_aggregate  # a total of the lines nested under it: left out of charts
    assert spanish.geography == "Boston city, Massachusetts"
    assert spanish.topic == "language"
    assert spanish.source_en == (
        "U.S. Census Bureau, American Community Survey 2019-2023 5-year estimates, table C16001, "
        "Boston city, Massachusetts"
    )
    assert spanish.source_es.startswith("Oficina del Censo")
    child = PopulationStatistic.objects.get(dimension_en='Spanish: Speak English less than "very well"')
    assert (child.value, child.is_aggregate) == (49106, False)
    assert PopulationStatistic.objects.get(dimension_en="Other and unspecified languages").margin_of_error is None


def test_importing_the_same_table_again_updates_it():
    population_acs_import(content=C16001, table_id="C16001", vintage="2019-2023", year=2023, by=None)
    revised = C16001.replace(b'"107,216"', b'"107,300"')
    population_acs_import(content=revised, table_id="C16001", vintage="2019-2023", year=2023, by=None)
    assert PopulationStatistic.objects.filter(dimension_en="Spanish").get().value == 107300
    assert PopulationStatistic.objects.count() == 8


@pytest.mark.parametrize(
    ("content", "table", "vintage"),
    [
        (b"year,topic,dimension\n2023,language,Spanish\n", "C16001", "2019-2023"),  # not a census download
        (b"\xff\xfe\x00garbage", "C16001", "2019-2023"),
        (C16001, "B16001", "2019-2023"),  # not published for places
        (C16001, "C16001", "2023"),
    ],
)
def test_a_file_that_is_not_an_acs_download_is_refused_and_nothing_is_saved(content, table, vintage):
    with pytest.raises(ValidationError):
        population_acs_import(content=content, table_id=table, vintage=vintage, year=2023, by=None)
    assert PopulationStatistic.objects.count() == 0


def test_imported_figures_appear_in_the_report_with_their_source(media_root):
    population_acs_import(content=C16001, table_id="C16001", vintage="2019-2023", year=2023, by=None)
    report = report_build(report_id=report_build_request(year=2025, queue=False).pk)
    table = report.snapshot["sections"][0]["tables"][0]
    assert table["key"] == "population-language"
    assert table["title"] == "Language spoken at home (2023)"
    assert "table C16001" in table["source"]
    labels = [row["label"] for row in table["rows"]]
    assert "Spanish — Boston city, Massachusetts" in labels
    # The labels are English only: the Spanish report is not complete until they are translated.
    spanish = report_build(report_id=report_build_request(year=2025, language="es", queue=False).pk)
    assert any("8" in message for message in spanish.snapshot["missing"])


def test_report_editors_import_an_acs_table_in_the_admin(client, media_root):
    from tests.factories.accounts import StaffFactory
    from tests.reports.test_admin import sign_in_with_mfa

    sign_in_with_mfa(client, StaffFactory(roles=["Report editors"]))
    upload = SimpleUploadedFile("ACSDT5Y2023.C16001-2025.csv", C16001, content_type="text/csv")
    response = client.post(
        "/admin/reports/populationstatistic/acs/",
        {"table": "C16001", "vintage": "2019-2023", "year": 2023, "file": upload},
    )
    assert response.status_code == 302
    assert PopulationStatistic.objects.filter(year=2023, topic="language").count() == 8
    bad = SimpleUploadedFile("notes.csv", b"hello\n", content_type="text/csv")
    page = client.post(
        "/admin/reports/populationstatistic/acs/",
        {"table": "C16001", "vintage": "2019-2023", "year": 2023, "file": bad},
    ).content.decode()
    assert "data.census.gov" in page
