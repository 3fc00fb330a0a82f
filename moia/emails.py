"""Every email the portal sends, rendered one way.

An email is a pair of templates, `<name>_subject.txt` and `<name>.txt`, rendered in the recipient's
language with the office profile and SITE_URL in the context (no request, so no context processor
would give them). The HTML part is the plain text in the portal's look (templates/email/base.html):
one text to write and translate, and both parts always say the same thing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def email_context(extra: dict | None = None) -> dict:
    """What every email's templates may use: the office (translated fields follow the active language)."""
    from moia.office.selectors import office_profile_current

    return {
        "office": office_profile_current(),
        "site_url": settings.SITE_URL,
        "LANGUAGE_CODE": translation.get_language(),
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        **(extra or {}),
    }


def email_wrap(*, subject: str, text: str, context: dict) -> str:
    """The HTML part: the text with its links made clickable, under the office's name."""
    return render_to_string("email/base.html", {**context, "subject": subject, "text": text})


def email_render(*, template: str, context: dict, language: str) -> RenderedEmail:
    """Render `<template>_subject.txt` and `<template>.txt` in `language`, with an HTML twin."""
    with translation.override(language or settings.LANGUAGE_CODE):
        full = email_context(context)
        # A subject is one line: template line breaks would become header folding.
        subject = " ".join(render_to_string(template + "_subject.txt", full).split())
        text = render_to_string(template + ".txt", full).strip() + "\n"
        # Signed like a letter, so the plain-text part also says who wrote it and where to check.
        text += "\n-- \n{}\n{}/{}/\n".format(full["office"].name, settings.SITE_URL, full["LANGUAGE_CODE"])
        return RenderedEmail(subject=subject, text=text, html=email_wrap(subject=subject, text=text, context=full))
