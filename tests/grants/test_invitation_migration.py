"""Migration 0008 turns each stored invitation token into its digest: a link emailed before the
change still works, and the database holds no working token afterwards."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from grants.models import Invitation, OrganizationMembership
from grants.services import invitation_accept
from tests.factories.accounts import UserFactory
from tests.factories.grants import OrganizationFactory

BEFORE = ("grants", "0007_award_report_reminders")
AFTER = ("grants", "0008_invitation_token_digest")


@pytest.mark.django_db(transaction=True)
def test_an_invitation_made_before_the_migration_still_works():
    organization = OrganizationFactory()
    invitee = UserFactory(email="helper@example.org")
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        old_apps = executor.loader.project_state([BEFORE]).apps
        OldInvitation = old_apps.get_model("grants", "Invitation")
        raw = "an-old-plaintext-token-from-an-email"
        OldInvitation.objects.create(
            organization_id=organization.pk, email="helper@example.org", role="editor", token=raw
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    stored = Invitation.objects.values().get()
    assert raw not in stored.values()
    membership = invitation_accept(token=raw, user=invitee)
    assert membership.organization_id == organization.pk
    assert OrganizationMembership.objects.filter(user=invitee, role="editor").exists()
