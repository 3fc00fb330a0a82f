"""Each translation carries its review status and the English version it was made from."""

import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import ServiceTranslationReview
from directory.services import service_translation_set, translation_reviews_mark_reviewed
from tests.factories.accounts import StaffFactory
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db
Status = ServiceTranslationReview.Status


def _detail(client, service, language):
    with translation.override(language):
        return client.get(reverse("directory:detail", kwargs={"slug": service.slug})).content.decode()


def test_a_new_translation_starts_as_a_machine_draft_of_the_current_english(office):
    service = ServiceFactory(name_en="Legal clinic")
    service_translation_set(service=service, language="es", values={"name": "Clínica legal"})
    review = ServiceTranslationReview.objects.get(service=service, language="es")
    assert review.status == Status.MACHINE_DRAFT
    assert review.source_version == service.english_version == 1


def test_changing_the_english_text_makes_translations_out_of_date(office):
    service = ServiceFactory(name_en="Legal clinic", name_es="Clínica legal", name_fr="Clinique juridique")
    translation_reviews_mark_reviewed(reviews=ServiceTranslationReview.objects.all(), by=None)
    service.refresh_from_db()
    service.eligibility_description_en = "Only for residents of Boston"
    service.save()
    service.refresh_from_db()
    assert service.english_version == 2
    assert set(service.translation_reviews.values_list("status", flat=True)) == {Status.OUT_OF_DATE}


def test_editing_only_a_translation_or_other_fields_keeps_the_english_version(office):
    service = ServiceFactory(name_en="Legal clinic", name_es="Clínica legal")
    service.name_es = "Clínica jurídica"
    service.is_free = True
    service.save()
    service.refresh_from_db()
    assert service.english_version == 1
    assert service.translation_reviews.get(language="es").status == Status.MACHINE_DRAFT


def test_marking_reviewed_records_who_and_the_current_version(office):
    editor = StaffFactory()
    service = ServiceFactory(name_en="Legal clinic", name_es="Clínica legal")
    service.name_en = "Legal aid clinic"
    service.save()
    translation_reviews_mark_reviewed(reviews=service.translation_reviews.all(), by=editor)
    review = service.translation_reviews.get(language="es")
    assert (review.status, review.source_version, review.reviewed_by) == (Status.REVIEWED, 2, editor)


def test_a_draft_page_says_so_in_the_residents_language_with_a_link_to_english(client, office):
    service = ServiceFactory(name_en="Legal clinic", name_es="Clínica legal")
    html = _detail(client, service, "es")
    assert f'href="/en/directory/{service.slug}/"' in html
    with translation.override("es"):
        from django.utils.translation import gettext

        assert gettext("This text has not yet been checked by a person who reads your language.") in html


def test_an_out_of_date_page_warns_and_a_reviewed_one_does_not(client, office):
    service = ServiceFactory(name_en="Legal clinic", name_es="Clínica legal")
    translation_reviews_mark_reviewed(reviews=service.translation_reviews.all(), by=None)
    assert "portal-notice" not in _detail(client, service, "es")
    service.name_en = "Legal aid clinic"
    service.save()
    html = _detail(client, service, "es")
    assert "portal-notice" in html
    assert f'href="/en/directory/{service.slug}/"' in html


def test_an_untranslated_page_says_it_is_shown_in_english(client, office):
    service = ServiceFactory(name_en="Legal clinic")
    assert "portal-notice" in _detail(client, service, "so")
    assert "portal-notice" not in _detail(client, service, "en")
