"""Invitations keep only their token's SHA-256 (moia.tokens), like staff invitations.

Existing rows get the digest of the token they hold, so an unexpired link already emailed keeps
working; then the plaintext column is dropped. Going back restores an empty token column: the
raw tokens cannot be recovered from their digests (which is the point).
"""

from django.db import migrations, models

import grants.models
from moia.tokens import token_digest


def tokens_to_digests(apps, schema_editor):
    Invitation = apps.get_model("grants", "Invitation")
    for pk, token in Invitation.objects.values_list("pk", "token").iterator():
        Invitation.objects.filter(pk=pk).update(token_digest=token_digest(token))


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0007_award_report_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="token_digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(tokens_to_digests, migrations.RunPython.noop),
        # Nullable before it goes, so that migrating back can re-add it to existing rows.
        migrations.AlterField(
            model_name="invitation",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RemoveField(model_name="invitation", name="token"),
        migrations.AlterField(
            model_name="invitation",
            name="token_digest",
            field=models.CharField(
                default=grants.models._invitation_digest, editable=False, max_length=64, unique=True
            ),
        ),
    ]
