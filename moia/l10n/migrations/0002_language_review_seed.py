from django.db import migrations

# Cabo Verdean Creole and Somali were machine-drafted and have had no native-speaker review
# (issue 15); the other languages were reviewed by professional translators when written.
MACHINE = ("kea", "so")


def seed(apps, schema_editor):
    LanguageReview = apps.get_model("l10n", "LanguageReview")
    from django.conf import settings

    for code in settings.LANGUAGE_CODES:
        if code == "en":
            continue
        LanguageReview.objects.get_or_create(
            language=code,
            defaults={
                "status": "machine" if code in MACHINE else "reviewed",
                "note": "Machine draft, awaiting a native speaker's review packet." if code in MACHINE else "",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("l10n", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
