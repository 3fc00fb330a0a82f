"""Demo programmes and synthetic intakes for seed_demo (idempotent, reproducible).

Programmes, service and case types are upserted by slug. Synthetic intakes, services and
activities are drawn from a fixed random seed; their reference numbers are drawn first, and
if the first one already exists the volume was loaded before and is left as it is. Synthetic
people are obviously fake ("Demo Resident 0042", 617-555-01xx, @example.org).
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from demo.loading import SHARED, localized, read
from demo.marks import demo_partners
from directory.models import Neighborhood
from moia.office.models import StrategicPriority
from moia.office.services import office_profile_ensure
from programs.models import (
    REFERENCE_ALPHABET,
    Activity,
    CaseType,
    Intake,
    Program,
    ProgramCapacity,
    ServiceRecord,
    ServiceType,
)

# Countries of birth drawn for demo intakes: the most common ones, so the metrics have figures to show.
DEMO_COUNTRIES = [
    "br",
    "cn",
    "co",
    "cv",
    "do",
    "sv",
    "et",
    "gt",
    "ht",
    "hn",
    "in",
    "jm",
    "mx",
    "ng",
    "ru",
    "so",
    "vn",
    "other",
]

VOLUME = {"boston": 3000, "baltimore": 1000}
CASE_WEIGHTS = {
    "naturalization": 30,
    "family-petition": 18,
    "daca": 10,
    "tps": 12,
    "asylum": 12,
    "removal-defense": 6,
    "employment-green-card": 5,
    "other-immigration": 7,
}
LEGAL_OUTCOMES = [
    (ServiceRecord.Outcome.COUNSEL_AND_ADVICE, 55),
    (ServiceRecord.Outcome.LIMITED_ACTION, 25),
    (ServiceRecord.Outcome.AGENCY_DECISION, 10),
    (ServiceRecord.Outcome.NEGOTIATED_SETTLEMENT, 3),
    (ServiceRecord.Outcome.COURT_DECISION, 2),
    (ServiceRecord.Outcome.OTHER_LEGAL, 5),
]
OTHER_OUTCOMES = {
    "citizenship": [(ServiceRecord.Outcome.APPLICATION_SUBMITTED, 80), (ServiceRecord.Outcome.DID_NOT_COMPLETE, 20)],
    "course": [(ServiceRecord.Outcome.COMPLETED, 82), (ServiceRecord.Outcome.DID_NOT_COMPLETE, 18)],
    "youth": [(ServiceRecord.Outcome.COMPLETED, 85), (ServiceRecord.Outcome.DID_NOT_COMPLETE, 15)],
    "default": [(ServiceRecord.Outcome.INFORMATION_PROVIDED, 90), (ServiceRecord.Outcome.COMPLETED, 10)],
}
# Share of intakes by programme kind: legal help is most of the demand.
KIND_WEIGHT = {"legal": 50, "citizenship": 20, "course": 4, "youth": 6, "workshop": 6, "office-hours": 8}
LANGUAGE_WEIGHTS = {
    "boston": {
        "en": 18,
        "es": 30,
        "ht": 14,
        "zh-hans": 8,
        "zh-hant": 3,
        "vi": 6,
        "kea": 6,
        "pt-br": 8,
        "ru": 2,
        "ar": 2,
        "fr": 1,
        "so": 2,
    },
    "baltimore": {"en": 25, "es": 45, "fr": 8, "ar": 6, "zh-hans": 4, "vi": 3, "ru": 3, "so": 2, "ht": 2, "pt-br": 2},
}


def _pick(rng: random.Random, weighted) -> str:
    items = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
    return rng.choices([item for item, _w in items], weights=[w for _i, w in items])[0]


def seed(*, office: str, stdout) -> None:
    """Load the office's programmes and two calendar years of synthetic activity."""
    profile = office_profile_ensure(key=office)
    shared, content = read(SHARED, "programs"), read(office, "programs")
    with transaction.atomic():
        service_types = {
            item["slug"]: ServiceType.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "is_legal": item["is_legal"],
                    "order": order,
                    **localized("name", item["name"], default=True),
                },
            )[0]
            for order, item in enumerate(shared["service_types"])
        }
        case_types = {
            item["slug"]: CaseType.objects.update_or_create(
                slug=item["slug"],
                defaults={"lsc_problem_code": "81", "order": order, **localized("name", item["name"], default=True)},
            )[0]
            for order, item in enumerate(shared["case_types"])
        }
        partners = demo_partners(limit=6, fallback=shared["partners"])
        priorities = {p.code: p for p in StrategicPriority.objects.filter(office=profile)}
        programs = {}
        for order, spec in enumerate(content["programs"]):
            slug = spec["slug"]
            defaults = {
                "strategic_priority": priorities.get(spec["priority"]),
                "intake_open": True,
                "public_form_enabled": spec["form"],
                "asks_immigration_status": spec["asks_status"],
                "order": order,
                **localized("name", spec["name"], default=True),
                **localized("description", spec["description"], default=True),
            }
            if "form_title" in spec:
                defaults.update(localized("form_title", spec["form_title"], default=True))
            program, _created = Program.objects.update_or_create(slug=slug, defaults=defaults)
            program.service_types.set([service_types[s] for s in spec["services"]])
            program.partners.set(partners[order % len(partners) :][:2] or partners[:1])
            programs[slug] = (program, spec)
        hoods = [
            Neighborhood.objects.get_or_create(slug=slugify(name), defaults={"name": name, "order": 100 + i})[0]
            for i, name in enumerate(content["neighborhoods"])
        ]
        years = _years()
        for program, spec in programs.values():
            for year in years:
                for service_slug in spec["services"]:
                    ProgramCapacity.objects.update_or_create(
                        program=program,
                        year=year,
                        service_type=service_types[service_slug],
                        defaults={"capacity": _capacity(spec["kind"], office)},
                    )
        created = _synthetic(
            office=office,
            programs=list(programs.values()),
            service_types=service_types,
            case_types=case_types,
            partners=partners,
            hoods=hoods,
            years=years,
        )
    stdout.write(
        f"  programs: {len(programs)} programmes, {len(service_types)} service types, "
        f"{created['intakes']} new intakes, {created['records']} service records, {created['activities']} activities"
    )


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return [this_year - 2, this_year - 1]


def _capacity(kind: str, office: str) -> int:
    base = {"legal": 900, "citizenship": 450, "course": 60, "youth": 80, "workshop": 600, "office-hours": 300}
    factor = 1 if office == "boston" else 0.5
    return int(base.get(kind, 1000) * factor)


def _synthetic(*, office, programs, service_types, case_types, partners, hoods, years) -> dict:
    rng = random.Random(f"programs-demo-{office}")
    volume = VOLUME[office]
    references = []
    seen = set()
    while len(references) < volume:
        body = "".join(rng.choice(REFERENCE_ALPHABET) for _i in range(8))
        reference = f"P-{body[:4]}-{body[4:]}"
        if reference not in seen:
            seen.add(reference)
            references.append(reference)
    if Intake.objects.filter(reference=references[0]).exists():
        return {"intakes": 0, "records": 0, "activities": 0}

    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime(years[0], 1, 1, tzinfo=tz)
    span_seconds = int((datetime.datetime(years[-1] + 1, 1, 1, tzinfo=tz) - start).total_seconds())
    now = timezone.now()
    intake_programs = [(p, spec) for p, spec in programs if spec["kind"] in KIND_WEIGHT]
    weights = [KIND_WEIGHT[spec["kind"]] for _p, spec in intake_programs]
    languages = LANGUAGE_WEIGHTS[office]
    channels = {"online": 40, "phone": 30, "walk-in": 10, "event": 12, "partner": 8}
    age_ranges = dict.fromkeys(Intake.AgeRange.values, 1)
    intakes, plans = [], []
    for number, reference in enumerate(references, start=1):
        program, spec = rng.choices(intake_programs, weights=weights)[0]
        received = start + datetime.timedelta(seconds=rng.randrange(span_seconds))
        if received > now:
            received = now - datetime.timedelta(days=rng.randrange(1, 60))
        channel = _pick(rng, channels)
        intake = Intake(
            program=program,
            reference=reference,
            received_at=received,
            channel=channel,
            preferred_language=_pick(rng, languages),
            neighborhood=rng.choice(hoods) if rng.random() < 0.85 else None,
            name=f"Demo Resident {number:04d}",
            phone=f"617-555-01{number % 100:02d}",
            email=f"demo.resident.{number:04d}@example.org" if rng.random() < 0.6 else "",
            age_range=rng.choice(list(age_ranges)) if rng.random() < 0.8 else "",
            country_of_birth=rng.choice(DEMO_COUNTRIES) if rng.random() < 0.7 else "",
            gender=rng.choice(Intake.Gender.values) if rng.random() < 0.75 else "",
            household_size=rng.choice(Intake.HouseholdSize.values) if rng.random() < 0.6 else "",
            partner_organization=rng.choice(partners) if channel == "partner" else None,
            client_consent=channel == "partner",
        )
        if spec["asks_status"] and rng.random() < 0.5:
            intake.immigration_status = rng.choice(Intake.ImmigrationStatus.values)
        plan = _workflow(rng, intake, now)
        intakes.append(intake)
        plans.append((plan, spec))
    Intake.objects.bulk_create(intakes, batch_size=500)

    records = []
    for intake, (plan, spec) in zip(intakes, plans, strict=True):
        if plan is None:
            continue
        for service_slug in spec["services"][: 1 + (rng.random() < 0.15)]:
            service_type = service_types[service_slug]
            opened = (intake.screened_at + datetime.timedelta(days=rng.randrange(0, 14))).date()
            referred = plan == "referred" or (service_type.is_legal and rng.random() < 0.18)
            closed = opened + datetime.timedelta(days=rng.randrange(0, 120))
            done = closed <= timezone.localdate() and rng.random() < 0.9
            if service_type.is_legal:
                outcome = _pick(rng, LEGAL_OUTCOMES)
            else:
                outcome = _pick(rng, OTHER_OUTCOMES.get(spec["kind"], OTHER_OUTCOMES["default"]))
            records.append(
                ServiceRecord(
                    intake=intake,
                    service_type=service_type,
                    case_type=(
                        case_types["naturalization"]
                        if spec["kind"] == "citizenship"
                        else case_types[_pick(rng, CASE_WEIGHTS)]
                        if service_type.is_legal
                        else None
                    ),
                    opened_on=opened,
                    closed_on=closed if done else None,
                    outcome=outcome if done else "",
                    disposition=ServiceRecord.Disposition.REFERRED if referred else ServiceRecord.Disposition.DIRECT,
                    referred_to=rng.choice(partners) if referred else None,
                )
            )
    ServiceRecord.objects.bulk_create(records, batch_size=1000)
    activities = _activities(rng, programs, service_types, partners, years, now)
    Activity.objects.bulk_create(activities, batch_size=500)
    return {"intakes": len(intakes), "records": len(records), "activities": len(activities)}


def _workflow(rng: random.Random, intake: Intake, now) -> str | None:
    """Set status and screening on an unsaved intake; returns "served", "referred" or None."""
    age_days = (now - intake.received_at).days
    if age_days < 3 or rng.random() < 0.06:
        intake.status = Intake.Status.NEW if age_days < 3 else Intake.Status.SCREENING
        return None
    intake.screened_at = intake.received_at + datetime.timedelta(days=rng.randrange(0, min(10, age_days)))
    eligible = rng.random() < 0.88
    intake.screening_eligible = eligible
    if not eligible:
        intake.screening_reason = "Lives outside the city"
        intake.status = Intake.Status.NOT_ELIGIBLE
        plan = "referred" if rng.random() < 0.5 else None
        if plan:
            intake.status = Intake.Status.REFERRED
        return plan
    plan = "referred" if rng.random() < 0.12 else "served"
    intake.status = Intake.Status.SERVED if plan == "served" else Intake.Status.REFERRED
    if age_days > 90 and rng.random() < 0.75:
        intake.status = Intake.Status.CLOSED
        intake.closed_at = intake.screened_at + datetime.timedelta(days=rng.randrange(20, 90))
    return plan


def _activities(rng, programs, service_types, partners, years, now) -> list[Activity]:
    """Group events: how often each kind of programme meets, and how many come."""
    schedule = {
        # kind: (days between events, attendance range)
        "workshop": (14, (12, 60)),
        "office-hours": (30, (10, 45)),
        "corners": (30, (8, 35)),
        "webinar": (14, (25, 140)),
        "event": (365, (150, 900)),
        "citizenship": (365, (300, 450)),
        "course": (7, (18, 30)),
    }
    activities = []
    for program, spec in programs:
        if spec["kind"] not in schedule:
            continue
        every, (low, high) = schedule[spec["kind"]]
        service_type = service_types[spec["services"][0]]
        for year in years:
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(0, min(every, 200)))
            if spec["kind"] == "course":
                # Two 12-week cohorts a year (spring and fall), one session a week.
                dates = [
                    datetime.date(year, month, 7) + datetime.timedelta(weeks=w) for month in (2, 9) for w in range(12)
                ]
            else:
                dates = []
                while day.year == year:
                    dates.append(day)
                    day += datetime.timedelta(days=every)
            for date in dates:
                if date > now.date():
                    continue
                languages = ["en", *rng.sample(["es", "ht", "zh-hans", "vi", "kea", "pt-br", "ar", "so"], 2)]
                activities.append(
                    Activity(
                        program=program,
                        service_type=service_type,
                        title=f"{spec['name']['en']} {date:%Y-%m-%d}",
                        date=date,
                        attendance=rng.randint(low, high),
                        languages=languages,
                        partner=rng.choice(partners) if rng.random() < 0.5 else None,
                    )
                )
    return activities
