"""What the JSON API and the tabular datapackage share: identifiers, languages, synthetic terms.

Every directory row has a UUID primary key, used as its HSDS id as it is. HSDS objects
that the portal keeps as fields of another row (a location's address and accessibility
note, a service's categories, flags and "free of charge" cost option, the taxonomies)
get ids derived with uuid5 from the owning row's id, so they are stable across exports
and survive a round trip through the datapackage.
"""

import uuid
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import models
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from directory import flags as service_flags
from directory.models import Service

# Never change: every derived id in published data depends on it.
NAMESPACE = uuid.UUID("7c1f3a52-5d2e-4b8e-9a51-2f0d6c1b9e47")

HSDS_VERSION = "3.0"
CATEGORY_TAXONOMY_DESCRIPTION = "The resource directory's categories of help."
FLAG_TAXONOMY = "moia-service-flags"
FLAG_TAXONOMY_DESCRIPTION = "What matters to immigrants about a service: true when the service has the property."


def derived_id(*parts: object) -> uuid.UUID:
    """A stable id for an HSDS object that is a field of another row (see the module docstring)."""
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def taxonomy_id(name: str) -> uuid.UUID:
    return derived_id("taxonomy", name)


def languages() -> list[str]:
    return list(settings.MODELTRANSLATION_LANGUAGES)


def language_choose(requested: str | None) -> str | None:
    """The portal language matching `requested` ("es", "zh_Hans", "pt-BR"…), or None if it is not one."""
    if not requested:
        return None
    code = requested.strip().lower().replace("_", "-")
    return code if code in languages() else None


@cache
def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The model's translatable fields in declaration order (django-modeltranslation)."""
    try:
        registered = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()
    return tuple(field.name for field in model._meta.fields if field.name in registered)


@cache
def localized(field: str, language: str) -> str:
    return build_localized_fieldname(field, language)


@dataclass(frozen=True)
class Flag:
    """A yes/no property of a service, published as an HSDS attribute with a term of its own."""

    field: str
    code: str

    @property
    def term_id(self) -> uuid.UUID:
        return derived_id("flag", self.code)


FLAGS = tuple(Flag(flag.field, flag.hsds_code) for flag in service_flags.FLAGS if flag.hsds_code)
FLAGS_BY_TERM_ID = {flag.term_id: flag for flag in FLAGS}
# "Free of charge" travels as an HSDS cost option with amount 0, not as a flag.
FREE_OPTION_FIELD = "is_free"


@cache
def label_translations(field: str) -> dict[str, str]:
    """A service field's label in every language whose catalogue translates it."""
    english = _label_in(field, "en")
    labels = {"en": english}
    for language in languages()[1:]:
        text = _label_in(field, language)
        if text != english:
            labels[language] = text
    return labels


def _label_in(field: str, language: str) -> str:
    with translation.override(language):
        text = str(Service._meta.get_field(field).verbose_name)
    return text[:1].upper() + text[1:]


def label_in_current_language(field: str) -> str:
    return _label_in(field, translation.get_language() or "en")
