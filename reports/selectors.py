"""Reads for the annual report: the data of a year, and what the public may download."""

from __future__ import annotations

import hashlib
import json
from functools import partial

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.utils import build_localized_fieldname

from moia.languages import language_in_sentence
from moia.office.selectors import office_profile_current

from .models import (
    AnnualReport,
    DepartmentFigure,
    DepartmentRequest,
    PopulationStatistic,
    ReportNarrative,
    ReportNarrativeReview,
)
from .sources.population import population_tables

# The ordinance's own words, used as the section headings (12-19.4(2)(a)-(d)).
SECTION_HEADINGS = {
    "population": gettext_lazy(
        "(a) The size and composition of such population, including demographic information, socio-economic "
        "markers, and estimates of the immigration status held by members of such population"
    ),
    "needs": gettext_lazy(
        "(b) The needs of such population, including social services, legal services, housing, public benefits, "
        "education, and workforce development needs"
    ),
    "barriers": gettext_lazy(
        "(c) Barriers faced by such population in accessing such services, and recommendations on how the City "
        "could address such barriers"
    ),
    "programs": gettext_lazy(
        "(d) Information and metrics relating to each programmatic initiative of the Office, including "
        "initiatives conducted in partnership with other offices or agencies"
    ),
}


SHORT_HEADINGS = {
    "population": gettext_lazy("(a) Population"),
    "needs": gettext_lazy("(b) Needs"),
    "barriers": gettext_lazy("(c) Barriers and recommendations"),
    "programs": gettext_lazy("(d) Programme metrics"),
}


def _section_sources(surveys_answered):
    """Each section's table sources: every source (surveys, programmes, grants, the departments'
    answers) is part of the portal and always installed, so each section lists all of its tables.
    `surveys_answered` is the year's survey results, read once for sections (b) and (c)."""
    from .sources import departments as department_sources
    from .sources import grants as grant_sources
    from .sources import programs as program_sources
    from .sources import surveys as survey_sources

    return {
        "population": [population_tables],
        "needs": [
            partial(survey_sources.needs_tables, answered=surveys_answered),
            program_sources.intake_demand_tables,
            department_sources.needs_tables,
        ],
        "barriers": [
            partial(survey_sources.barriers_tables, answered=surveys_answered),
            department_sources.barriers_tables,
        ],
        "programs": [program_sources.program_tables, grant_sources.grantee_tables],
    }


def narrative_texts(narrative: ReportNarrative | None, language: str) -> dict[str, str]:
    """A narrative's texts as written in one language: no English stands in for a missing translation."""
    return {
        field: ((getattr(narrative, build_localized_fieldname(field, language)) or "") if narrative else "").strip()
        for field in ReportNarrative.REQUIRED_FIELDS
    }


def narrative_fingerprint(narrative: ReportNarrative, language: str) -> str:
    """What a review approves: the language's texts and the English texts they translate."""
    texts = {"en": narrative_texts(narrative, "en"), language: narrative_texts(narrative, language)}
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()


def narrative_review_state(narrative: ReportNarrative, language: str) -> str:
    """The review status of a narrative in one language (ReportNarrativeReview.Status)."""
    review = narrative.reviews.filter(language=language).first()
    if review is None:
        return ReportNarrativeReview.Status.MACHINE_DRAFT
    if review.fingerprint != narrative_fingerprint(narrative, language):
        return ReportNarrativeReview.Status.OUT_OF_DATE
    return ReportNarrativeReview.Status.REVIEWED


def report_missing(*, year: int, language: str) -> list[str]:
    """What stops the report of a year in a language from being published, in the reader's words."""
    from .sources.population import latest_population_year

    language_name = language_in_sentence(language)
    narrative = ReportNarrative.objects.filter(year=year).first()
    texts = narrative_texts(narrative, language)
    # REQUIRED_FIELDS are text fields, never relations (which have no verbose_name).
    meta = ReportNarrative._meta
    labels = {field: meta.get_field(field).verbose_name for field in ReportNarrative.REQUIRED_FIELDS}  # type: ignore[union-attr]
    missing = [
        _("%(text)s: not written in %(language)s.") % {"text": capfirst(labels[field]), "language": language_name}
        for field, text in texts.items()
        if not text
    ]
    if narrative is not None and not missing:
        state = narrative_review_state(narrative, language)
        if state == ReportNarrativeReview.Status.MACHINE_DRAFT:
            missing.append(_("The texts in %(language)s have not been reviewed.") % {"language": language_name})
        elif state == ReportNarrativeReview.Status.OUT_OF_DATE:
            missing.append(
                _("The texts in %(language)s changed after they were reviewed.") % {"language": language_name}
            )
    stats_year = latest_population_year(year)
    if stats_year is not None and language != settings.LANGUAGE_CODE:
        untranslated = (
            PopulationStatistic.objects.filter(year=stats_year)
            .filter(
                Q(**{build_localized_fieldname("dimension", language) + "__isnull": True})
                | Q(**{build_localized_fieldname("dimension", language): ""})
                | Q(**{build_localized_fieldname("source", language) + "__isnull": True})
                | Q(**{build_localized_fieldname("source", language): ""})
            )
            .count()
        )
        if untranslated:
            missing.append(
                ngettext(
                    "%(count)s population statistic has no %(language)s label or source.",
                    "%(count)s population statistics have no %(language)s label or source.",
                    untranslated,
                )
                % {"count": untranslated, "language": language_name}
            )
    missing += _departments_untranslated(year=year, language=language, language_name=language_name)
    missing += _recommendations_missing(year=year, language=language, language_name=language_name)
    return missing


def _departments_untranslated(*, year: int, language: str, language_name: str) -> list[str]:
    """Answered departments' names and figure labels are printed: each must exist in the language."""
    if language == settings.LANGUAGE_CODE:
        return []

    def blank(field: str, prefix: str = "") -> Q:
        name = prefix + build_localized_fieldname(field, language)
        return Q(**{name + "__isnull": True}) | Q(**{name: ""})

    untranslated = (
        DepartmentFigure.objects.filter(request__year=year, request__status=DepartmentRequest.Status.ANSWERED)
        .filter(blank("label") | blank("department", "request__"))
        .count()
    )
    if not untranslated:
        return []
    return [
        ngettext(
            "%(count)s figure from a City department has no %(language)s label or department name.",
            "%(count)s figures from City departments have no %(language)s label or department name.",
            untranslated,
        )
        % {"count": untranslated, "language": language_name}
    ]


def report_data(*, year: int, language: str = "en") -> dict:
    """Everything the report for a year shows, as published: small cells suppressed, planned
    over every table together and over what earlier published versions of the year hid."""
    from .sources.headlines import headline_figures, headline_table
    from .sources.surveys import year_results
    from .tables import publish

    with translation.override(language):
        office = office_profile_current()
        narrative = ReportNarrative.objects.filter(year=year).first()
        # One read of the year's survey answers for the tables of (b) and (c) and the headlines.
        surveys_answered = year_results(year)
        built = {
            key: [table for source in sources for table in source(year)]
            for key, sources in _section_sources(surveys_answered).items()
        }
        tables = [t for tables in built.values() for t in tables]
        # The headlines are planned with the tables: one figure, one value or mark everywhere.
        *published, headlines = publish(
            [*tables, headline_table(year, tables, answered=surveys_answered)],
            keep_hidden=figures_hidden_before(year=year),
        )
        remaining = iter(published)
        sections = [
            {
                "key": key,
                "heading": str(SECTION_HEADINGS[key]),
                "short_heading": str(SHORT_HEADINGS[key]),
                "tables": [next(remaining) for _table in tables],
            }
            for key, tables in built.items()
        ]
        return {
            "year": year,
            "language": language,
            "generated_at": timezone.now().isoformat(),
            "threshold": settings.SMALL_CELL_THRESHOLD,
            "protection": settings.SMALL_CELL_PROTECTION,
            "office": {"name": office.name, "short_name": office.short_name, "city": office.city},
            "narrative": narrative_texts(narrative, language),
            "headlines": headline_figures(year, headlines, language=language),
            "sections": sections,
            "departments": departments_asked(year=year),
            "recommendations_followed_up": recommendations_followed_up(year=year, language=language),
            "missing": report_missing(year=year, language=language),
        }


def figures_hidden_before(*, year: int) -> set[str]:
    """Keys of every figure a published (or since superseded) report of the year hid, in any
    language: a rebuild keeps them hidden, so no new version shows what an earlier one hid."""
    from moia.disclosure import suppressed_reason

    hidden: set[str] = set()
    snapshots = AnnualReport.objects.filter(
        year=year, status__in=[AnnualReport.Status.PUBLISHED, AnnualReport.Status.SUPERSEDED]
    ).values_list("snapshot", flat=True)
    for snapshot in snapshots:
        for section in (snapshot or {}).get("sections", []):
            for table in section.get("tables", []):
                lines = [(row.get("values", []), row.get("figures") or []) for row in table.get("rows", [])]
                lines.append((table.get("totals") or [], table.get("total_figures") or []))
                for values, keys in lines:
                    hidden.update(k for v, k in zip(values, keys, strict=False) if k and suppressed_reason(v))
        for figure in (snapshot or {}).get("headlines", []):
            if figure.get("figure") and suppressed_reason(figure.get("value")):
                hidden.add(figure["figure"])
    return hidden


def published_reports() -> QuerySet[AnnualReport]:
    """Every published report and its superseded versions, newest first (the public archive)."""
    return AnnualReport.objects.filter(
        status__in=[AnnualReport.Status.PUBLISHED, AnnualReport.Status.SUPERSEDED]
    ).order_by("-year", "language", "-version")


def report_current(*, year: int, language: str) -> AnnualReport | None:
    """The published (current) version for a year and language, if any."""
    return AnnualReport.objects.filter(year=year, language=language, status=AnnualReport.Status.PUBLISHED).first()


# --- Department data requests -------------------------------------------------------------

DEPARTMENT_LINK_SALT = "reports.department-request"


def department_request_link(request: DepartmentRequest) -> str:
    """The signed path a department opens to answer, in the request's language (no account needed)."""
    from django.core import signing
    from django.urls import reverse

    token = signing.dumps({"r": request.pk, "y": request.year, "n": request.link_nonce}, salt=DEPARTMENT_LINK_SALT)
    with translation.override(request.language):
        return reverse("reports:department_answer", kwargs={"year": request.year, "token": token})


class DepartmentLinkError(Exception):
    """Why a department link opens no form: "invalid" (tampered, replaced, withdrawn or for
    another year; the page says no more than that) or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def department_request_by_link(*, year: int, token: str) -> DepartmentRequest:
    """The request a signed link names, if the signature holds, the year is the link's, the
    link is the latest one sent and it has not expired; else DepartmentLinkError."""
    from django.core import signing

    try:
        payload = signing.loads(token, salt=DEPARTMENT_LINK_SALT)
    except signing.BadSignature as exc:
        raise DepartmentLinkError("invalid") from exc
    if not isinstance(payload, dict) or payload.get("y") != year or not isinstance(payload.get("r"), int):
        raise DepartmentLinkError("invalid")
    request = (
        DepartmentRequest.objects.filter(pk=payload["r"], year=year)
        .exclude(status__in=[DepartmentRequest.Status.DRAFT, DepartmentRequest.Status.WITHDRAWN])
        .first()
    )
    if request is None or not request.link_nonce or payload.get("n") != request.link_nonce:
        raise DepartmentLinkError("invalid")
    if request.link_expires_at is None or timezone.now() >= request.link_expires_at:
        raise DepartmentLinkError("expired")
    return request


def department_answers(*, year: int) -> list[DepartmentRequest]:
    """The year's answered department requests with their figures, for the report."""
    from django.db.models import Prefetch

    return list(
        DepartmentRequest.objects.filter(year=year, status=DepartmentRequest.Status.ANSWERED)
        .prefetch_related(Prefetch("figures", queryset=DepartmentFigure.objects.order_by("order", "pk")))
        .order_by("department", "pk")
    )


def departments_asked(*, year: int) -> list[dict]:
    """Every department asked for figures of the year (drafts and withdrawn requests aside),
    and whether and when it answered: the methodology lists them."""
    return [
        {
            "department": request.department,
            "answered": request.status == DepartmentRequest.Status.ANSWERED,
            # The office's calendar day: an answer at 9 pm in Boston is dated that day, not the next (UTC).
            "answered_on": timezone.localdate(request.answered_at).isoformat() if request.answered_at else None,
        }
        for request in DepartmentRequest.objects.filter(
            year=year, status__in=[DepartmentRequest.Status.SENT, DepartmentRequest.Status.ANSWERED]
        ).order_by("department", "pk")
    ]


# Where a request stands for staff, as the admin's filter and the CSV name it.
DEPARTMENT_STANDINGS = [
    ("answered", gettext_lazy("Answered")),
    ("waiting", gettext_lazy("Waiting for the answer")),
    ("overdue", gettext_lazy("Overdue")),
    ("draft", gettext_lazy("Draft, not sent")),
    ("withdrawn", gettext_lazy("Withdrawn")),
]
_REMINDED = Q(events__action__in=["reminded_before", "reminded_due"])


def office_today():
    """Today in the office's time zone, whatever time zone is active: a request due on the 10th
    is not overdue at 8 pm on the 10th in Boston, when UTC is already on the 11th."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def department_requests_listed() -> QuerySet[DepartmentRequest]:
    """Every department request with its reminders counted in the same query (the staff list and
    its CSV show both for each row)."""
    from django.db.models import Count, Max

    return DepartmentRequest.objects.annotate(
        reminders_sent=Count("events", filter=_REMINDED), last_reminder_at=Max("events__at", filter=_REMINDED)
    )


def department_requests_with_standing(
    requests: QuerySet[DepartmentRequest], *, standing: str, today
) -> QuerySet[DepartmentRequest]:
    """Narrow `requests` to one of DEPARTMENT_STANDINGS as of `today`: a sent request is waiting
    up to and on its due date and overdue after it; an unknown standing leaves them as they are."""
    sent = requests.filter(status=DepartmentRequest.Status.SENT)
    return {
        "answered": requests.filter(status=DepartmentRequest.Status.ANSWERED),
        "waiting": sent.filter(due_on__gte=today),
        "overdue": sent.filter(due_on__lt=today),
        "draft": requests.filter(status=DepartmentRequest.Status.DRAFT),
        "withdrawn": requests.filter(status=DepartmentRequest.Status.WITHDRAWN),
    }.get(standing, requests)


def department_request_standing(request: DepartmentRequest, *, today) -> str:
    """The label of where one request stands, by the same rule as department_requests_with_standing."""
    standing = request.status
    if standing == DepartmentRequest.Status.SENT:
        standing = "waiting" if request.due_on >= today else "overdue"
    return str(dict(DEPARTMENT_STANDINGS)[standing])


def department_request_rows(requests: QuerySet[DepartmentRequest], *, today):
    """The CSV of a (filtered) staff list: a header, then one row a request by year and department.

    `requests` comes from department_requests_listed, so the reminders are already counted."""

    def label(name: str) -> str:
        return str(DepartmentRequest._meta.get_field(name).verbose_name)  # type: ignore[union-attr]

    def moment(value) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    yield [
        label("year"),
        label("department"),
        label("contact_name"),
        label("contact_email"),
        label("due_on"),
        _("status"),
        label("sent_at"),
        _("last reminder sent"),
        _("reminders sent"),
        label("answered_at"),
        label("answered_by_name"),
    ]
    for request in requests.order_by("-year", "department", "pk").iterator(chunk_size=500):
        yield [
            request.year,
            request.department,
            request.contact_name,
            request.contact_email,
            request.due_on.isoformat(),
            department_request_standing(request, today=today),
            moment(request.sent_at),
            # Annotated by department_requests_listed (the type checker cannot see annotations).
            moment(request.last_reminder_at),  # type: ignore[attr-defined]
            request.reminders_sent,  # type: ignore[attr-defined]
            moment(request.answered_at),
            request.answered_by_name,
        ]


def recommendations_followed_up(*, year: int, language: str) -> list[dict]:
    """Last year's recommendations with what came of them, as this year's report shows them
    (texts as written in the language: no English stands in for a missing translation)."""
    from .models import Recommendation

    def text(recommendation, field: str) -> str:
        return (getattr(recommendation, build_localized_fieldname(field, language)) or "").strip()

    with translation.override(language):
        return [
            {
                "text": text(r, "text"),
                "status": r.status,
                "status_label": str(Recommendation.Status(r.status).label),
                "note": text(r, "note"),
            }
            for r in Recommendation.objects.filter(year=year - 1).order_by("order", "pk")
        ]


def _recommendations_missing(*, year: int, language: str, language_name: str) -> list[str]:
    """Each of last year's recommendations needs a status, and its text and any note in the language."""
    followed = recommendations_followed_up(year=year, language=language)
    missing = []
    unassessed = sum(1 for r in followed if not r["status"])
    if unassessed:
        missing.append(
            ngettext(
                "%(count)s of last year's recommendations has no status yet.",
                "%(count)s of last year's recommendations have no status yet.",
                unassessed,
            )
            % {"count": unassessed}
        )
    if language != settings.LANGUAGE_CODE:
        english = recommendations_followed_up(year=year, language=settings.LANGUAGE_CODE)
        untranslated = sum(
            1 for r, en in zip(followed, english, strict=True) if not r["text"] or (en["note"] and not r["note"])
        )
        if untranslated:
            missing.append(
                ngettext(
                    "%(count)s of last year's recommendations has no %(language)s text or note.",
                    "%(count)s of last year's recommendations have no %(language)s text or note.",
                    untranslated,
                )
                % {"count": untranslated, "language": language_name}
            )
    return missing
