import pytest
from django.core.management import call_command

from directory.models import Neighborhood, Service, ServiceTranslationReview, TaxonomyTerm

pytestmark = pytest.mark.django_db


def test_boston_demo_loads_services_in_every_language_and_all_neighbourhoods(office):
    call_command("seed_demo", office="boston", only=["directory"], verbosity=0)
    assert Service.objects.count() >= 40
    assert TaxonomyTerm.objects.count() >= 10
    assert Neighborhood.objects.filter(name__in=["Allston", "East Boston", "West Roxbury", "Mattapan"]).count() == 4
    service = Service.objects.filter(is_demo=True).first()
    assert service.name_es
    assert service.name_zh_hans
    assert service.name_so
    assert service.search_documents.count() == 12


def test_demo_services_are_labelled_and_never_verified(office):
    call_command("seed_demo", office="baltimore", only=["directory"], verbosity=0)
    demo = Service.objects.filter(is_demo=True)
    assert demo.exists()
    assert not demo.filter(assured_date__isnull=False).exists()
    assert not demo.filter(assurer__isnull=False).exists()


def test_demo_translations_wait_for_review_as_machine_drafts(office):
    call_command("seed_demo", office="baltimore", only=["directory"], verbosity=0)
    reviews = ServiceTranslationReview.objects.all()
    assert reviews.count() == Service.objects.count() * 11
    assert set(reviews.values_list("status", flat=True)) == {ServiceTranslationReview.Status.MACHINE_DRAFT}


def test_seeding_the_directory_twice_creates_nothing_new(office):
    call_command("seed_demo", office="boston", only=["directory"], verbosity=0)
    counts = [Service.objects.count(), TaxonomyTerm.objects.count(), ServiceTranslationReview.objects.count()]
    versions = dict(Service.objects.values_list("slug", "english_version"))
    call_command("seed_demo", office="boston", only=["directory"], verbosity=0)
    assert [Service.objects.count(), TaxonomyTerm.objects.count(), ServiceTranslationReview.objects.count()] == counts
    assert dict(Service.objects.values_list("slug", "english_version")) == versions
