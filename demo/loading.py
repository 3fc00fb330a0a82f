"""Reading demo content: the JSON files under demo/data and their translated values."""

import json
from pathlib import Path
from typing import Any

from modeltranslation.utils import build_localized_fieldname

DATA_DIR = Path(__file__).resolve().parent / "data"
SHARED = "shared"  # content every office gets


def data_path(office: str, name: str) -> Path:
    return DATA_DIR / office / f"{name}.json"


def read(office: str, name: str, *, missing: Any = None) -> Any:
    """The content of demo/data/<office>/<name>.json; `missing` if the office has none."""
    path = data_path(office, name)
    if missing is not None and not path.exists():
        return missing
    return json.loads(path.read_text(encoding="utf-8"))


def localized(field: str, texts: dict[str, str], *, default: bool = False) -> dict[str, str]:
    """Model field values for a text keyed by language code ({"en": …, "zh-hans": …}).

    With default, the untranslated field gets the English text too, for the loaders that set it.
    """
    values = {build_localized_fieldname(field, code): text for code, text in texts.items()}
    if default:
        values[field] = texts["en"]
    return values
