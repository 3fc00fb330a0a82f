"""Review packets: a native speaker's corrections go back where they came from, and nothing else moves."""

import io
import json
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from moia.accounts.roles import DIRECTORY_EDITORS
from moia.l10n.models import LanguageReview, ReviewedText
from moia.l10n.packets import PacketError, packet_workbook
from moia.l10n.selectors import packet_rows
from moia.l10n.services import review_packet_import
from moia.l10n.sources import catalogues, content_files
from tests.factories.accounts import StaffFactory, totp_enable

pytestmark = pytest.mark.django_db

PO_KEY = "po|locale||Read the annual report to the City Council."
JSON_KEY = "json|demo/data/boston/surveys.json|title"
PLACEHOLDER_KEY = "po|locale||fewer than %(n)s"  # moia/disclosure.py: in the project catalogue


@pytest.fixture
def repository(tmp_path, settings):
    """A copy of the catalogues, content files and glossary: an import writes there, not to the checkout."""
    root = Path(settings.BASE_DIR)
    for path in [*catalogues(), *(root / name for name in content_files())]:
        target = tmp_path / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    shutil.copytree(root / "locale" / "glossary", tmp_path / "locale" / "glossary")
    settings.BASE_DIR = tmp_path
    return tmp_path


def _edit(data: bytes, edits: dict[str, str], *, column: str = "reviewed", hash_edits=()) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book["texts"]
    ids = [cell.value for cell in sheet[2]]
    key_col, target_col, hash_col = ids.index("key") + 1, ids.index(column) + 1, ids.index("source_hash") + 1
    for row in range(3, sheet.max_row + 1):
        key = sheet.cell(row=row, column=key_col).value
        if key in edits:
            sheet.cell(row=row, column=target_col).value = edits[key]
        if key in hash_edits:
            sheet.cell(row=row, column=hash_col).value = "0" * 64
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _msgstr(root: Path, catalogue: str, language_dir: str, msgid: str) -> str:
    po = polib.pofile(str(root / catalogue / language_dir / "LC_MESSAGES" / "django.po"))
    return po.find(msgid).msgstr


def test_packet_lists_every_text_with_english_terms_and_status(repository):
    rows = {row.key: row for row in packet_rows(language="kea")}
    row = rows[PO_KEY]
    assert row.english == "Read the annual report to the City Council."
    assert "annual report = relatóriu anual" in row.terms
    assert row.status == LanguageReview.Status.MACHINE  # kea is seeded as a machine translation
    assert JSON_KEY in rows  # content files too, not only catalogues
    book = load_workbook(io.BytesIO(packet_workbook(language="kea", rows=list(rows.values()))))
    assert book["texts"].max_row == len(rows) + 2
    assert book["glossary"].max_row > 80


def test_round_trip_applies_changes_records_review_and_reports(repository):
    reviewer = StaffFactory()
    exported = packet_workbook(language="kea", rows=packet_rows(language="kea"))
    returned = _edit(
        exported,
        {
            PO_KEY: "Lê relatóriu anual pa Konsedju Munisipal.",
            JSON_KEY: "Inkéritu di Opinion di Kumunidadi",
            PLACEHOLDER_KEY: "menus di n",  # the reviewer lost the placeholder
        },
    )
    report = review_packet_import(data=returned, language="kea", by=reviewer)

    assert {key for key, _before, _after in report.changed} == {PO_KEY, JSON_KEY}
    assert [key for _line, key, _reason in report.rejected] == [PLACEHOLDER_KEY]
    assert _msgstr(repository, "locale", "kea", PO_KEY.split("|")[3]) == "Lê relatóriu anual pa Konsedju Munisipal."
    survey = json.loads((repository / "demo/data/boston/surveys.json").read_text(encoding="utf-8"))
    assert survey["title"]["kea"] == "Inkéritu di Opinion di Kumunidadi"
    assert survey["title"]["so"] == "Sahanka Fikradaha Bulshada"  # other languages untouched
    assert _msgstr(repository, "locale", "kea", "fewer than %(n)s") == "menus di %(n)s"
    # The compiled catalogue serves the reviewed text after a restart.
    mo = polib.mofile(str(repository / "locale/kea/LC_MESSAGES/django.mo"))
    assert mo.find(PO_KEY.split("|")[3]).msgstr == "Lê relatóriu anual pa Konsedju Munisipal."

    reviewed = ReviewedText.objects.get(language="kea", key=PO_KEY)
    assert reviewed.reviewed_by == reviewer
    assert ReviewedText.objects.filter(language="kea").count() == report.confirmed + len(report.changed)
    statuses = {row.key: row.status for row in packet_rows(language="kea")}
    assert statuses[PO_KEY] == statuses[JSON_KEY] == "reviewed"
    assert statuses[PLACEHOLDER_KEY] == LanguageReview.Status.MACHINE


def test_a_row_whose_english_changed_since_export_is_refused_and_later_shown_out_of_date(repository):
    exported = packet_workbook(language="so", rows=packet_rows(language="so"))
    stale = _edit(exported, {JSON_KEY: "Sahan cusub"}, hash_edits={JSON_KEY})
    report = review_packet_import(data=stale, language="so", by=None)
    assert [key for _line, key, _reason in report.rejected] == [JSON_KEY]
    path = repository / "demo/data/boston/surveys.json"
    assert json.loads(path.read_text(encoding="utf-8"))["title"]["so"] == "Sahanka Fikradaha Bulshada"

    # Reviewed, then the English wording changes: the text is out of date; a whitespace edit is not.
    review_packet_import(data=exported, language="so", by=None)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"]["en"] = "Community Insights  Survey "
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert {r.key: r.status for r in packet_rows(language="so")}[JSON_KEY] == "reviewed"
    data["title"]["en"] = "Community Needs Survey"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert {r.key: r.status for r in packet_rows(language="so")}[JSON_KEY] == "outdated"


def test_a_packet_of_another_language_or_another_file_is_refused(repository):
    exported = packet_workbook(language="so", rows=packet_rows(language="so"))
    with pytest.raises(PacketError):
        review_packet_import(data=exported, language="kea", by=None)
    with pytest.raises(PacketError):
        review_packet_import(data=b"name,text\nnot,a packet\n", language="kea", by=None)
    assert not ReviewedText.objects.exists()


def test_command_exports_and_imports(repository, tmp_path):
    packet = tmp_path / "vi.xlsx"
    out = io.StringIO()
    call_command("review_packet", "export", "--language", "vi", "--output", str(packet), stdout=out)
    assert "texts written" in out.getvalue()
    packet.write_bytes(_edit(packet.read_bytes(), {JSON_KEY: "Khảo sát ý kiến cộng đồng"}))
    out = io.StringIO()
    call_command("review_packet", "import", str(packet), "--language", "vi", stdout=out)
    assert "1 texts changed" in out.getvalue()
    survey = json.loads((repository / "demo/data/boston/surveys.json").read_text(encoding="utf-8"))
    assert survey["title"]["vi"] == "Khảo sát ý kiến cộng đồng"


@pytest.fixture
def editor(client, office):
    # Directory editors review the directory's translations already; the packets are theirs too.
    user = StaffFactory(roles=[DIRECTORY_EDITORS])
    totp_enable(user)
    client.force_login(user)
    return user


def test_admin_downloads_a_packet_and_imports_it(client, repository, editor):
    staff = editor
    listing = client.get(reverse("admin:l10n_languagereview_changelist")).content.decode()
    assert "English words to review" in listing  # the per-language dashboard above the list
    review = LanguageReview.objects.get(language="kea")
    response = client.post(
        reverse("admin:l10n_languagereview_changelist"),
        {"action": "download_packet", "_selected_action": [review.pk]},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    returned = _edit(response.content, {JSON_KEY: "Inkéritu di Opinion di Kumunidadi"})
    upload = io.BytesIO(returned)
    upload.name = "kea.xlsx"
    page = client.post(
        reverse("admin:l10n_languagereview_import", args=[review.pk]), {"packet": upload, "mark_reviewed": "on"}
    )
    assert page.status_code == 200
    assert "1 texts changed" in page.content.decode()
    review.refresh_from_db()
    assert review.status == LanguageReview.Status.REVIEWED
    assert review.reviewed_by == staff


def test_admin_import_of_a_wrong_file_says_so(client, repository, editor):
    review = LanguageReview.objects.get(language="so")
    upload = io.BytesIO(b"not a spreadsheet")
    upload.name = "so.xlsx"
    page = client.post(reverse("admin:l10n_languagereview_import", args=[review.pk]), {"packet": upload})
    assert page.status_code == 200
    assert "not a review packet" in page.content.decode()
    review.refresh_from_db()
    assert review.status == LanguageReview.Status.MACHINE


def test_the_seeded_status_marks_kea_and_somali_only():
    machine = set(LanguageReview.objects.filter(status="machine").values_list("language", flat=True))
    assert machine == {"kea", "so"}
    assert LanguageReview.objects.count() == len(settings.LANGUAGE_CODES) - 1


def test_xliff_round_trip_for_a_vendor(repository):
    from moia.l10n.services import xliff_import
    from moia.l10n.xliff import unit_id, xliff_export

    exported = xliff_export(language="fr", rows=packet_rows(language="fr"))
    assert b'srcLang="en" trgLang="fr"' in exported
    assert unit_id(JSON_KEY).encode() in exported
    # The vendor corrects the survey title (final) and drafts another text (translated only).
    current = json.loads((repository / "demo/data/boston/surveys.json").read_text(encoding="utf-8"))
    title_fr = current["title"]["fr"]
    changed = exported.replace(
        f"<target>{title_fr}</target>".encode(), "<target>Enquête « Avis de la communauté »</target>".encode()
    )
    changed = changed.replace(b'trgLang="fr"', b'trgLang="fr"', 1)
    report = xliff_import(data=changed, language="fr", by=None)
    assert [key for key, _b, _a in report.changed] == [JSON_KEY]
    survey = json.loads((repository / "demo/data/boston/surveys.json").read_text(encoding="utf-8"))
    assert survey["title"]["fr"] == "Enquête « Avis de la communauté »"
    # French is seeded as reviewed, so its segments were exported as final and are recorded as reviewed.
    assert ReviewedText.objects.get(language="fr", key=JSON_KEY).text == "Enquête « Avis de la communauté »"
    with pytest.raises(PacketError):
        xliff_import(data=b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", language="fr", by=None)
    with pytest.raises(PacketError):
        xliff_import(data=changed, language="es", by=None)


def test_dashboard_counts_reviewed_outdated_and_the_words_still_to_review(repository):
    from moia.l10n.selectors import language_dashboard

    before = {row.language: row for row in language_dashboard()}["so"]
    assert before.reviewed == 0
    assert before.words_to_review > 10000
    review_packet_import(data=packet_workbook(language="so", rows=packet_rows(language="so")), language="so", by=None)
    after = {row.language: row for row in language_dashboard()}["so"]
    assert after.reviewed == after.texts
    assert after.words_to_review == 0
    path = repository / "demo/data/boston/surveys.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"]["en"] = "Community Needs Survey"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    stale = {row.language: row for row in language_dashboard()}["so"]
    assert stale.outdated == 1
    assert stale.words_outdated == stale.words_to_review == 3
