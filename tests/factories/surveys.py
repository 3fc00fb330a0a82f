"""Survey fixtures: a tiny hand-made questionnaire for exact results, and the real one."""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from surveys import services
from surveys.models import Survey

COMMUNITY_JSON = Path(settings.BASE_DIR) / "demo" / "data" / "boston" / "surveys.json"


def _all(text: str) -> dict[str, str]:
    return {"en": text, "es": f"{text} (es)"}


SMALL = {
    "slug": "small",
    "title": {"en": "Small survey", "es": "Encuesta pequeña"},
    "introduction": {"en": "Tell us.", "es": "Díganos."},
    "estimated_minutes": 5,
    "sections": [
        {
            "code": "first",
            "title": _all("First"),
            "questions": [
                {"code": "color", "kind": "single", "text": _all("Favourite colour?"), "required": True,
                 "report_section": "needs",
                 "choices": [{"code": "red", "label": _all("Red")}, {"code": "blue", "label": _all("Blue")}]},
                {"code": "pets", "kind": "multiple", "text": _all("Pets?"), "required": False,
                 "report_section": "barriers",
                 "choices": [{"code": "cat", "label": _all("Cat")}, {"code": "dog", "label": _all("Dog")},
                             {"code": "fish", "label": _all("Fish")}]},
                {"code": "fish_name", "kind": "short_text", "text": _all("What do you call your fish?"),
                 "show_if": {"question": "pets", "equals": "fish"}},
            ],
        },
        {
            "code": "second",
            "title": _all("Second"),
            "questions": [
                {"code": "rating", "kind": "scale", "text": _all("How happy?"), "scale_min": 1, "scale_max": 5,
                 "report_section": "satisfaction", "scale_min_label": _all("Sad"), "scale_max_label": _all("Happy")},
                {"code": "people", "kind": "number", "text": _all("How many people?"), "min_value": 1,
                 "max_value": 20, "report_section": "demographics"},
                {"code": "lives_here", "kind": "yes_no", "text": _all("Do you live here?"),
                 "report_section": "demographics"},
                {"code": "comment", "kind": "long_text", "text": _all("Anything else?")},
            ],
        },
    ],
}  # fmt: skip


def survey_small(*, open_: bool = True, slug: str = "small") -> Survey:
    now = timezone.now()
    if open_:
        opens, closes = now - dt.timedelta(days=1), now + dt.timedelta(days=30)
    else:
        opens, closes = now - dt.timedelta(days=60), now - dt.timedelta(days=1)
    return services.survey_load(data=SMALL, opens_at=opens, closes_at=closes, slug=slug)


def survey_community(*, open_: bool = True) -> Survey:
    data = json.loads(COMMUNITY_JSON.read_text(encoding="utf-8"))
    now = timezone.now()
    opens, closes = (now - dt.timedelta(days=1), now + dt.timedelta(days=30))
    if not open_:
        opens, closes = now - dt.timedelta(days=60), now - dt.timedelta(days=1)
    return services.survey_load(data=data, opens_at=opens, closes_at=closes)


def respond(survey: Survey, data: dict, **kwargs):
    kwargs.setdefault("language", "en")
    kwargs.setdefault("started_at", timezone.now() - dt.timedelta(minutes=5))
    return services.response_submit(survey=survey, data=data, **kwargs)
