"""The printable paper questionnaire, one language per PDF, through WeasyPrint."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .models import Survey
from .selectors import survey_questions

PAPER_CSS = Path(__file__).resolve().parent / "static" / "surveys" / "paper.css"


def paper_questionnaire_html(*, survey: Survey, language: str, first_number: int = 0, copies: int = 1) -> str:
    """The questionnaire as print HTML; with first_number, each copy is pre-numbered."""
    with translation.override(language):
        questions = survey_questions(survey=survey)
        sections = []
        for question in questions:
            if not sections or sections[-1]["section"].pk != question.section_id:
                sections.append({"section": question.section, "questions": []})
            sections[-1]["questions"].append(question)
        numbers = [first_number + i if first_number else None for i in range(copies)]
        return render_to_string(
            "surveys/paper.html",
            {
                "survey": survey,
                "sections": sections,
                "numbers": numbers,
                "language": language,
                "direction": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
            },
        )


def paper_questionnaire_pdf(*, survey: Survey, language: str, first_number: int = 0, copies: int = 1) -> bytes:
    from weasyprint import CSS, HTML

    html = paper_questionnaire_html(survey=survey, language=language, first_number=first_number, copies=copies)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[CSS(filename=str(PAPER_CSS))])
