"""Every text staff translate in the admin has a review status: a translated model is reviewed
content (with its admin's review checkboxes and column), a part reviewed on another's page, or
exempted with a reason. A staff member who reviews a category sees it go out of date when the
English wording changes, and not when only its spacing does."""

import pytest
from django.contrib import admin
from modeltranslation.translator import translator

from moia.l10n.admin import ContentTranslationReviewAdminMixin
from moia.l10n.selectors import (
    content_dashboard,
    content_translation_status,
    reviewed_content_models,
    reviewed_content_parts,
    translation_review_exempt,
)
from moia.l10n.services import content_translation_review_set
from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.directory import TaxonomyTermFactory
from tests.factories.grants import CriterionFactory, GrantCycleFactory


def _part_models() -> set[str]:
    from django.apps import apps

    labels = set()
    for parent, accessors in reviewed_content_parts().items():
        model = apps.get_model(parent)
        for accessor in accessors:
            labels.add(model._meta.get_field(accessor).related_model._meta.label)
    return labels


def test_every_translated_model_has_a_review_status_or_a_reason_why_not():
    covered = {model._meta.label for model in reviewed_content_models()}
    parts = _part_models()
    exempt = translation_review_exempt()
    forgotten = [
        model._meta.label
        for model in translator.get_registered_models(abstract=False)
        if model._meta.label not in covered | parts | set(exempt)
    ]
    assert forgotten == [], (
        "Translated with modeltranslation but with no review status: add each to its AppConfig's "
        "reviewed_content (or reviewed_content_parts), or to translation_review_exempt with the reason."
    )
    assert all(reason.strip() for reason in exempt.values())
    registered = {model._meta.label for model in translator.get_registered_models(abstract=False)}
    # Nothing counted twice, nothing declared that is not translated.
    assert not covered & parts
    assert not (covered | parts) & set(exempt)
    assert (covered | parts | set(exempt)) <= registered


def test_the_admin_page_of_every_reviewed_model_has_the_review_checkboxes_and_column():
    missing = [
        model._meta.label
        for model in reviewed_content_models()
        if model in admin.site._registry
        and not (
            isinstance(admin.site._registry[model], ContentTranslationReviewAdminMixin)
            and "translations_reviewed" in admin.site._registry[model].list_display
        )
    ]
    assert missing == []


def _resubmit(client, url: str, **changes) -> None:
    """Save a change page as the staff member sees it, with `changes` typed in."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if hasattr(field.widget, "widgets_names"):  # a date and a time box, posted apart
            for suffix, part in zip(field.widget.widgets_names, field.widget.decompress(value), strict=True):
                data[name + suffix] = part
        else:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{name}": management[name].value() for name in management.fields})
        for inline_form in formset.formset.forms:
            data.update({inline_form.add_prefix(name): inline_form[name].value() for name in inline_form.fields})
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.django_db
def test_a_reviewed_category_goes_out_of_date_when_its_english_wording_changes(client):
    category = TaxonomyTermFactory(code="housing", name_en="Affordable housing", name_es="Vivienda asequible")
    staff_sign_in(client, StaffFactory(is_superuser=True))
    url = f"/admin/directory/taxonomyterm/{category.pk}/change/"
    assert "Spanish (Not reviewed)" in client.get(url).content.decode()

    _resubmit(client, url, reviewed_translations=["es"])
    assert content_translation_status(category, "es") == "reviewed"
    assert "Spanish (Reviewed)" in client.get(url).content.decode()
    assert "es" in client.get("/admin/directory/taxonomyterm/").content.decode()

    # Only spacing changes: still reviewed, although the box was left ticked and saved again.
    _resubmit(client, url, name_en="Affordable   housing")
    category.refresh_from_db()
    assert category.name_en == "Affordable   housing"
    assert content_translation_status(category, "es") == "reviewed"

    # A new word: out of date, although the box was left ticked on the page that was saved.
    _resubmit(client, url, name_en="Affordable housing and shelter")
    category.refresh_from_db()
    assert content_translation_status(category, "es") == "outdated"
    assert "Spanish (Out of date: the English changed after review)" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_rubric_criterion_is_reviewed_with_its_funding_round():
    cycle = GrantCycleFactory(title_en="Community fund", title_es="Fondo comunitario")
    criterion = CriterionFactory(cycle=cycle, name_en="Reach", name_es="Alcance")
    words_before = {row.language: row for row in content_dashboard()}["es"].words_to_translate
    content_translation_review_set(obj=cycle, language="es", reviewed=True, by=StaffFactory())
    assert content_translation_status(cycle, "es") == "reviewed"
    # The round's words, its criterion's included ("Community fund" + "Reach"), no longer wait for Spanish.
    assert {row.language: row for row in content_dashboard()}["es"].words_to_translate == words_before - 3

    criterion.name_en = "Reach into the community"
    criterion.save()
    assert content_translation_status(cycle, "es") == "outdated"


@pytest.mark.django_db
def test_ticking_spanish_while_rewording_a_criterion_on_the_rounds_page_reviews_the_new_wording(client):
    cycle = GrantCycleFactory(title_en="Community fund", title_es="Fondo comunitario")
    CriterionFactory(cycle=cycle, name_en="Reach", name_es="Alcance")
    staff_sign_in(client, StaffFactory(is_superuser=True))
    _resubmit(
        client,
        f"/admin/grants/grantcycle/{cycle.pk}/change/",
        reviewed_translations=["es"],
        **{"criteria-0-name_en": "Reach into the community", "criteria-0-name_es": "Alcance en la comunidad"},
    )
    assert cycle.criteria.get().name_es == "Alcance en la comunidad"
    assert content_translation_status(cycle, "es") == "reviewed"
