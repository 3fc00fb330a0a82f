"""Residents' pages: the list of open surveys, answering one page at a time, public results."""

import datetime as dt
import hashlib
import hmac
import re
from itertools import groupby

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from . import selectors, services
from .forms import SurveyPageForm, initial_from_answers, raw_answers
from .models import Channel, Collector, Question, Survey

SUBMIT_RATE = "20/h"
COLLECTOR_CODE = re.compile(r"[a-z0-9-]{1,20}")


def client_key(group: str, request: HttpRequest) -> str:
    """A short-lived, hashed stand-in for the client address, for rate limiting only.

    The address is hashed with a salt that changes every day and the hash lives only in the
    cache (django-ratelimit's counter); neither the address nor the hash is ever stored with
    a response."""
    day = timezone.now().date().isoformat()
    salt = hmac.new(settings.SECRET_KEY.encode(), f"surveys-rate:{day}".encode(), hashlib.sha256).digest()
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(salt + address.encode()).hexdigest()


def _state_key(survey: Survey) -> str:
    return f"survey:{survey.pk}"


def _state(request: HttpRequest, survey: Survey) -> dict:
    state = request.session.get(_state_key(survey))
    if not state:
        state = {"started_at": timezone.now().isoformat(), "data": {}, "collector": None}
        request.session[_state_key(survey)] = state
    return state


def _state_save(request: HttpRequest, survey: Survey, state: dict) -> None:
    request.session[_state_key(survey)] = state
    request.session.modified = True


def survey_pages(questions: list[Question], data: dict) -> list[dict]:
    """One page per section; questions that depend on an answer in the same section come on a
    follow-up page, so skip logic works on the server without JavaScript."""
    kept = services.answers_visible(questions=questions, data=data)
    pages = []
    for _section_id, group in groupby(questions, key=lambda q: q.section_id):
        group = list(group)
        in_section = {q.code for q in group}
        first = [q for q in group if not (q.show_if_question_id and q.show_if_question.code in in_section)]
        follow = [q for q in group if q not in first]
        for part in (first, follow):
            visible = [q for q in part if services.question_visible(question=q, data=kept)]
            if visible:
                pages.append({"section": group[0].section, "questions": visible})
    return pages


def _survey_or_closed(request: HttpRequest, slug: str) -> tuple[Survey, HttpResponse | None]:
    survey = get_object_or_404(Survey, slug=slug)
    now = timezone.now()
    if survey.opens_at > now:
        raise Http404
    if survey.is_closed(now=now):
        return survey, render(request, "surveys/closed.html", {"survey": survey}, status=410)
    return survey, None


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/index.html",
        {"open_surveys": selectors.surveys_open(), "closed_surveys": selectors.surveys_closed()[:10]},
    )


@require_safe
def survey_intro_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey, closed = _survey_or_closed(request, slug)
    if closed:
        return closed
    code = request.GET.get("c", "")[:20].lower()
    # Only a well-formed code reaches the database (a NUL byte would fail on PostgreSQL).
    if COLLECTOR_CODE.fullmatch(code):
        collector = Collector.objects.filter(survey=survey, code=code).first()
        if collector:
            state = _state(request, survey)
            state["collector"] = collector.pk
            _state_save(request, survey, state)
    return render(request, "surveys/intro.html", {"survey": survey})


@require_http_methods(["GET", "POST"])
def survey_page_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    survey, closed = _survey_or_closed(request, slug)
    if closed:
        return closed
    questions = services.survey_questions(survey=survey)
    state = _state(request, survey)
    pages = survey_pages(questions, state["data"])
    if not pages:
        raise Http404
    if number < 1 or number > len(pages):
        return redirect("surveys:page", slug=slug, number=min(max(number, 1), len(pages)))
    page = pages[number - 1]
    if request.method == "POST":
        form = SurveyPageForm(request.POST, questions=page["questions"])
        page_codes = {q.code for q in page["questions"]}
        if request.POST.get("action") == "back":
            state["data"] = {k: v for k, v in state["data"].items() if k not in page_codes}
            state["data"].update(raw_answers(form, page["questions"]))
            _state_save(request, survey, state)
            if number == 1:
                return redirect("surveys:intro", slug=slug)
            return redirect("surveys:page", slug=slug, number=number - 1)
        if form.is_valid():
            state["data"] = {k: v for k, v in state["data"].items() if k not in page_codes}
            state["data"].update(form.answers())
            _state_save(request, survey, state)
            if form.cleaned_data.get("website"):
                # A bot filled the honeypot: thank it and keep nothing.
                request.session.pop(_state_key(survey), None)
                return redirect("surveys:finish", slug=slug)
            pages = survey_pages(questions, state["data"])
            if number < len(pages):
                return redirect("surveys:page", slug=slug, number=number + 1)
            return _submit(request, survey, questions, state, pages)
    else:
        form = SurveyPageForm(
            questions=page["questions"], initial=initial_from_answers(page["questions"], state["data"])
        )
    sections, before_current = [], True
    for p in pages:
        if not sections or sections[-1]["section"].pk != p["section"].pk:
            current = p["section"].pk == page["section"].pk
            before_current = before_current and not current
            sections.append({"section": p["section"], "current": current, "complete": before_current})
    return render(
        request,
        "surveys/page.html",
        {
            "survey": survey,
            "page": page,
            "form": form,
            "number": number,
            "total": len(pages),
            "sections": sections,
            "is_last": number == len(pages),
        },
    )


def _submit(request: HttpRequest, survey: Survey, questions, state: dict, pages: list[dict]) -> HttpResponse:
    # Required questions on pages the resident jumped over still have to be answered.
    for index, page in enumerate(pages, start=1):
        if any(q.required and q.code not in state["data"] for q in page["questions"]):
            return redirect("surveys:page", slug=survey.slug, number=index)
    if is_ratelimited(request, group="surveys.submit", key=client_key, rate=SUBMIT_RATE, increment=True):
        return render(request, "surveys/rate_limited.html", {"survey": survey}, status=429)
    collector = Collector.objects.filter(pk=state.get("collector"), survey=survey).first()
    started_at = dt.datetime.fromisoformat(state["started_at"])
    services.response_submit(
        survey=survey,
        data=state["data"],
        language=translation.get_language(),
        channel=collector.channel if collector else Channel.ONLINE,
        collector=collector,
        started_at=started_at,
        finished_at=timezone.now(),
    )
    request.session.pop(_state_key(survey), None)
    return redirect("surveys:finish", slug=survey.slug)


@require_safe
def survey_finish_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    return render(request, "surveys/finish.html", {"survey": survey})


@require_safe
def survey_results_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Published results of a closed survey: aggregate counts only, small cells suppressed."""
    survey = get_object_or_404(selectors.surveys_closed(), slug=slug)
    results = selectors.survey_results(survey=survey)
    return render(
        request,
        "surveys/results_public.html",
        {
            "survey": survey,
            "results": results,
            "total": selectors.survey_response_total(survey=survey),
            "threshold": settings.SMALL_CELL_THRESHOLD,
        },
    )


@require_safe
def short_link_view(request: HttpRequest, code: str) -> HttpResponse:
    """/s/CODE from a flyer: into the survey, in the browser's language, attributed to the collector."""
    collector = get_object_or_404(Collector.objects.select_related("survey"), code=code.lower()[:20])
    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        url = reverse("surveys:intro", kwargs={"slug": collector.survey.slug}) + f"?c={collector.code}"
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        raise Http404
    return redirect(url)
