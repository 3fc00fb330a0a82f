"""Issue 18 item 7: Django has no admin catalogue for Haitian Creole, Kabuverdianu and Somali.
A staff member whose browser asks for one of them gets the admin in English, told why in their own
language, instead of a half-translated admin; a language Django does translate is kept."""

import pytest

from tests.factories.accounts import StaffFactory, staff_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = StaffFactory(is_superuser=True)
    staff_sign_in(client, user)
    return user


def test_a_somali_speaking_staff_member_gets_the_admin_in_english_and_is_told_why_in_somali(client, administrator):
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="so").content.decode()
    assert '<html lang="en"' in page
    assert "Recent actions" in page
    assert "The staff admin is not available in Soomaali" in page
    assert "Maamulka shaqaalaha laguma heli karo Soomaali" in page


@pytest.mark.parametrize("lang", ["ht", "kea"])
def test_creole_speaking_staff_see_the_english_admin_with_the_note(client, administrator, lang):
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert "Recent actions" in page
    assert "Django has no translation for it" in page


def test_a_spanish_speaking_staff_member_keeps_the_spanish_admin_without_a_note(client, administrator):
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Acciones recientes" in page
    assert "no está disponible" not in page


def test_the_public_pages_stay_in_somali(client, administrator):
    assert '<html lang="so"' in client.get("/so/").content.decode()


def test_the_staff_language_choice_says_which_languages_show_the_admin_in_english(client, administrator):
    page = client.get(f"/admin/accounts/user/{administrator.pk}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Soomaali (staff admin in English)" in page
    assert "Kreyòl ayisyen (staff admin in English)" in page
    assert '<option value="es">español</option>' in page
    assert "Django has no staff admin translation for Kreyòl ayisyen, Kabuverdianu, Soomaali" in page
