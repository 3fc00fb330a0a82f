"""The request form carries a one-time token: the same form sent twice, even at the same moment,
makes one intake and one confirmation."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import Intake
from tests.concurrency import at_once
from tests.factories.programs import ProgramFactory


def _form_token(client, url) -> str:
    return re.search(r'name="submission_token" value="([^"]+)"', client.get(url).content.decode()).group(1)


@pytest.mark.django_db
def test_the_same_form_sent_twice_makes_one_intake(client):
    program = ProgramFactory()
    url = reverse("programs:request", kwargs={"slug": program.slug})
    data = {"name": "Ana", "phone": "617-555-0100", "submission_token": _form_token(client, url)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Intake.objects.count() == 1
    assert Intake.objects.get().reference in client.get(second["Location"]).content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_simultaneous_submissions_make_one_intake():
    program = ProgramFactory()
    url = reverse("programs:request", kwargs={"slug": program.slug})
    token = _form_token(Client(), url)
    data = {"name": "Ana", "phone": "617-555-0100", "submission_token": token}
    statuses = []
    at_once(lambda _n: statuses.append(Client().post(url, data).status_code), 2)
    assert statuses == [302, 302]
    assert Intake.objects.filter(submission_token=token).count() == 1


@pytest.mark.django_db
def test_two_forms_make_two_intakes(client):
    program = ProgramFactory()
    url = reverse("programs:request", kwargs={"slug": program.slug})
    for _form in range(2):
        client.post(url, {"name": "Ana", "phone": "617-555-0100", "submission_token": _form_token(client, url)})
    assert Intake.objects.count() == 2
