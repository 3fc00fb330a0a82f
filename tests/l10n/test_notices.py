"""What residents see: an unreviewed language says so on every page; legal pages say they are not advice."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from moia.l10n.models import LanguageReview
from moia.l10n.services import language_review_set
from tests.factories.directory import ServiceFactory, TaxonomyTermFactory
from tests.factories.programs import ProgramFactory, ServiceTypeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


def _get(client, name, language, **kwargs):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs or None)
    return client.get(url).content.decode()


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_machine_translated_languages_carry_a_notice_with_a_way_back_to_english(client):
    kea = _get(client, "home", "kea")
    assert 'data-review-status="machine"' in kea
    assert "tradukson automátiku" in kea
    assert 'hreflang="en"' in kea
    assert 'data-review-status="machine"' in _get(client, "home", "so")
    for reviewed in ["en", "es", "vi", "zh-hant"]:
        assert "portal-language-notice" not in _get(client, "home", reviewed)


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_the_notice_follows_the_status_staff_record(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        language_review_set(language="kea", status=LanguageReview.Status.REVIEWED, by=None)
    assert "portal-language-notice" not in _get(client, "home", "kea")
    with django_capture_on_commit_callbacks(execute=True):
        language_review_set(language="es", status=LanguageReview.Status.UNREVIEWED, by=None)
    spanish = _get(client, "home", "es")
    assert 'data-review-status="unreviewed"' in spanish
    assert "todavía no la ha revisado un hablante nativo" in spanish


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_legal_service_pages_say_this_is_not_legal_advice(client):
    legal = TaxonomyTermFactory(code="legal", name_en="Legal help")
    clinic = ServiceFactory(name_en="Immigration clinic", categories=[legal])
    yoga = ServiceFactory(name_en="Yoga")
    assert "Esto no es asesoría legal." in _get(client, "directory:detail", "es", slug=clinic.slug)
    assert "Ceci n'est pas un conseil juridique." in _get(client, "directory:detail", "fr", slug=clinic.slug).replace(
        "&#x27;", "'"
    )
    assert "portal-legal-notice" not in _get(client, "directory:detail", "es", slug=yoga.slug)


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
def test_legal_programme_pages_say_this_is_not_legal_advice(client):
    legal = ProgramFactory(name="Phone consultations")
    legal.service_types.add(ServiceTypeFactory(is_legal=True))
    civic = ProgramFactory(name="Civic course")
    civic.service_types.add(ServiceTypeFactory(is_legal=False))
    assert "Đây không phải là tư vấn pháp lý." in _get(client, "programs:detail", "vi", slug=legal.slug)
    assert "portal-legal-notice" not in _get(client, "programs:detail", "vi", slug=civic.slug)
