"""The check-in screen at the door, as a volunteer with a phone uses it: find a name or a
reference, one tap (a plain form post), walk-ins in one step."""

import pytest

from events.models import Registration
from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.events_staff import StaffRegistrationFactory, StaffSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def door(client):
    staff_sign_in(client, StaffFactory(roles=["Event staff"]))
    session = StaffSessionFactory(event__title="Citizenship Day", capacity=50)
    people = {
        "maria": StaffRegistrationFactory(session=session, name="María Gonçalves"),
        "tran": StaffRegistrationFactory(session=session, name="Trần Văn An"),
    }
    return {"session": session, **people}


def test_search_finds_a_name_despite_case_and_a_reference_without_dashes(client, door):
    url = f"/admin/events/session/{door['session'].pk}/checkin/"
    page = client.get(url, {"q": "maría"}).content.decode()
    assert "María Gonçalves" in page
    assert "Trần Văn An" not in page
    reference = door["tran"].reference.replace("-", "").lower()
    page = client.get(url, {"q": reference}).content.decode()
    assert "Trần Văn An" in page
    assert "María Gonçalves" not in page


def test_one_tap_checks_in_and_a_second_tap_changes_nothing(client, door):
    url = f"/admin/events/session/{door['session'].pk}/checkin/"
    for _tap in range(2):
        response = client.post(url, {"action": "check_in", "registration": door["maria"].pk, "q": "maria"})
        assert response.status_code == 302
    maria = Registration.objects.get(pk=door["maria"].pk)
    assert maria.checked_in_at is not None
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1


def test_a_registration_of_another_session_cannot_be_checked_in_from_this_one(client, door):
    elsewhere = StaffRegistrationFactory()
    response = client.post(
        f"/admin/events/session/{door['session'].pk}/checkin/", {"action": "check_in", "registration": elsewhere.pk}
    )
    assert response.status_code == 404
    assert Registration.objects.get(pk=elsewhere.pk).checked_in_at is None


def test_a_cancelled_booking_is_not_checked_in(client, door):
    door["tran"].status = Registration.Status.CANCELLED
    door["tran"].save()
    client.post(
        f"/admin/events/session/{door['session'].pk}/checkin/", {"action": "check_in", "registration": door["tran"].pk}
    )
    assert Registration.objects.get(pk=door["tran"].pk).checked_in_at is None


def test_a_walk_in_is_added_and_checked_in_in_one_step(client, door):
    response = client.post(
        f"/admin/events/session/{door['session'].pk}/checkin/",
        {"action": "walk_in", "walkin-name": "K. M.", "walkin-party_size": "2", "walkin-language": "so"},
    )
    assert response.status_code == 302
    walk_in = Registration.objects.get(walk_in=True)
    assert (walk_in.party_size, walk_in.language, walk_in.checked_in_at is not None) == (2, "so", True)


def test_a_bad_walk_in_is_refused_without_a_server_error(client, door):
    response = client.post(
        f"/admin/events/session/{door['session'].pk}/checkin/",
        {"action": "walk_in", "walkin-name": "X", "walkin-party_size": "zero", "walkin-language": "xx"},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(walk_in=True).exists()


def test_the_door_needs_the_event_staff_role(client):
    session = StaffSessionFactory()
    staff_sign_in(client, StaffFactory(roles=["Survey managers"]))
    assert client.get(f"/admin/events/session/{session.pk}/checkin/").status_code == 403
