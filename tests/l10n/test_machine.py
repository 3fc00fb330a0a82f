"""Machine translation is off by default and, when on, only ever fills drafts a person must review."""

import io
import json
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from directory.models import ServiceTranslationReview
from moia.l10n.machine import LibreTranslateBackend, MachineTranslationError, backend
from moia.l10n.services import machine_drafts_fill
from tests.factories.directory import ServiceFactory
from tests.l10n.fake_machine import FakeBackend

pytestmark = pytest.mark.django_db
FAKE = "tests.l10n.fake_machine.FakeBackend"


def test_it_is_off_by_default():
    assert backend() is None
    with pytest.raises(MachineTranslationError):
        machine_drafts_fill(language="so")
    with pytest.raises(CommandError, match="off"):
        call_command("machine_drafts", "--language", "so")


@override_settings(MACHINE_TRANSLATION_BACKEND=FAKE)
def test_drafts_fill_only_empty_translations_and_stay_unreviewed(client, office):
    empty = ServiceFactory(name_en="Food pantry", description_en="Free groceries every week.")
    translated = ServiceFactory(name_en="Legal clinic", name_so="Xarunta sharciga")
    ServiceTranslationReview.objects.update_or_create(
        service=translated, language="so", defaults={"status": ServiceTranslationReview.Status.REVIEWED}
    )
    assert machine_drafts_fill(language="so") == 1

    empty.refresh_from_db()
    translated.refresh_from_db()
    assert empty.name_so == "[so] Food pantry"
    assert empty.description_so == "[so] Free groceries every week."
    assert translated.name_so == "Xarunta sharciga"  # a person's translation is never overwritten
    draft = ServiceTranslationReview.objects.get(service=empty, language="so")
    assert draft.status == ServiceTranslationReview.Status.MACHINE_DRAFT
    assert ServiceTranslationReview.objects.get(service=translated, language="so").status == "reviewed"
    # Residents are told the page is a machine translation.
    with translation.override("so"):
        url = reverse("directory:detail", kwargs={"slug": empty.slug})
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        page = client.get(url).content.decode()
    assert "[so] Food pantry" in page
    assert 'href="/en/' in page  # the way back to the English original
    # A second run finds nothing left to draft.
    assert machine_drafts_fill(language="so") == 0


def _answer(payload):
    response = mock.MagicMock()
    response.__enter__.return_value.read.return_value = json.dumps(payload).encode()
    return response


@override_settings(MACHINE_TRANSLATION_URL="https://mt.example.org", MACHINE_TRANSLATION_API_KEY="k")
def test_libretranslate_adapter_sends_the_texts_and_maps_language_codes():
    with mock.patch("urllib.request.urlopen", return_value=_answer({"translatedText": ["一", "二"]})) as urlopen:
        result = LibreTranslateBackend().translate(["one", "two"], source="en", target="zh-hant")
    assert result == ["一", "二"]
    request = urlopen.call_args.args[0]
    assert request.full_url == "https://mt.example.org/translate"
    assert json.loads(request.data) == {
        "q": ["one", "two"],
        "source": "en",
        "target": "zt",
        "format": "text",
        "api_key": "k",
    }


@override_settings(MACHINE_TRANSLATION_URL="https://mt.example.org")
def test_libretranslate_failures_are_clear_errors_and_save_nothing(office):
    import urllib.error

    with (
        mock.patch("urllib.request.urlopen", side_effect=urllib.error.URLError("down")),
        pytest.raises(MachineTranslationError, match="did not answer"),
    ):
        LibreTranslateBackend().translate(["one"], source="en", target="so")
    with (
        mock.patch("urllib.request.urlopen", return_value=_answer({"translatedText": []})),
        pytest.raises(MachineTranslationError, match="wrong shape"),
    ):
        LibreTranslateBackend().translate(["one"], source="en", target="so")
    service = ServiceFactory(name_en="Food pantry")
    with (
        override_settings(MACHINE_TRANSLATION_BACKEND="moia.l10n.machine.LibreTranslateBackend"),
        mock.patch("urllib.request.urlopen", side_effect=urllib.error.URLError("down")),
        pytest.raises(CommandError),
    ):
        call_command("machine_drafts", "--language", "so", stdout=io.StringIO())
    service.refresh_from_db()
    assert not service.name_so
    assert not ServiceTranslationReview.objects.filter(service=service).exists()


@override_settings(MACHINE_TRANSLATION_BACKEND=FAKE)
def test_the_command_reports_its_drafts(office):
    ServiceFactory(name_en="Food pantry")
    out = io.StringIO()
    call_command("machine_drafts", "--language", "ar", stdout=out)
    assert "1 services drafted" in out.getvalue()
    assert FakeBackend.calls[-1][1] == "ar"
