"""Demo grants: City of Belonging (open), the 2020 mini-grants (20 awards, $100,000), the Dreamers
fellowship, demo nonprofits with drafts, submitted, awarded and declined applications, reviews
and grantee reports. Idempotent: everything is keyed by slug, email or (cycle, organization)."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from demo.loading import SHARED, localized, read
from demo.marks import demo_organization_ensure, demo_user_ensure
from grants.models import (
    Application,
    Award,
    BudgetLine,
    Decision,
    Document,
    FundingStream,
    GrantCycle,
    OrganizationMembership,
    OrganizationProfile,
    ReportServiceCount,
    ReviewAssignment,
    RubricCriterion,
    Score,
    ServiceType,
)
from grants.services import award_create
from moia.accounts.roles import GRANT_MANAGERS, GRANT_REVIEWERS

NEW_YORK = ZoneInfo("America/New_York")

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/MediaBox[0 0 612 792]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _cycle(slug: str, office: str, **fields) -> GrantCycle:
    """A cycle with its office's title and summary and the texts every cycle shares."""
    texts, shared = read(office, "grants")["cycles"][slug], read(SHARED, "grants")
    fields.update(localized("title", texts["title"]) | localized("summary", texts["summary"]))
    for field in ("eligibility", "required_documents", "scoring_criteria"):
        fields.update(localized(field, shared[field]))
    cycle, _created = GrantCycle.objects.update_or_create(slug=slug, defaults={"office": office, **fields})
    return cycle


def _streams(cycle: GrantCycle, slugs: list[str], limits: dict | None = None) -> list[FundingStream]:
    streams = []
    for order, slug in enumerate(slugs):
        stream, _created = FundingStream.objects.update_or_create(
            cycle=cycle,
            slug=slug,
            defaults={"order": order, **localized("title", read(SHARED, "grants")["streams"][slug]), **(limits or {})},
        )
        streams.append(stream)
    return streams


def _criteria(cycle: GrantCycle) -> list[RubricCriterion]:
    criteria = []
    for order, item in enumerate(read(SHARED, "grants")["criteria"]):
        criterion, _created = RubricCriterion.objects.update_or_create(
            cycle=cycle, order=order, defaults={"weight": Decimal(item["weight"]), **localized("name", item["name"])}
        )
        criteria.append(criterion)
    return criteria


def _organization(index: int, name: str, languages: str, communities: str, *, sponsored: bool = False):
    organization = demo_organization_ensure(
        slug=f"demo-nonprofit-{index}",
        name=name,
        tax_id="" if sponsored else f"04-{3100000 + index}",
        tax_status="" if sponsored else "501(c)(3)",
        email=f"demo-nonprofit-{index}@example.org",
        description=f"Demo organization serving {communities.lower()}.",
    )
    OrganizationProfile.objects.update_or_create(
        organization=organization,
        defaults={
            "eligibility_path": "fiscal_sponsor" if sponsored else "nonprofit",
            "street_address": f"{10 + index} Demo Street",
            "city": "Boston",
            "state": "MA",
            "postal_code": "02119",
            "mission": f"We help {communities.lower()} feel at home and thrive.",
            "languages_served": languages,
            "communities_served": communities,
            "fiscal_sponsor_name": "Demo Community Foundation" if sponsored else "",
            "fiscal_sponsor_ein": "04-3999999" if sponsored else "",
            "sponsor_signoff_by": "Executive Director" if sponsored else "",
            "sponsor_signoff_at": date(2025, 1, 15) if sponsored else None,
        },
    )
    return organization


def _application(
    cycle, stream, organization, *, status, language="en", title, budget, by=None, now=None
) -> Application:
    application, created = Application.objects.get_or_create(
        cycle=cycle,
        organization=organization,
        defaults={
            "stream": stream,
            "status": status,
            "language": language,
            "title": title,
            "summary": f"{title}: a project by and for the communities it serves.",
            "description": "Weekly sessions at neighborhood libraries and community centers, with interpreters.",
            "communities_served": organization.grant_profile.communities_served,
            "languages_served": organization.grant_profile.languages_served,
            "individuals_expected": 120,
            "outcomes": "Residents know their rights, where to get legal help, and how to plan for their families.",
            "created_by": by,
            "submitted_at": now if status != Application.Status.DRAFT else None,
        },
    )
    if created:
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(application=application, category="Staff", amount=budget * Decimal("0.6")),
                BudgetLine(application=application, category="Interpretation", amount=budget * Decimal("0.3")),
                BudgetLine(application=application, category="Materials", amount=budget * Decimal("0.1")),
            ]
        )
        if status != Application.Status.DRAFT:
            kind = (
                "sponsor_agreement" if organization.grant_profile.eligibility_path == "fiscal_sponsor" else "irs_letter"
            )
            document = Document(
                application=application,
                kind=kind,
                original_name="letter.pdf",
                content_type="application/pdf",
                size=len(MINIMAL_PDF),
            )
            document.file.save("upload.pdf", ContentFile(MINIMAL_PDF), save=False)
            document.save()
    return application


def _reviews(application, reviewers, criteria, rng) -> None:
    for reviewer in reviewers:
        assignment, created = ReviewAssignment.objects.get_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"conflict_declared": False, "declared_at": timezone.now()},
        )
        if created:
            Score.objects.bulk_create(
                [Score(assignment=assignment, criterion=c, value=rng.randint(2, 5)) for c in criteria]
            )


def _decide(application, *, outcome, amount=None, reason="", award_date=None, manager=None) -> None:
    Decision.objects.get_or_create(
        application=application,
        defaults={
            "outcome": outcome,
            "amount": amount,
            "reason": reason,
            "decided_by": manager,
            "notified_at": timezone.now(),
        },
    )
    if outcome == "award" and not Award.objects.filter(application=application).exists():
        award_create(application=application, amount=amount, award_date=award_date)


def _report_filed(award: Award, rng) -> None:
    report = award.reports.order_by("due_on").first()
    if report is None or report.submitted_at:
        return
    report.activities = "Twelve workshops, two family-preparedness clinics and weekly office hours."
    report.outcomes = "Participants made family emergency plans; many were referred to free legal help."
    report.narrative = "Partners in the neighborhood shared the workshops in their own languages."
    report.submitted_at = timezone.make_aware(datetime.combine(report.due_on, datetime.min.time()))
    report.save()
    ReportServiceCount.objects.bulk_create(
        [
            ReportServiceCount(report=report, service_type=kind, individuals=rng.randint(15, 140))
            for kind in rng.sample([k for k, _l in ServiceType.choices], 3)
        ]
    )


def _boston(stdout) -> None:
    rng = random.Random(6)  # reproducible scores and counts
    content = read("boston", "grants")
    now = timezone.now()
    manager = demo_user_ensure("grants-manager@example.org", staff=True, group=GRANT_MANAGERS)
    reviewers = [
        demo_user_ensure(f"grants-reviewer-{i}@example.org", staff=True, group=GRANT_REVIEWERS) for i in (1, 2)
    ]

    belonging = _cycle(
        "city-of-belonging",
        "boston",
        year=now.year,
        total_pool=Decimal("500000"),
        min_award=Decimal("5000"),
        max_award=Decimal("25000"),
        # Open in the demo whatever day it is loaded.
        opens_at=now - timedelta(days=14),
        closes_at=now + timedelta(days=45),
    )
    streams = _streams(belonging, ["directly-impacted", "programming", "language-legal-access"])
    criteria = _criteria(belonging)

    orgs = [
        _organization(i + 1, name, langs, comms, sponsored=i == 3)
        for i, (name, langs, comms) in enumerate(content["nonprofits"])
    ]
    owners = []
    for i, organization in enumerate(orgs[:4]):
        owner = demo_user_ensure(f"demo-nonprofit-{i + 1}@example.org")
        OrganizationMembership.objects.get_or_create(user=owner, organization=organization, defaults={"role": "owner"})
        owners.append(owner)
    editor = demo_user_ensure("demo-nonprofit-1-editor@example.org")
    OrganizationMembership.objects.get_or_create(user=editor, organization=orgs[0], defaults={"role": "editor"})

    _application(
        belonging,
        streams[2],
        orgs[0],
        status="draft",
        language="ht",
        title="Know Your Rights in Kreyòl",
        budget=Decimal("15000"),
        by=owners[0],
    )
    submitted = _application(
        belonging,
        streams[2],
        orgs[1],
        status="under_review",
        language="es",
        title="Clínica legal de los sábados",
        budget=Decimal("20000"),
        by=owners[1],
        now=now,
    )
    _reviews(submitted, reviewers, criteria, rng)
    second = _application(
        belonging,
        streams[1],
        orgs[2],
        status="under_review",
        language="vi",
        title="Intergenerational story circles",
        budget=Decimal("12000"),
        by=owners[2],
        now=now,
    )
    _reviews(second, reviewers, criteria, rng)
    _application(
        belonging,
        streams[0],
        orgs[3],
        status="submitted",
        language="so",
        title="Family preparedness nights",
        budget=Decimal("8000"),
        by=owners[3],
        now=now,
    )

    mini = _cycle(
        "mini-grants-2020",
        "boston",
        year=2020,
        total_pool=Decimal("100000"),
        min_award=Decimal("5000"),
        max_award=Decimal("5000"),
        opens_at=datetime(2020, 6, 1, 9, tzinfo=NEW_YORK),
        closes_at=datetime(2020, 7, 15, 17, tzinfo=NEW_YORK),
    )
    [mini_stream] = _streams(mini, ["community-mini-grant"])
    mini_criteria = _criteria(mini)
    mini_orgs = orgs + [
        _organization(index, f"Demo Neighborhood Group {index}", "Spanish, Haitian Creole", "Immigrant neighbors")
        for index in range(7, 23)
    ]
    for position, organization in enumerate(mini_orgs):
        awarded = position < 20
        application = _application(
            mini,
            mini_stream,
            organization,
            status="awarded" if awarded else "declined",
            title=f"Community mini-grant project in {content['places'][position % len(content['places'])]}",
            budget=Decimal("5000"),
            now=mini.closes_at - timedelta(days=2),
        )
        _reviews(application, reviewers[:1], mini_criteria, rng)
        if awarded:
            _decide(application, outcome="award", amount=Decimal("5000"), award_date=date(2020, 9, 1), manager=manager)
            _report_filed(application.award, rng)
        else:
            _decide(application, outcome="decline", reason="The pool was fully committed.", manager=manager)

    dreamers = _cycle(
        "dreamers-fellowship",
        "boston",
        year=now.year,
        total_pool=Decimal("150000"),
        min_award=Decimal("10000"),
        max_award=Decimal("30000"),
        opens_at=now + timedelta(days=10),
        closes_at=now + timedelta(days=60),
    )
    _streams(dreamers, ["fellowship-hosts"])
    _criteria(dreamers)
    stdout.write(f"  grants: 3 cycles, {len(mini_orgs)} demo nonprofits, {Application.objects.count()} applications")


def _baltimore(stdout) -> None:
    now = timezone.now()
    cycle = _cycle(
        "welcoming-baltimore",
        "baltimore",
        year=now.year,
        total_pool=Decimal("50000"),
        min_award=Decimal("2500"),
        max_award=Decimal("10000"),
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=30),
    )
    _streams(cycle, ["community-well-being"])
    _criteria(cycle)
    stdout.write("  grants: 1 cycle")


def seed(*, office: str, stdout) -> None:
    """Load the office's demo grants (idempotent)."""
    with transaction.atomic():
        if office == "baltimore":
            _baltimore(stdout)
        else:
            _boston(stdout)
