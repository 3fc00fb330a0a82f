import factory

from directory.models import (
    Language,
    Location,
    Neighborhood,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"neighbourhood-{n}")
    name = factory.Sequence(lambda n: f"Neighbourhood {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name_en = factory.Sequence(lambda n: f"Community Organization {n}")
    name = factory.SelfAttribute("name_en")


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name = factory.SelfAttribute("name_en")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"service-{n}")
    name_en = factory.Sequence(lambda n: f"Neighbourhood service {n}")
    name = factory.SelfAttribute("name_en")
    description_en = "A friendly service for families."
    description = factory.SelfAttribute("description_en")
    status = Service.Status.ACTIVE

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.taxonomy_terms.add(*extracted)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    slug = factory.Sequence(lambda n: f"location-{n}")
    name = factory.Sequence(lambda n: f"Library branch {n}")
    address_1 = "1 City Hall Square"
    city = "Boston"
    state_province = "MA"
    postal_code = "02201"
    neighborhood = factory.SubFactory(NeighborhoodFactory)
    latitude = "42.360300"
    longitude = "-71.058000"


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    service = factory.SubFactory(ServiceFactory)
    number = "617-555-0100"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "MO,WE"
    opens_at = "09:00"
    closes_at = "17:00"


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language

    service = factory.SubFactory(ServiceFactory)
    code = "es"
