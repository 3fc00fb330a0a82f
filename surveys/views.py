"""Residents' pages: the list of open surveys, answering one page at a time, public results."""

import datetime as dt
import functools
import re
from importlib import import_module
from itertools import groupby

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from moia.ratelimit import client_key

from . import selectors, services
from .forms import SurveyPageForm, initial_from_answers
from .models import Channel, Collector, Question, Survey

SUBMIT_RATE = "20/h"
COLLECTOR_CODE = re.compile(r"[a-z0-9-]{1,20}")


# Answers in progress live in a session of their own, never in the sign-in session: a signed-in
# resident's session row would otherwise be written at the minute they answer, tying the
# anonymous response to their account. This one holds nothing but the answers and is dropped
# when the survey is sent.
SURVEY_COOKIE = ("__Host-" if settings.SESSION_COOKIE_SECURE else "") + "survey"
SURVEY_STATE_SECONDS = 24 * 3600


def survey_session(view):
    """Gives the view `request.survey_session` and saves it (or drops it, once empty) afterwards."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        store = import_module(settings.SESSION_ENGINE).SessionStore(request.COOKIES.get(SURVEY_COOKIE))
        request.survey_session = store
        response = view(request, *args, **kwargs)
        if store.modified:
            if not any(key.startswith("survey:") for key, _value in store.items()):
                store.delete()
                response.delete_cookie(SURVEY_COOKIE, samesite="Lax")
            else:
                store.set_expiry(SURVEY_STATE_SECONDS)
                store.save()
                response.set_cookie(
                    SURVEY_COOKIE,
                    store.session_key,
                    max_age=SURVEY_STATE_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response

    return wrapper


def _state_key(survey: Survey) -> str:
    return f"survey:{survey.pk}"


def _state(request: HttpRequest, survey: Survey) -> dict:
    state = request.survey_session.get(_state_key(survey))
    if not state:
        state = {"started_at": timezone.now().isoformat(), "data": {}, "collector": None}
        request.survey_session[_state_key(survey)] = state
    return state


def _state_save(request: HttpRequest, survey: Survey, state: dict) -> None:
    request.survey_session[_state_key(survey)] = state
    request.survey_session.modified = True


def _state_drop(request: HttpRequest, survey: Survey) -> None:
    request.survey_session.pop(_state_key(survey), None)


def _page_parts(questions: list[Question]) -> list[tuple]:
    """Every page the survey could show, in order, as (section, questions, is_follow_up): one per
    section, and a follow-up for the questions that depend on an answer in the same section."""
    parts = []
    for _section_id, group in groupby(questions, key=lambda q: q.section_id):
        group = list(group)
        in_section = {q.code for q in group}
        first = [q for q in group if not (q.show_if_question_id and q.show_if_question.code in in_section)]
        follow = [q for q in group if q not in first]
        for follow_up, part in ((False, first), (True, follow)):
            if part:
                parts.append((group[0].section, part, follow_up))
    return parts


def survey_pages(questions: list[Question], data: dict) -> list[dict]:
    """One page per section; questions that depend on an answer in the same section come on a
    follow-up page, so skip logic works on the server without JavaScript."""
    kept = services.answers_visible(questions=questions, data=data)
    pages = []
    for section, part, follow_up in _page_parts(questions):
        visible = [q for q in part if services.question_visible(question=q, data=kept)]
        if visible:
            pages.append({"section": section, "questions": visible, "follow_up": follow_up})
    return pages


def survey_progress(questions: list[Question], data: dict, page: dict) -> tuple[int, bool]:
    """The total to show beside the page number, and whether it is only an upper bound.

    Counting only the pages the answers so far lead to made the total grow as follow-up pages
    appeared ("1 of 5", then "2 of 6"). Counting every page the survey has would promise pages
    most people never see. So the total counts the pages already settled plus every later page
    that could still be shown: a follow-up whose question is still to come counts until that
    question is answered. The total therefore never grows as the resident goes forward, and
    while skip logic may still drop a page it says so ("Page 2 of up to 7")."""
    kept = services.answers_visible(questions=questions, data=data)
    current = page["questions"][0]
    parts = _page_parts(questions)
    here = next(i for i, (_s, part, _f) in enumerate(parts) if current in part)
    passed = {q.code for _s, part, _f in parts[:here] for q in part}
    total, up_to = 0, False
    for index, (_section, part, _follow_up) in enumerate(parts):
        undecided = index > here and any(
            q.show_if_question_id and q.show_if_question.code not in passed  # type: ignore[union-attr]
            for q in part
        )
        if undecided and not any(q.show_if_question_id is None for q in part):
            total += 1
            up_to = True
        elif any(services.question_visible(question=q, data=kept) for q in part):
            total += 1
    return total, up_to


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
@survey_session
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


@never_cache
@require_http_methods(["GET", "POST"])
@survey_session
def survey_page_view(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    survey, closed = _survey_or_closed(request, slug)
    if closed:
        return closed
    questions = selectors.survey_questions(survey=survey)
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
        going_back = request.POST.get("action") == "back"
        valid = form.is_valid()
        if going_back and not _errors_beyond_missing(form):
            # Back keeps what passed validation (an unanswered required question does not stop
            # a resident going back); an out-of-range, over-long or NUL-bearing answer is never
            # kept, or it would reach the last page and fail there on every retry.
            state["data"] = {k: v for k, v in state["data"].items() if k not in page_codes}
            state["data"].update(form.answers())
            _state_save(request, survey, state)
            if number == 1:
                return redirect("surveys:intro", slug=slug)
            return redirect("surveys:page", slug=slug, number=number - 1)
        if valid and not going_back:
            state["data"] = {k: v for k, v in state["data"].items() if k not in page_codes}
            state["data"].update(form.answers())
            _state_save(request, survey, state)
            if form.cleaned_data.get("website"):
                # A bot filled the honeypot: thank it and keep nothing.
                _state_drop(request, survey)
                return redirect("surveys:finish", slug=slug)
            pages = survey_pages(questions, state["data"])
            if number < len(pages):
                return redirect("surveys:page", slug=slug, number=number + 1)
            return _submit(request, survey, questions, state, pages)
    else:
        form = SurveyPageForm(
            questions=page["questions"], initial=initial_from_answers(page["questions"], state["data"])
        )
    total, total_is_upper_bound = survey_progress(questions, state["data"], page)
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
            "total": total,
            "total_is_upper_bound": total_is_upper_bound,
            "sections": sections,
            "is_last": number == len(pages),
        },
    )


def _errors_beyond_missing(form: SurveyPageForm) -> bool:
    """Whether the page has an answer that is wrong, not merely missing."""
    return any(error.code != "required" for errors in form.errors.as_data().values() for error in errors)


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
    _state_drop(request, survey)
    return redirect("surveys:finish", slug=survey.slug)


@require_safe
def survey_finish_view(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    return render(request, "surveys/finish.html", {"survey": survey})


@require_safe
def survey_results_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Published results of a closed survey: aggregate counts only, small cells suppressed."""
    survey = get_object_or_404(selectors.surveys_closed(), slug=slug)
    published = selectors.survey_results_published(survey=survey)
    return render(
        request,
        "surveys/results_public.html",
        {
            "survey": survey,
            "results": published["results"],
            "total": published["total"],
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
