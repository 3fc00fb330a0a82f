"""Writes for language quality: a language's review status, and importing a reviewed packet."""

from __future__ import annotations

from dataclasses import dataclass, field

import polib
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from moia.accounts.models import User
from moia.cache import shared_forget

from . import checks
from .content import ENGLISH, english_fingerprint, review_parts
from .models import ContentTranslationReview, LanguageReview, ReviewedText, source_hash
from .packets import PacketError, packet_read
from .selectors import _status_cache_key
from .sources import all_units, catalogue_path
from .writer import Change, apply_changes


@transaction.atomic
def language_review_set(*, language: str, status: str, by: User | None, note: str = "") -> LanguageReview:
    """Record a language's review status; residents' pages follow at once."""
    if status not in LanguageReview.Status.values:
        raise ValueError(status)
    review, _created = LanguageReview.objects.update_or_create(
        language=language, defaults={"status": status, "reviewed_by": by, "note": note}
    )
    transaction.on_commit(lambda: shared_forget(_status_cache_key(language)))
    return review


@dataclass
class ImportReport:
    language: str
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # key, before, after
    confirmed: int = 0  # rows approved as they were
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, key, reason

    def summary(self) -> str:
        return _("%(changed)d texts changed, %(confirmed)d confirmed as they were, %(rejected)d rejected.") % {
            "changed": len(self.changed),
            "confirmed": self.confirmed,
            "rejected": len(self.rejected),
        }


def _compile(changes: list[Change]) -> None:
    """Rebuild the .mo of every catalogue a change touched, so a restart serves the reviewed text."""
    touched = {(change.key.split("|")[1], change.language) for change in changes if change.key.startswith("po|")}
    for domain_dir, language in touched:
        path = catalogue_path(domain_dir, language)
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))


def review_packet_import(*, data: bytes, language: str, by: User | None) -> ImportReport:
    """Apply a native speaker's reviewed packet: changed texts are written back, every accepted row
    is recorded as reviewed against the English it was read with; rows whose English has changed
    since export, or whose placeholders or tags were broken, are refused and listed."""
    packet_language, rows = packet_read(data=data)
    if packet_language != language:
        raise PacketError(
            _("This packet is for %(packet)s, not %(language)s.") % {"packet": packet_language, "language": language}
        )
    return translations_apply(
        language=language,
        rows=[(row.line, row.key, row.source_hash, row.text, True) for row in rows],
        by=by,
    )


def translations_apply(*, language: str, rows: list[tuple[int, str, str, str, bool]], by: User | None) -> ImportReport:
    """Write returned translations (line, key, English hash, text, reviewed?) back to their files.

    The one rule for packets and vendor files alike: a row made from English that has since
    changed, an empty row, or one with broken placeholders or tags is refused; the rest are
    written, and those marked reviewed are recorded as reviewed against that English.
    """
    units = {unit.key: unit for unit in all_units()}
    report = ImportReport(language=language)
    changes: list[Change] = []
    accepted: list[tuple[str, str, str]] = []  # key, source hash, text: recorded as reviewed
    for line, key, hash_, raw, reviewed in rows:
        unit = units.get(key)
        if unit is None or language not in unit.translations:
            report.rejected.append((line, key, _("This text is no longer in the portal.")))
            continue
        if hash_ != source_hash(unit.source):
            report.rejected.append((line, key, _("The English text changed after the packet was exported.")))
            continue
        text = raw.strip("\n")
        if not text.strip():
            report.rejected.append((line, key, _("The reviewed translation is empty.")))
            continue
        if checks.markup_breaks(english=unit.source, text=text, plural=unit.plural):
            report.rejected.append((line, key, _("Placeholders or tags differ from the English.")))
            continue
        current = unit.translations[language]
        if text != current:
            changes.append(Change(unit.key, language, text))
            report.changed.append((unit.key, current, text))
        else:
            report.confirmed += 1
        if reviewed:
            accepted.append((unit.key, source_hash(unit.source), text))

    now = timezone.now()
    with transaction.atomic():
        for key, hash_, text in accepted:
            ReviewedText.objects.update_or_create(
                language=language,
                key=key,
                defaults={"source_hash": hash_, "text": text, "reviewed_by": by, "reviewed_at": now},
            )
        # Files last: if the database refuses, nothing on disk has moved.
        apply_changes(changes)
    _compile(changes)
    return report


def machine_drafts_fill(*, language: str, limit: int = 50) -> int:
    """Give active directory services that have no text in `language` a machine draft of it.

    Never touches a service that already has text in the language (a person's translation or an
    earlier draft) and stores every draft as a machine draft, never as reviewed. Returns how many.
    """
    from directory.models import Service
    from directory.services import service_translation_set

    from .machine import MachineTranslationError, backend

    engine = backend()
    if engine is None:
        # An operator's message (command line), like Django's own command errors: not translated.
        raise MachineTranslationError("Machine translation is off: MACHINE_TRANSLATION_BACKEND is not set.")
    fields = Service.ENGLISH_TRACKED_FIELDS
    name = build_localized_fieldname("name", language)
    no_name = Q(**{name: ""}) | Q(**{f"{name}__isnull": True})
    count = 0
    for service in Service.objects.filter(no_name, status=Service.Status.ACTIVE).order_by("pk")[:limit]:
        if any(getattr(service, build_localized_fieldname(field, language), "") for field in fields):
            continue
        english = {field: getattr(service, build_localized_fieldname(field, ENGLISH), "") or "" for field in fields}
        wanted = [field for field, text in english.items() if text.strip()]
        drafts = engine.translate([english[field] for field in wanted], source="en", target=language)
        service_translation_set(service=service, language=language, values=dict(zip(wanted, drafts, strict=True)))
        count += 1
    return count


def xliff_import(*, data: bytes, language: str, by: User | None) -> ImportReport:
    """Apply a translation vendor's XLIFF 2.0 file: "final" segments count as reviewed, the rest as drafts."""
    from .xliff import xliff_read

    target, rows = xliff_read(data=data, keys=[unit.key for unit in all_units()])
    if target != language:
        raise PacketError(
            _("This packet is for %(packet)s, not %(language)s.") % {"packet": target, "language": language}
        )
    return translations_apply(language=language, rows=rows, by=by)


def returned_file_import(*, data: bytes, language: str, by: User | None) -> ImportReport:
    """Import a returned file of either kind: a vendor's XLIFF (XML), else a review packet (XLSX)."""
    if data.lstrip()[:1] == b"<":
        return xliff_import(data=data, language=language, by=by)
    return review_packet_import(data=data, language=language, by=by)


@transaction.atomic
def content_translation_review_set(*, obj: models.Model, language: str, reviewed: bool, by) -> None:
    """Record that a person reviewed (or withdrew the review of) `obj`'s text in `language`,
    against the English as it is now."""
    if language == ENGLISH:
        return
    if language not in settings.LANGUAGE_CODES:
        raise ValueError(language)
    ContentTranslationReview.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        language=language,
        defaults={
            "status": ContentTranslationReview.Status.REVIEWED
            if reviewed
            else ContentTranslationReview.Status.MACHINE_DRAFT,
            "source_hash": english_fingerprint(obj),
            "reviewed_by": by if reviewed else None,
            "reviewed_at": timezone.now() if reviewed else None,
        },
    )


def content_reviews_from_language_status(*, by: User | None = None) -> int:
    """Record the content shipped with the product (demo data) as reviewed in every language whose
    catalogue a person reviewed when it was written (LanguageReview), and only where a translation
    exists; machine-drafted languages stay unreviewed. Returns how many reviews it recorded."""
    from .selectors import content_translation_statuses, reviewed_content_models

    reviewed_languages = set(
        LanguageReview.objects.filter(status=LanguageReview.Status.REVIEWED).values_list("language", flat=True)
    )
    recorded = 0
    for model in reviewed_content_models():
        objs = list(model._default_manager.prefetch_related(*review_parts(model)))
        statuses = content_translation_statuses(objs)
        for obj in objs:
            for language in reviewed_languages:
                if statuses.get((str(obj.pk), language)) == "draft":
                    content_translation_review_set(obj=obj, language=language, reviewed=True, by=by)
                    recorded += 1
    return recorded
