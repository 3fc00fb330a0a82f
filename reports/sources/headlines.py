"""The executive summary: about ten figures a council member would quote, each defined.

Each figure is computed for the report year, and last year's is taken from last year's published
report, so the summary can state the change. Counts enter the report's one disclosure plan with
every table (`headline_table`), so a headline never shows what a table hides, nor helps to
work a hidden cell out.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy

from moia.disclosure import PRIMARY, Suppressed, is_small, threshold
from reports.tables import Figure, Relation, Table

# Answers that name no need or barrier; the "top" needs and barriers are the others.
NON_ANSWERS = frozenset({"other", "none", "no_barriers", "did_not_need", "did_not_look", "prefer_not"})
TOP_ANSWERS = 3

# key -> (label, definition). The label is what the summary shows; the definition is stated in
# the methodology, in the reader's language.
HEADLINES = {
    "residents_served": (
        gettext_lazy("Residents served"),
        gettext_lazy(
            "Requests for help that received at least one service in the year, each counted once however many "
            "services it received."
        ),
    ),
    "requests_received": (
        gettext_lazy("Requests for help received"),
        gettext_lazy("Intakes received by all programmes during the year, online, by phone or in person."),
    ),
    "requests_answered": (
        gettext_lazy("Requests answered"),
        gettext_lazy(
            "Requests received during the year that staff had acted on when the report was built (screened, "
            "served, referred or closed)."
        ),
    ),
    "legal_matters": (
        gettext_lazy("Legal matters handled"),
        gettext_lazy("Service records of legal service types opened during the year."),
    ),
    "legal_outcomes": (
        gettext_lazy("Legal matters with an outcome"),
        gettext_lazy(
            "Legal matters opened during the year whose outcome was recorded (counsel and advice, limited "
            "action, settlement, agency or court decision, other); the others were pending."
        ),
    ),
    "people_referred": (
        gettext_lazy("People referred to other legal providers"),
        gettext_lazy("Requests with at least one legal matter referred to another provider during the year."),
    ),
    "attendance": (
        gettext_lazy("Attendance at group activities"),
        gettext_lazy("Attendance recorded at workshops, clinics and events during the year, added up."),
    ),
    "grants_awarded": (
        gettext_lazy("Grants awarded"),
        gettext_lazy("Grants to community organizations with an award date in the year."),
    ),
    "grant_amount": (
        gettext_lazy("Amount awarded in grants"),
        gettext_lazy("The sum of the grants awarded in the year, in dollars."),
    ),
    "grant_reach": (
        gettext_lazy("Individuals served by funded partners"),
        gettext_lazy("Individuals served as reported by grantees in reports submitted during the year."),
    ),
    "survey_responses": (
        gettext_lazy("Community survey responses"),
        gettext_lazy("Complete responses to the Office's community surveys finished during the year."),
    ),
    "top_needs": (
        gettext_lazy("Needs named most often"),
        gettext_lazy(
            "The three answers chosen most often to the community survey's first question about needs, "
            "leaving out 'other' and 'no need'."
        ),
    ),
    "top_barriers": (
        gettext_lazy("Barriers named most often"),
        gettext_lazy(
            "The three answers chosen most often to the community survey's first question about barriers, "
            "leaving out 'other' and 'no barrier'."
        ),
    ),
}


def _programme_counts(year: int) -> dict[str, int]:
    from programs.models import Activity, Intake, ServiceRecord
    from programs.selectors import year_bounds

    start, end = year_bounds(year)
    legal = Q(service_type__is_legal=True)
    received = Intake.objects.filter(received_at__gte=start, received_at__lt=end).aggregate(
        requests_received=Count("pk"),
        requests_answered=Count("pk", filter=~Q(status=Intake.Status.NEW)),
    )
    # One pass over the year's service records: the people served (or referred) are the distinct
    # intakes among them. An EXISTS per intake probed the records once for every intake ever
    # received, every year's (3 s of the 1x benchmark's 7 s in the database, issue 20).
    records = ServiceRecord.objects.filter(opened_on__gte=start.date(), opened_on__lt=end.date()).aggregate(
        residents_served=Count("intake_id", distinct=True),
        people_referred=Count(
            "intake_id", distinct=True, filter=legal & Q(disposition=ServiceRecord.Disposition.REFERRED)
        ),
        legal_matters=Count("pk", filter=legal),
        legal_outcomes=Count("pk", filter=legal & Q(outcome__in=ServiceRecord.LEGAL_OUTCOMES)),
    )
    attendance = Activity.objects.filter(date__gte=start.date(), date__lt=end.date()).aggregate(n=Sum("attendance"))
    return {**received, **records, "attendance": attendance["n"] or 0}


def _grant_counts(year: int) -> dict[str, int]:
    from grants.models import Award, ReportServiceCount

    awards = Award.objects.filter(award_date__year=year).aggregate(n=Count("pk"), amount=Sum("amount"))
    reach = ReportServiceCount.objects.filter(report__submitted_at__year=year).aggregate(n=Sum("individuals"))
    return {"grants_awarded": awards["n"], "grant_amount": int(awards["amount"] or 0), "grant_reach": reach["n"] or 0}


def _survey_figures(year: int, *, top_answers: bool = True, answered=None) -> dict:
    """The year's complete responses and, with `top_answers`, the answers named most often;
    `answered` is reports.sources.surveys.year_results(year) when the build has read it."""
    from programs.selectors import year_bounds
    from surveys.models import Question, Response

    from .surveys import year_results

    start, end = year_bounds(year)
    figures: dict = {
        "survey_responses": Response.objects.filter(
            finished_at__gte=start, finished_at__lt=end, status=Response.Status.COMPLETE
        ).count()
    }
    if not top_answers:
        return figures
    surveys, results = answered if answered is not None else year_results(year)
    for key, section in (("top_needs", "needs"), ("top_barriers", "barriers")):
        # The first survey (by opening date) with such a question wins.
        for survey in surveys:
            questions = [
                q
                for q in results[survey.pk]
                if q["report_section"] == section and q["kind"] == Question.Kind.MULTIPLE and q["respondents"]
            ]
            if questions:
                choices = [c for c in questions[0]["choices"] if c.get("code") not in NON_ANSWERS and c["count"]]
                choices.sort(key=lambda c: -c["count"])
                figures[key] = [str(c["label"]) for c in choices[:TOP_ANSWERS]]
                break
    return figures


def _counts(year: int, *, top_answers: bool = True, answered=None) -> dict:
    return {
        **_programme_counts(year),
        **_grant_counts(year),
        **_survey_figures(year, top_answers=top_answers, answered=answered),
    }


# Headlines that are the same figure as a table's (same definition, same count): they take
# that figure's key, so they read the same value or the same mark as the table.
SAME_FIGURE = {
    "requests_received": "programs/all/intakes",
    "attendance": "programs/all/attendance",
    "grant_reach": "grants/partners/all",
}


def _lone_count(value: int):
    """A count published on its own, with no total beside it: small means "fewer than N"."""
    return Suppressed(PRIMARY, threshold() + 1).as_json() if is_small(value) else value


def _relations(key: str, figure: str, known: set[str]) -> list[Relation]:
    """What a reader can infer between a headline that is a new total and the tables' figures,
    from the definitions stated in the methodology (only relations on figures published)."""
    from programs.models import ServiceRecord, ServiceType

    def present(keys):
        return tuple(k for k in keys if k in known)

    legal = sorted(ServiceType.objects.filter(is_legal=True).values_list("slug", flat=True))
    if key == "requests_answered":
        return [("ge", "programs/all/intakes", (figure,))]
    if key == "residents_served":
        # Each intake served is counted once here, once per service type in the tables.
        by_type = sorted(k for k in known if k.startswith("programs/all/individuals/"))
        relations: list[Relation] = [("ge", figure, (k,)) for k in by_type]
        if "programs/all/individuals" in known:
            relations.append(("le", figure, ("programs/all/individuals",)))
        return relations
    if key == "legal_matters":
        return [("eq", figure, present(f"programs/all/matters/{s}" for s in legal))]
    if key == "legal_outcomes":
        outcomes = [f"programs/all/outcomes/{s}/{o}" for s in legal for o in ServiceRecord.LEGAL_OUTCOMES]
        return [("eq", figure, present(outcomes))]
    if key == "people_referred":
        cells = sorted(k for k in known if k.startswith("programs/all/legal/") and k.endswith("/referred"))
        relations = [("ge", figure, (k,)) for k in cells if k != "programs/all/legal/referred"]
        if "programs/all/legal/referred" in known:
            relations.append(("le", figure, ("programs/all/legal/referred",)))
        return relations
    if key == "survey_responses":
        # Every respondent of a question is one of the year's complete responses.
        return [("ge", figure, (k,)) for k in sorted(known) if k.startswith("surveys/") and k.endswith("/respondents")]
    return []


def headline_table(year: int, tables: list[Table], *, answered=None) -> Table:
    """The headline counts as one more table for the report's disclosure plan (not printed as a
    table): a headline that is a table's figure shares its key, and one that is a new total
    enters with the relations a reader can see, so no subtraction across the summary, the
    tables, the CSV and the JSON recovers a small cell. Lists and dollars are not counts."""
    known = {count.key: count.value for table in tables for count in table.counts()}
    counts = _counts(year, answered=answered)
    rows, relations = [], []
    for key, (label, _definition) in HEADLINES.items():
        if key not in counts:
            continue
        value = counts[key]
        if key == "grant_amount" or isinstance(value, list):
            # Dollars and lists of answers are not counts of people: published as they are.
            rows.append({"label": str(label), "values": [value], "headline": key})
            continue
        figure = SAME_FIGURE.get(key, f"headlines/{key}")
        # The table's count of the same figure is the published one (one figure, one value).
        rows.append({"label": str(label), "values": [Figure(figure, known.get(figure, value))], "headline": key})
        relations += _relations(key, figure, known.keys())
    return Table(key="headlines", title="", columns=[""], rows=rows, relations=relations)


def previous_headlines(year: int, language: str) -> dict[str, object]:
    """Last year's headline values, as they were published.

    Last year's published report (any language, the newest version) is the source: a value it
    hid stays hidden, and nothing beside this year's figures reveals what it hid. Without one,
    last year's counts are published here for the first time, on their own, with no table to
    add them up against: they are suppressed as lone counts ("fewer than 11"). Dollars are
    never suppressed; lists are shown as they are.
    """
    from reports.models import AnnualReport

    reports = AnnualReport.objects.filter(year=year - 1, status=AnnualReport.Status.PUBLISHED).exclude(
        snapshot__isnull=True
    )
    if reports.exists():
        # The same language's report first: its lists of needs are in the reader's language.
        report = reports.filter(language=language).first() or reports.order_by("-published_at").first()
        return {
            f["key"]: f["value"]
            for f in (report.snapshot or {}).get("headlines", [])
            if f["unit"] != "list" or report.language == language
        }
    previous = {}
    for key, value in _counts(year - 1).items():
        if isinstance(value, list) or key == "grant_amount":
            previous[key] = value or None
        else:
            previous[key] = _lone_count(value) if value else None
    return previous


def headline_figures(year: int, published: dict, *, language: str) -> list[dict]:
    """Each headline with its value this year (from the report's plan: `published` is the
    headline table as published) and last year (None where last year has no data)."""
    last_year = previous_headlines(year, language)
    figures = []
    for row in published["rows"]:
        key = row["headline"]
        label, definition = HEADLINES[key]
        value = row["values"][0]
        unit = "list" if isinstance(value, list) else "dollars" if key == "grant_amount" else "count"
        figures.append(
            {
                "key": key,
                "label": str(label),
                "definition": str(definition),
                "unit": unit,
                "value": value,
                "figure": row["figures"][0],
                "previous": last_year.get(key),
                "previous_year": year - 1,
            }
        )
    return figures
