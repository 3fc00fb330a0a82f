"""Demo newsletter for seed_demo (idempotent): an issue written in several languages, some of
them reviewed, synthetic subscribers at @example.org, and the directory's newsletter entry
pointing at the sign-up page."""

from django.db import transaction
from django.utils import timezone

from demo.loading import SHARED, localized, read
from directory.models import Service
from moia.l10n.services import content_translation_review_set
from newsletter import selectors
from newsletter.models import Issue, Subscriber, Topic

DIRECTORY_ENTRY = "moia-newsletter-and-social-media"


@transaction.atomic
def seed(*, office: str, stdout) -> None:
    data = read(SHARED, "newsletter")
    for spec in data["issues"]:
        english = spec["subject"]["en"]
        issue = Issue.objects.filter(subject_en=english).first()
        if issue is None:
            issue = Issue.objects.create(
                topics=spec["topics"],
                english_for=spec["english_for"],
                **localized("subject", spec["subject"]),
                **localized("body", spec["body"]),
            )
        for code in spec["reviewed"]:
            content_translation_review_set(obj=issue, language=code, reviewed=True, by=None)
    now = timezone.now()
    for code, count in data["subscribers"].items():
        for n in range(count):
            email = f"demo.subscriber.{code}.{n}@example.org"
            if selectors.subscriber_by_email(email):
                continue
            Subscriber.objects.create(
                email=email,
                email_hash=selectors.email_hash(email),
                language=code,
                topics=Topic.values,
                status=Subscriber.Status.ACTIVE,
                confirmed_at=now,
            )
    # The directory's own data links its newsletter entry to the sign-up page (demo/data/boston/directory.json).
    updated = Service.objects.filter(slug=DIRECTORY_ENTRY, url__endswith="/newsletter/").exists()
    stdout.write(f"newsletter: {Issue.objects.count()} issues, {Subscriber.objects.count()} subscribers, "
                 f"directory entry linked: {bool(updated)}\n")  # fmt: skip
