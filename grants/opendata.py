"""Awarded grants in the 360Giving Data Standard (https://standard.threesixtygiving.org/)."""

from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from moia import csvio

from . import selectors
from .models import Award

# An org-id.guide style prefix for the funder; the city has no charity or company number.
PREFIX = "360G-moia"


def _funder() -> dict:
    from moia.office.selectors import office_profile_current

    office = office_profile_current()
    return {"id": f"XI-US-{settings.OFFICE_PROFILE}-immigrant-advancement", "name": str(office.name)}


def _recipient(award: Award) -> dict:
    organization = award.application.organization
    profile = getattr(organization, "grant_profile", None)
    recipient = {
        # US nonprofits are identified by their EIN (org-id.guide list US-EIN).
        "id": f"US-EIN-{organization.tax_id}" if organization.tax_id else f"{PREFIX}-org-{organization.slug}",
        "name": organization.name,
    }
    if profile and profile.city:
        recipient.update({"addressLocality": profile.city, "addressRegion": profile.state, "addressCountry": "US"})
    return recipient


def _midnight(day) -> str:
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


def grant_record(award: Award, *, context: dict | None = None) -> dict:
    """One award as a 360Giving grant; `context` carries what is shared by every grant of a package."""
    context = context if context is not None else _context()
    application = award.application
    cycle = application.cycle
    if cycle.slug not in context["programme_urls"]:
        context["programme_urls"][cycle.slug] = settings.SITE_URL + reverse("grants:cycle_detail", args=[cycle.slug])
    return {
        "id": f"{PREFIX}-{settings.OFFICE_PROFILE}-{award.pk}",
        "title": application.title or cycle.title,
        "description": application.summary or application.title or cycle.title,
        "currency": "USD",
        "amountAwarded": float(award.amount),
        # A full date-time: the schema's oneOf accepts a bare date only when a validator
        # cannot check the date-time format, so a date-time is valid under every validator.
        "awardDate": _midnight(award.award_date),
        "recipientOrganization": [_recipient(award)],
        "fundingOrganization": [context["funder"]],
        "grantProgramme": [
            {
                "code": cycle.slug,
                "title": f"{cycle.title}: {application.stream.title}",
                "url": context["programme_urls"][cycle.slug],
            }
        ],
        "fromOpenCall": "Yes",
        "dataSource": context["data_source"],
    }


def _context() -> dict:
    return {
        "funder": _funder(),
        "data_source": settings.SITE_URL + reverse("grants_open_data_json"),
        "programme_urls": {},
    }


def grant_records(awards) -> list[dict]:
    context = _context()
    return [grant_record(award, context=context) for award in awards]


def package_360giving() -> dict:
    """A 360Giving data package of every published award."""
    context = _context()
    return {
        "version": "1.4",
        "title": "Grants awarded",
        "grants": [
            grant_record(award, context=context) for award in selectors.awards_open_data().order_by("award_date", "pk")
        ],
    }


CSV_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Recipient Org:City", lambda g: g["recipientOrganization"][0].get("addressLocality", "")),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("From an open call?", lambda g: g["fromOpenCall"]),
]


def csv_360giving() -> str:
    """The same grants in 360Giving's flat CSV column titles."""
    rows = [[getter(grant) for _title, getter in CSV_COLUMNS] for grant in package_360giving()["grants"]]
    return csvio.csv_text([[title for title, _getter in CSV_COLUMNS], *rows], lineterminator="\r\n")
