"""Create the staff role groups. Their permissions are attached after each migrate by
moia.accounts.roles.role_permissions_sync, since permissions exist only after post_migrate."""

from django.db import migrations

ROLES = [
    "Directory editors",
    "Program staff",
    "Grant reviewers",
    "Grant managers",
    "Survey managers",
    "Report editors",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_roles, remove_roles)]
