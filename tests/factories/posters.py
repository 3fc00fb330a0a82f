import factory

from posters.models import Poster, PosterStock


class PosterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Poster

    slug = factory.Sequence(lambda n: f"poster-{n}")
    title = factory.Sequence(lambda n: f"Poster {n}")
    title_en = factory.SelfAttribute("title")
    active = True


def poster_with_stock(stock: dict[str, int], **kwargs) -> Poster:
    poster = PosterFactory(**kwargs)
    for language, quantity in stock.items():
        PosterStock.objects.create(poster=poster, language=language, quantity=quantity)
    return poster


MAILED = {
    "recipient_type": "storefront",
    "delivery": "mail",
    "name": "Nadifa Warsame",
    "organization_name": "Warsame Grocery",
    "email": "nadifa.warsame@example.org",
    "phone": "617-555-0177",
    "address_line1": "210 Blue Hill Avenue",
    "address_line2": "Unit 3",
    "city": "Roxbury",
    "state": "MA",
    "postal_code": "02119",
}
