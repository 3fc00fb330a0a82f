"""Building surveys: versions, copies, completeness and the translators' PO round trip."""

import polib
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import services
from surveys.models import Question, Response
from surveys.selectors import survey_completeness
from tests.factories.surveys import respond, survey_community, survey_small

pytestmark = pytest.mark.django_db


def test_text_edits_before_any_response_keep_the_same_version():
    survey = survey_small()
    question = survey.questions.get(code="color")
    question.text_en = "Your favourite colour?"
    question.save()
    assert services.survey_version_sync(survey=survey).number == 1
    assert survey.versions.get().texts["question.color.text"]["en"] == "Your favourite colour?"


def test_text_edits_after_responses_create_a_new_version_and_old_answers_keep_theirs():
    survey = survey_small()
    old = respond(survey, {"color": "red"})
    question = survey.questions.get(code="color")
    question.text_en = "Which colour do you like best?"
    question.save()
    version = services.survey_version_sync(survey=survey)
    assert version.number == 2
    new = respond(survey, {"color": "blue"})
    assert (old.version.number, new.version.number) == (1, 2)
    assert old.version.texts["question.color.text"]["en"] == "Favourite colour?"


def test_copying_a_survey_keeps_questions_codes_translations_and_skip_logic():
    survey = survey_community()
    respond(survey, {"needs": ["legal"]})
    import datetime as dt

    opens = survey.opens_at + dt.timedelta(days=365)
    copy = services.survey_copy(survey=survey, slug="ci-next", opens_at=opens, closes_at=opens + dt.timedelta(days=90))
    assert copy.questions.count() == survey.questions.count()
    assert copy.title_es == survey.title_es
    assert list(copy.questions.values_list("code", flat=True)) == list(survey.questions.values_list("code", flat=True))
    follow_up = copy.questions.get(code="legal_help_type")
    assert follow_up.show_if_question.survey == copy
    assert follow_up.show_if_value == "legal"
    assert copy.responses.count() == 0
    assert copy.current_version.number == 1
    with pytest.raises(ValidationError):
        services.survey_copy(survey=survey, slug="ci-next", opens_at=opens, closes_at=opens)


def test_country_language_and_yes_no_questions_get_translated_lists_from_the_portal():
    survey = survey_community()
    country = survey.questions.get(code="country_of_birth")
    assert country.choices.count() >= 60
    haiti = country.choices.get(code="ht")
    assert haiti.label_en == "Haiti"
    language = survey.questions.get(code="home_language")
    assert language.choices.filter(code="kea").exists()
    assert language.choices.filter(code="yue").exists()
    assert list(survey.questions.get(code="lives_in_boston").choices.values_list("code", flat=True)) == ["yes", "no"]


def test_completeness_counts_translated_texts_per_language():
    survey = survey_small()
    rows = {r["language"]: r for r in survey_completeness(survey=survey)}
    assert rows["en"]["percent"] == 100.0
    # The small survey is translated into Spanish only, except its section descriptions (none).
    assert rows["es"]["translated"] == rows["es"]["total"]
    assert rows["so"]["translated"] == 0


def test_the_community_survey_is_fully_translated():
    rows = survey_completeness(survey=survey_community())
    assert all(r["percent"] == 100.0 for r in rows), [r for r in rows if r["percent"] < 100]


def test_po_round_trip_applies_changes_and_reports_them():
    survey = survey_small()
    respond(survey, {"color": "red"})
    po = polib.pofile(services.survey_po_export(survey=survey, language="es"))
    entries = {e.msgctxt: e for e in po}
    assert entries["question.color.text"].msgid == "Favourite colour?"
    assert entries["question.color.text"].msgstr == "Favourite colour? (es)"
    entries["question.color.text"].msgstr = "¿Color favorito?"
    entries["choice.color.red.label"].msgstr = "Rojo"
    entries["choice.color.blue.label"].msgid = "Navy"  # translated from an outdated English text
    entries["choice.color.blue.label"].msgstr = "Azul marino"
    po.append(polib.POEntry(msgctxt="question.gone.text", msgid="Gone", msgstr="Ido"))
    report = services.survey_po_import(survey=survey, language="es", content=str(po))
    assert {c["key"] for c in report["changed"]} == {"question.color.text", "choice.color.red.label"}
    assert report["stale"] == ["choice.color.blue.label"]
    assert report["unknown"] == ["question.gone.text"]
    assert report["version"] == 2  # a response already answered version 1
    question = Question.objects.get(survey=survey, code="color")
    assert question.text_es == "¿Color favorito?"
    assert question.choices.get(code="blue").label_es == "Blue (es)"
    assert Response.objects.get().version.texts["question.color.text"]["es"] == "Favourite colour? (es)"


def test_po_import_of_garbage_is_a_clear_error():
    survey = survey_small()
    with pytest.raises(ValidationError):
        services.survey_po_import(survey=survey, language="es", content="this is not a PO file")
    with pytest.raises(ValidationError):
        # One line of text would make polib read a file from the server's disk.
        services.survey_po_import(survey=survey, language="es", content="/etc/passwd")
    with pytest.raises(ValidationError):
        services.survey_po_import(survey=survey, language="en", content="")


def test_translations_page_imports_a_po_file_and_shows_what_changed(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    survey = survey_small()
    export = staff_client.get(reverse("admin:surveys_survey_po", args=[survey.pk, "so"]))
    assert export.status_code == 200
    po = polib.pofile(export.content.decode())
    for entry in po:
        entry.msgstr = entry.msgid + " [so]"
    upload = SimpleUploadedFile("small-so.po", str(po).encode(), content_type="text/x-gettext-translation")
    page = staff_client.post(
        reverse("admin:surveys_survey_translations", args=[survey.pk]), {"language": "so", "po_file": upload}
    )
    assert page.status_code == 200
    assert len(page.context["report"]["changed"]) == len(po)
    assert "Favourite colour? [so]" in page.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "admin:surveys_survey_changelist",
        "admin:surveys_question_changelist",
        "admin:surveys_collector_changelist",
        "admin:surveys_response_changelist",
    ],
)
def test_admin_lists_open_for_survey_managers(staff_client, name):
    survey_small()
    assert staff_client.get(reverse(name)).status_code == 200


def test_admin_survey_page_shows_completeness_and_copy_form(staff_client):
    survey = survey_small()
    page = staff_client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).content.decode()
    assert "Texts translated" in page
    copy = staff_client.get(reverse("admin:surveys_survey_copy", args=[survey.pk]))
    assert copy.status_code == 200
    assert copy.context["form"].initial["slug"] == "small-next"


def test_question_admin_page_opens_with_its_choices(staff_client):
    survey = survey_small()
    question = survey.questions.get(code="color")
    page = staff_client.get(reverse("admin:surveys_question_change", args=[question.pk]))
    assert page.status_code == 200
    assert "Red (es)" in page.content.decode()


def _admin_post_data(page) -> dict:
    """The change form as the browser would send it back, built from the rendered forms."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if hasattr(value, "isoformat"):
                value = value.strftime("%Y-%m-%d %H:%M:%S")
            data[form.add_prefix(name)] = value
    return data


def test_editing_the_title_in_the_admin_after_responses_creates_a_new_version(staff_client):
    survey = survey_small()
    respond(survey, {"color": "red"})
    url = reverse("admin:surveys_survey_change", args=[survey.pk])
    data = _admin_post_data(staff_client.get(url))
    data["opens_at_0"], data["opens_at_1"] = survey.opens_at.strftime("%Y-%m-%d"), "00:00:00"
    data["closes_at_0"], data["closes_at_1"] = survey.closes_at.strftime("%Y-%m-%d"), "00:00:00"
    data.pop("opens_at", None)
    data.pop("closes_at", None)
    data["title_en"] = "Small survey, second edition"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    survey.refresh_from_db()
    assert survey.current_version.number == 2
    assert survey.current_version.texts["survey.title"]["en"] == "Small survey, second edition"
