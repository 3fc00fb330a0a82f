import pytest

from tests.factories.accounts import StaffFactory, totp_enable


@pytest.fixture
def neighborhoods(db):
    from directory.models import Neighborhood

    return [
        Neighborhood.objects.get_or_create(slug="east-boston", defaults={"name": "East Boston", "order": 1})[0],
        Neighborhood.objects.get_or_create(slug="dorchester", defaults={"name": "Dorchester", "order": 2})[0],
    ]


@pytest.fixture
def survey_manager(db):
    user = StaffFactory(roles=["Survey managers"])
    totp_enable(user)
    return user


@pytest.fixture
def staff_client(client, survey_manager):
    client.force_login(survey_manager)
    return client
