"""Pages with personal data are never stored by a browser or proxy; staff sessions end when idle
(residents' do not); a path that is not ours never becomes a language link to another host."""

import time

import pytest
from django.urls import reverse

from moia.middleware import STAFF_LAST_SEEN
from tests.factories.accounts import StaffFactory, UserFactory, totp_enable
from tests.factories.grants import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_dashboard_the_application_pdf_and_documents_are_never_stored(client, settings, tmp_path):
    from grants.services import document_add
    from tests.grants.conftest import pdf_upload

    settings.MEDIA_ROOT = tmp_path
    member = MembershipFactory()
    application = ApplicationFactory(organization=member.organization, created_by=member.user)
    document = document_add(application=application, by=member.user, kind="irs_letter", upload=pdf_upload())
    client.force_login(member.user)
    for url in (
        reverse("grants:dashboard"),
        reverse("grants:application_detail", args=[application.pk]),
        reverse("grants:application_pdf", args=[application.pk]),
        reverse("grants:document_download", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_a_residents_request_and_reference_pages_are_never_stored(client):
    from tests.factories.programs import ProgramFactory

    program = ProgramFactory()
    form = client.get(reverse("programs:request", kwargs={"slug": program.slug}))
    assert _no_store(form)
    response = client.post(
        reverse("programs:request", kwargs={"slug": program.slug}), {"name": "Ana", "phone": "617-555-0100"}
    )
    assert _no_store(client.get(response["Location"]))


def test_public_pages_stay_cacheable(client):
    assert not _no_store(client.get("/en/"))


@pytest.mark.parametrize("path", ["//evil.example/x", "///evil.example/x", "/\\evil.example/x"])
def test_a_foreign_looking_path_never_becomes_a_language_link_to_another_host(client, path):
    # PATH_INFO is set directly: the test client would read "//host/x" as a host and a path.
    response = client.get("/", PATH_INFO=path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "evil.example" not in html.split("<main", 1)[0]
    assert 'href="/es/"' in html


def test_a_staff_session_ends_after_the_idle_timeout(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    staff = StaffFactory()
    totp_enable(staff)
    client.force_login(staff)
    assert client.get("/en/").wsgi_request.user.is_authenticated
    session = client.session
    session[STAFF_LAST_SEEN] = time.time() - 31 * 60
    session.save()
    assert not client.get("/en/").wsgi_request.user.is_authenticated
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_staff_session_in_use_and_a_residents_idle_session_carry_on(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    staff = StaffFactory()
    client.force_login(staff)
    client.get("/en/")
    session = client.session
    session[STAFF_LAST_SEEN] = time.time() - 29 * 60
    session.save()
    assert client.get("/en/").wsgi_request.user.is_authenticated
    resident = UserFactory()
    client.force_login(resident)
    session = client.session
    session[STAFF_LAST_SEEN] = time.time() - 24 * 3600  # ignored: not staff
    session.save()
    assert client.get("/en/").wsgi_request.user.is_authenticated
