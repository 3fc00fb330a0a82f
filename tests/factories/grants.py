from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from directory.models import Organization
from grants.models import (
    Application,
    BudgetLine,
    FundingStream,
    GrantCycle,
    OrganizationMembership,
    OrganizationProfile,
    RubricCriterion,
)

from .accounts import UserFactory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"test-nonprofit-{n}")
    name = factory.Sequence(lambda n: f"Test Nonprofit {n}")
    tax_id = factory.Sequence(lambda n: f"04-{1000000 + n}")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationProfile

    organization = factory.SubFactory(OrganizationFactory)
    street_address = "1 City Hall Square"
    city = "Boston"
    state = "MA"
    postal_code = "02201"
    mission = "Serve immigrant families."


class GrantCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantCycle

    slug = factory.Sequence(lambda n: f"cycle-{n}")
    year = 2026
    title = factory.Sequence(lambda n: f"Cycle {n}")
    total_pool = Decimal("100000")
    min_award = Decimal("1000")
    max_award = Decimal("10000")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class StreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingStream

    cycle = factory.SubFactory(GrantCycleFactory)
    slug = factory.Sequence(lambda n: f"stream-{n}")
    title = "Language access"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationMembership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = OrganizationMembership.Role.OWNER


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    cycle = factory.SubFactory(GrantCycleFactory)
    stream = factory.SubFactory(StreamFactory, cycle=factory.SelfAttribute("..cycle"))
    organization = factory.SubFactory(OrganizationFactory)
    title = "Know Your Rights workshops"
    summary = "Workshops in five languages."
    description = "Twelve workshops at libraries."
    communities_served = "Haitian and Cabo Verdean families"
    languages_served = "Haitian Creole, Cabo Verdean Creole"
    outcomes = "300 residents know their rights."


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    application = factory.SubFactory(ApplicationFactory)
    category = "Staff"
    amount = Decimal("5000")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricCriterion

    cycle = factory.SubFactory(GrantCycleFactory)
    name = "Community need"
    weight = Decimal("1")
