"""Demo events for seed_demo, with dates relative to the day they are loaded (idempotent).

Events are upserted by slug; an event that already has upcoming sessions keeps them, so seeding
twice adds nothing. Demo registrations are obviously fake ("Demo Resident 07", 617-555-01xx,
@example.org) and fill a few sessions, with a waitlist, so staff see a full session at once.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from demo.marks import demo_user_ensure
from directory.models import Location, Neighborhood, Service
from events.models import Event, Registration, Session
from moia.accounts.models import User
from programs.models import Program, ServiceType

LOCAL = ZoneInfo(settings.TIME_ZONE)

CITIZENSHIP_BRING = (
    "Your green card (front and back)\n"
    "Every address where you lived in the last 5 years\n"
    "Dates of every trip outside the U.S. in the last 5 years\n"
    "Your employers or schools in the last 5 years\n"
    "Marriage, divorce and children's information, if it applies\n"
    "Any arrest or court records, if you have them"
)
DISCLAIMER_NOTE = "Free 15-minute phone consultations with volunteer lawyers."

BPL_BRANCHES = {
    "bpl-east-boston": ("Boston Public Library \u2013 East Boston Branch", "365 Bremen Street", "02128", "East Boston"),
    "bpl-codman-square": (
        "Boston Public Library \u2013 Codman Square Branch",
        "690 Washington Street",
        "02124",
        "Dorchester",
    ),
}


def _day(offset_days: int, hour: int, minute: int = 0) -> datetime.datetime:
    today = timezone.localdate()
    return datetime.datetime.combine(today + datetime.timedelta(days=offset_days), datetime.time(hour, minute), LOCAL)


def _next_weekday(weekday: int, *, weeks_ahead: int = 0) -> int:
    """Days from today to the given weekday (0 = Monday), at least one day ahead."""
    today = timezone.localdate()
    return ((weekday - today.weekday() - 1) % 7) + 1 + 7 * weeks_ahead


def _branch(slug: str) -> Location:
    location = Location.objects.filter(slug=slug).first()
    if location is not None:
        return location
    name, street, postal, hood = BPL_BRANCHES[slug]
    return Location.objects.create(
        slug=slug,
        name=name,
        address_1=street,
        city="Boston",
        state_province="MA",
        postal_code=postal,
        neighborhood=Neighborhood.objects.filter(name=hood).first(),
        accessibility="Step-free entrance and an accessible restroom.",
    )


def _event(slug: str, **fields) -> Event:
    titles = fields.pop("titles")
    localized = {f"title_{code.replace('-', '_')}": text for code, text in titles.items()}
    summary = fields.pop("summary", "")
    event, _created = Event.objects.update_or_create(
        slug=slug,
        defaults={
            "title": titles["en"],
            **localized,
            "summary": summary,
            "summary_en": summary,
            "is_published": True,
            **fields,
        },
    )
    return event


def _sessions(event: Event, starts: list[datetime.datetime], *, minutes: int, capacity: int, **extra) -> list[Session]:
    if event.sessions.filter(starts_at__gt=timezone.now(), **extra).exists():
        return []
    return Session.objects.bulk_create(
        Session(
            event=event,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=minutes),
            capacity=capacity,
            **extra,
        )
        for start in starts
    )


def _fill(session: Session, *, confirmed: int, waitlisted: int, start: int) -> None:
    now = timezone.now()
    for n in range(confirmed + waitlisted):
        number = start + n
        Registration.objects.create(
            session=session,
            name=f"Demo Resident {number:02d}",
            phone=f"+1617555{100 + number % 100:04d}",
            email=f"demo-resident-{number:02d}@example.org",
            language=["es", "ht", "vi", "pt-br", "so", "ar"][number % 6],
            status=Registration.Status.CONFIRMED if n < confirmed else Registration.Status.WAITLISTED,
            waitlisted_at=None if n < confirmed else now + datetime.timedelta(seconds=n),
        )


def _lawyer(email: str, first: str, last: str) -> User:
    # Staff accounts in the Session hosts role only (no admin permissions): they publish slots and
    # see their own bookings at /events/host/ once they have set a password and a second factor.
    from moia.accounts.roles import SESSION_HOSTS

    return demo_user_ensure(email, staff=True, group=SESSION_HOSTS, full_name=f"{first} {last}")


def _program(slug: str):
    return Program.objects.filter(slug=slug).first()


def _service(slug: str):
    return Service.objects.filter(slug=slug).first()


def _service_type(slug: str):
    return ServiceType.objects.filter(slug=slug).first()


@transaction.atomic
def seed(*, office: str, stdout) -> None:
    created = _seed_boston() if office == "boston" else _seed_baltimore()
    stdout.write(f"events: {Event.objects.count()} events, {created} new sessions")


def _seed_boston() -> int:
    created = 0
    city_hall = Location.objects.filter(slug="boston-city-hall").first()
    # Citizenship Day: 30-minute appointments across a Saturday, six volunteers at once.
    citizenship = _event(
        "citizenship-day",
        titles={
            "en": "Citizenship Day",
            "es": "Día de la Ciudadanía",
            "ht": "Jounen Sitwayènte",
            "vi": "Ngày Quốc tịch",
        },
        summary="Start your U.S. citizenship application for free with volunteer lawyers.",
        category=Event.Category.CITIZENSHIP_DAY,
        format=Event.Format.IN_PERSON,
        booking=Event.Booking.SLOTS,
        location=city_hall,
        languages=["en", "es", "ht", "zh-hans", "vi", "pt-br", "kea", "so", "ar"],
        what_to_bring=CITIZENSHIP_BRING,
        what_to_bring_en=CITIZENSHIP_BRING,
        program=_program("citizenship-day"),
        service=_service("citizenship-day"),
        service_type=_service_type("citizenship-application"),
    )
    saturday = _next_weekday(5, weeks_ahead=2)
    slots = [_day(saturday, 9) + datetime.timedelta(minutes=30 * n) for n in range(14)]
    new = _sessions(citizenship, slots, minutes=30, capacity=6)
    created += len(new)
    if new:
        _fill(new[0], confirmed=6, waitlisted=0, start=1)
    # Phone consultations: two volunteer lawyers' 15-minute slots over the next weeks.
    consultations = _event(
        "phone-immigration-consultations",
        titles={"en": "Free phone immigration consultation", "es": "Consulta migratoria gratuita por teléfono"},
        summary=(
            "15 minutes on the phone with a volunteer immigration lawyer, free. "
            "Please read the City's disclaimer before you book."
        ),
        category=Event.Category.CONSULTATION,
        format=Event.Format.PHONE,
        booking=Event.Booking.SLOTS,
        requires_disclaimer=True,
        languages=["en", "es"],
        interpretation=["ht", "pt-br", "vi", "zh-hans", "so", "ar"],
        program=_program("phone-immigration-consultations"),
        service=_service("phone-immigration-consultations"),
        service_type=_service_type("legal-consultation"),
    )
    lawyers = [
        (_lawyer("volunteer.lawyer1@example.org", "Maria", "Alvarez"), 1, 17),  # Tuesdays 5 pm
        (_lawyer("volunteer.lawyer2@example.org", "Daniel", "Okafor"), 3, 12),  # Thursdays noon
    ]
    for lawyer, weekday, hour in lawyers:
        starts = [
            _day(_next_weekday(weekday, weeks_ahead=week), hour) + datetime.timedelta(minutes=15 * n)
            for week in range(4)
            for n in range(6)
        ]
        new = _sessions(consultations, starts, minutes=15, capacity=1, host=lawyer)
        created += len(new)
        if new:
            _fill(new[0], confirmed=1, waitlisted=0, start=10 + weekday)
    # Monthly community office hours at two library branches.
    for slug, weekday in (("bpl-east-boston", 2), ("bpl-codman-square", 3)):
        branch = _branch(slug)
        hood = {"bpl-east-boston": "East Boston", "bpl-codman-square": "Codman Square"}[slug]
        event = _event(
            f"office-hours-{slug}",
            titles={"en": f"Community office hours: {hood}", "es": f"Horario de atención comunitaria: {hood}"},
            summary="Meet the office's staff at the library and get connected to City services. No appointment needed.",
            category=Event.Category.OFFICE_HOURS,
            location=branch,
            languages=["en", "es"],
            interpretation=["ht", "pt-br", "vi"],
            program=_program("monthly-community-office-hours"),
            service=_service("community-office-hours"),
            service_type=_service_type("information-referral"),
        )
        starts = [_day(_next_weekday(weekday, weeks_ahead=4 * month), 14) for month in range(3)]
        created += len(_sessions(event, starts, minutes=120, capacity=40))
    # Know Your Rights trainings in Spanish and in Haitian Creole.
    kyr_place = Location.objects.filter(slug="bcyf-paris-street").first() or city_hall
    for slug, language, titles, day in (
        (
            "kyr-training-spanish",
            "es",
            {"en": "Know Your Rights training (in Spanish)", "es": "Taller Conozca sus derechos"},
            _next_weekday(2, weeks_ahead=1),
        ),
        (
            "kyr-training-haitian-creole",
            "ht",
            {"en": "Know Your Rights training (in Haitian Creole)", "ht": "Fòmasyon Konnen dwa ou"},
            _next_weekday(4, weeks_ahead=1),
        ),
    ):
        event = _event(
            slug,
            titles=titles,
            summary="What to do if immigration agents come to your home, your work or stop you in the street.",
            category=Event.Category.TRAINING,
            location=kyr_place,
            languages=[language],
            program=_program("know-your-rights-workshops"),
            service=_service("mira-know-your-rights-trainings"),
            service_type=_service_type("know-your-rights"),
        )
        new = _sessions(event, [_day(day, 18)], minutes=90, capacity=12)
        created += len(new)
        if new and language == "es":
            _fill(new[0], confirmed=12, waitlisted=3, start=20)  # full, with a waitlist
    # A Pathway for Immigrant Workers information session.
    piw = _event(
        "piw-information-session",
        titles={
            "en": "Pathway for Immigrant Workers: information session",
            "es": "Pathway for Immigrant Workers: sesión informativa",
        },
        summary="Green card sponsorship for low-wage immigrant workers: who qualifies and how it works.",
        category=Event.Category.INFO_SESSION,
        location=Location.objects.filter(slug="bpl-central").first() or city_hall,
        languages=["en"],
        interpretation=["es", "pt-br", "ht"],
        program=_program("pathway-for-immigrant-workers"),
        service=_service("piw-green-card-information-sessions"),
        service_type=_service_type("information-referral"),
    )
    created += len(_sessions(piw, [_day(_next_weekday(1, weeks_ahead=2), 18)], minutes=60, capacity=30))
    # Two community response webinars.
    for slug, titles, day in (
        ("webinar-community-response", {"en": "Community response webinar"}, _next_weekday(0, weeks_ahead=1)),
        (
            "webinar-know-your-benefits",
            {"en": "Webinar: public benefits and immigration"},
            _next_weekday(0, weeks_ahead=3),
        ),
    ):
        event = _event(
            slug,
            titles=titles,
            summary="An hour online with the office and partners, with time for your questions.",
            category=Event.Category.WEBINAR,
            format=Event.Format.ONLINE,
            online_url="https://example.org/webinar",
            languages=["en"],
            interpretation=["es", "ht", "zh-hans", "vi"],
            program=_program("covid-19-response-webinars"),
            service=_service("community-response-webinars"),
            service_type=_service_type("information-referral"),
        )
        created += len(_sessions(event, [_day(day, 12)], minutes=60, capacity=300))
    return created


def _seed_baltimore() -> int:
    created = 0
    hub = Location.objects.filter(slug="highlandtown-newcomer-hub").first()
    consult = _event(
        "baltimore-immigration-consultations",
        titles={"en": "Free immigration legal consultation", "es": "Consulta legal migratoria gratuita"},
        summary="A 30-minute consultation with a partner immigration attorney.",
        category=Event.Category.CONSULTATION,
        format=Event.Format.IN_PERSON,
        booking=Event.Booking.SLOTS,
        requires_disclaimer=True,
        location=Location.objects.filter(slug="fallsway-mount-vernon").first() or hub,
        languages=["en", "es"],
        program=_program("baltimore-immigration-legal-consultations"),
        service=_service("fallsway-immigration-consultations"),
        service_type=_service_type("legal-consultation"),
    )
    starts = [
        _day(_next_weekday(2, weeks_ahead=week), 10) + datetime.timedelta(minutes=30 * n)
        for week in range(3)
        for n in range(6)
    ]
    new = _sessions(consult, starts, minutes=30, capacity=1)
    created += len(new)
    if new:
        _fill(new[0], confirmed=1, waitlisted=0, start=40)
    welcome = _event(
        "baltimore-new-americans-welcome",
        titles={"en": "New Americans welcome night", "es": "Noche de bienvenida para nuevos estadounidenses"},
        summary="Meet the office, partners and neighbours; learn about city services.",
        category=Event.Category.COMMUNITY,
        location=hub,
        languages=["en", "es"],
        interpretation=["fr", "ar"],
        program=_program("baltimore-welcoming-events"),
        service=_service("mima-new-americans-welcome"),
        service_type=_service_type("information-referral"),
    )
    new = _sessions(welcome, [_day(_next_weekday(3, weeks_ahead=1), 18)], minutes=120, capacity=10)
    created += len(new)
    if new:
        _fill(new[0], confirmed=10, waitlisted=2, start=50)
    kyr = _event(
        "baltimore-know-your-rights",
        titles={"en": "Know Your Rights workshop", "es": "Taller Conozca sus derechos"},
        summary="What to do if immigration agents come to your door.",
        category=Event.Category.TRAINING,
        location=Location.objects.filter(slug="patterson-park-community-room").first() or hub,
        languages=["es"],
        program=_program("baltimore-welcoming-events"),
        service=_service("fallsway-know-your-rights-workshops"),
        service_type=_service_type("know-your-rights"),
    )
    created += len(_sessions(kyr, [_day(_next_weekday(5, weeks_ahead=2), 11)], minutes=90, capacity=25))
    return created
