"""Machine translation behind one small interface, off unless a backend is configured.

A backend only ever produces drafts: `machine_drafts_fill` stores them as machine drafts (the
directory shows residents that a person has not checked them) and nothing here can mark a text
reviewed; only a person, through the admin or a review packet, can.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class MachineTranslationError(RuntimeError):
    """The backend is off, unreachable, or refused the language."""


class MachineTranslationBackend(Protocol):
    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        """One translation per text, in order."""


def backend() -> MachineTranslationBackend | None:
    """The configured backend (read at call time), or None: machine translation is off by default."""
    path = getattr(settings, "MACHINE_TRANSLATION_BACKEND", "")
    if not path:
        return None
    return import_string(path)()


class LibreTranslateBackend:
    """An adapter for a LibreTranslate server (self-hosted or a provider's), over its JSON API."""

    # The portal's codes where LibreTranslate names the language differently.
    CODES = {"zh-hans": "zh", "zh-hant": "zt", "pt-br": "pt"}

    def __init__(self, url: str | None = None, api_key: str | None = None, timeout: float = 30):
        self.url = (url or settings.MACHINE_TRANSLATION_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else settings.MACHINE_TRANSLATION_API_KEY
        self.timeout = timeout
        if not self.url:
            raise MachineTranslationError("MACHINE_TRANSLATION_URL is not set.")

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        body = {
            "q": list(texts),
            "source": self.CODES.get(source, source),
            "target": self.CODES.get(target, target),
            "format": "text",
        }
        if self.api_key:
            body["api_key"] = self.api_key
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's own setting)
            self.url + "/translate",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise MachineTranslationError(f"The translation service did not answer: {exc}") from exc
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str):
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise MachineTranslationError("The translation service gave an answer of the wrong shape.")
        return [str(text) for text in translated]
