from decimal import Decimal

import factory

from reports.models import PopulationStatistic, ReportNarrative


class PopulationStatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationStatistic

    year = 2025
    topic = "nativity"
    dimension = factory.Sequence(lambda n: f"Group {n}")
    geography = "citywide"
    value = Decimal("29")
    unit = "percent"
    source = "ACS 2019-2023 5-year, table B05002"


class ReportNarrativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportNarrative

    year = 2025
    director_letter_en = "Dear Councillors, this is our report."
    recommendations_en = "Translate every notice into the threshold languages."
