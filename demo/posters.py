"""Demo posters for seed_demo (Boston's City of Belonging campaign): two designs with stock in
most languages (Traditional Chinese out of stock, to show the refusal), and a few orders in
each state of the queue with obviously fake recipients (example.org, 617-555-01xx).
Idempotent: posters by slug, stock by (poster, language), orders only when there are none."""

from django.db import transaction

from demo.loading import localized, read
from posters.models import Poster, PosterOrder, PosterStock
from posters.services import poster_order_place, poster_order_transition


def seed(*, office: str, stdout) -> None:
    """Load the posters, their stock and a few orders (Boston only: the campaign is Boston's)."""
    if office != "boston":
        stdout.write("posters: none for this office")
        return
    from library.models import Document

    artwork = Document.objects.filter(slug="city-of-belonging-poster").first()
    content = read(office, "posters")
    with transaction.atomic():
        posters = []
        for order, spec in enumerate(content["posters"]):
            poster, _created = Poster.objects.update_or_create(
                slug=spec["slug"],
                defaults={
                    "order": order,
                    "size": spec["size"],
                    "artwork": artwork,
                    "active": True,
                    **localized("title", spec["title"], default=True),
                    **localized("description", spec["description"], default=True),
                },
            )
            posters.append(poster)
            # Traditional Chinese has none in stock, to show the refusal.
            for language, quantity in content["stock"].items():
                PosterStock.objects.get_or_create(poster=poster, language=language, defaults={"quantity": quantity})
        if not PosterOrder.objects.exists():
            _orders(posters)
    stdout.write(f"posters: {Poster.objects.count()} posters, {PosterOrder.objects.count()} orders")


def _orders(posters) -> None:
    welcome, sign = posters
    mail = {
        "delivery": PosterOrder.Delivery.MAIL,
        "address_line1": "1 Demo Street",
        "city": "Boston",
        "state": "MA",
        "postal_code": "02128",
    }
    specs = [
        ("home", mail, [(welcome, "es", 2)], "es", []),
        ("storefront", mail, [(welcome, "vi", 3), (sign, "en", 1)], "vi", ["packed"]),
        (
            "organization",
            {"delivery": PosterOrder.Delivery.PICKUP},
            [(welcome, "so", 10), (welcome, "ar", 5)],
            "so",
            [],
        ),
        ("home", mail, [(welcome, "ht", 1)], "ht", ["packed", "sent"]),
        (
            "organization",
            {"delivery": PosterOrder.Delivery.PICKUP},
            [(sign, "pt-br", 4)],
            "pt-br",
            ["packed", "picked_up"],
        ),
    ]
    for number, (recipient, delivery, lines, language, steps) in enumerate(specs, start=1):
        order = poster_order_place(
            lines=lines,
            data={
                "recipient_type": recipient,
                "name": f"Demo Resident {number:04d}",
                "organization_name": "Demo Community Center" if recipient == "organization" else "",
                "phone": f"617-555-01{number:02d}",
                "email": f"demo-poster-{number}@example.org",
                **delivery,
            },
            language=language,
        )
        for step in steps:
            poster_order_transition(order=order, to_status=step)
