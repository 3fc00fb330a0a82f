import datetime

import factory
from django.utils import timezone

from directory.models import Neighborhood, Organization
from programs.models import (
    Activity,
    CaseType,
    Intake,
    PartnerMembership,
    Program,
    ProgramCapacity,
    ProgramStaff,
    ServiceRecord,
    ServiceType,
)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"test-partner-{n}")
    name = factory.Sequence(lambda n: f"Test Partner {n}")


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"hood-{n}")
    name = factory.Sequence(lambda n: f"Hood {n}")


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType

    slug = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    is_legal = False


class CaseTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseType

    slug = factory.Sequence(lambda n: f"case-{n}")
    name = factory.Sequence(lambda n: f"Case {n}")
    lsc_problem_code = "81"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"Program {n}")
    description = "A programme for tests."
    intake_open = True
    public_form_enabled = True


class ProgramStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramStaff

    program = factory.SubFactory(ProgramFactory)
    user = factory.SubFactory("tests.factories.accounts.StaffFactory")


class ProgramCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramCapacity

    program = factory.SubFactory(ProgramFactory)
    service_type = factory.SubFactory(ServiceTypeFactory)
    year = 2025
    capacity = 100


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake

    program = factory.SubFactory(ProgramFactory)
    received_at = factory.LazyFunction(timezone.now)
    name = "Test Person"
    phone = "555-0100"
    email = "person@example.org"


class ServiceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRecord

    intake = factory.SubFactory(IntakeFactory)
    service_type = factory.SubFactory(ServiceTypeFactory)
    opened_on = datetime.date(2025, 3, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    program = factory.SubFactory(ProgramFactory)
    service_type = factory.SubFactory(ServiceTypeFactory)
    date = datetime.date(2025, 4, 1)
    attendance = 10
    languages = factory.LazyFunction(lambda: ["en", "es"])


class PartnerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerMembership

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    organization = factory.SubFactory(OrganizationFactory)


def intake_change_data(intake) -> dict:
    """The intake's own fields as the admin change form sends them back unchanged."""
    return {
        "program": intake.program_id,
        "name": intake.name,
        "phone": intake.phone,
        "email": intake.email,
        "channel": intake.channel,
        "preferred_language": intake.preferred_language,
    }
