# ruff: noqa: RUF001 -- the demo texts use each script's own punctuation (full-width colons in Chinese)
"""Demo posters for seed_demo (Boston's City of Belonging campaign): two designs with stock in
most languages (Traditional Chinese out of stock, to show the refusal), and a few orders in
each state of the queue with obviously fake recipients (example.org, 617-555-01xx).
Idempotent: posters by slug, stock by (poster, language), orders only when there are none."""

from django.db import transaction

from .models import Poster, PosterOrder, PosterStock
from .services import poster_order_place, poster_order_transition

WELCOME = {
    "en": "Everyone belongs here",
    "es": "Aquí todos pertenecemos",
    "zh-hans": "这里欢迎每一个人",
    "zh-hant": "這裡歡迎每一個人",
    "ht": "Tout moun gen plas yo isit la",
    "vi": "Ai cũng thuộc về nơi đây",
    "kea": "Tudu algen ta pertense li",
    "pt-br": "Aqui todos pertencem",
    "ru": "Здесь рады каждому",
    "ar": "هنا مكان للجميع",
    "fr": "Ici, chacun a sa place",
    "so": "Qof walba halkan wuu ka mid yahay",
}
WELCOME_TEXT = {
    "en": "The first-edition City of Belonging poster for windows and walls.",
    "es": "El cartel de la primera edición de City of Belonging para ventanas y paredes.",
    "zh-hans": "第一版 City of Belonging 海报，适合张贴在窗户和墙上。",
    "zh-hant": "第一版 City of Belonging 海報，適合張貼在窗戶和牆上。",
    "ht": "Premye edisyon afich City of Belonging pou fenèt ak mi.",
    "vi": "Áp phích City of Belonging ấn bản đầu tiên để dán cửa sổ và tường.",
    "kea": "Kartaz di purmeru edison di City of Belonging pa janela y paredi.",
    "pt-br": "O cartaz da primeira edição da City of Belonging para janelas e paredes.",
    "ru": "Плакат City of Belonging первого выпуска для окон и стен.",
    "ar": "ملصق الإصدار الأول من City of Belonging للنوافذ والجدران.",
    "fr": "L'affiche City of Belonging de première édition, pour les vitrines et les murs.",
    "so": "Boodhka daabacaaddii koowaad ee City of Belonging ee daaqadaha iyo darbiyada.",
}
LANGUAGES_SIGN = {
    "en": "Welcome in many languages",
    "es": "Bienvenidos en muchos idiomas",
    "zh-hans": "多种语言的欢迎",
    "zh-hant": "多種語言的歡迎",
    "ht": "Byenveni nan anpil lang",
    "vi": "Chào mừng bằng nhiều ngôn ngữ",
    "kea": "Benvindu na txeu lingua",
    "pt-br": "Boas-vindas em muitos idiomas",
    "ru": "Добро пожаловать на многих языках",
    "ar": "أهلاً بكم بلغات كثيرة",
    "fr": "Bienvenue en plusieurs langues",
    "so": "Soo dhawoow luqado badan",
}
STOCK = {
    "en": 200, "es": 150, "zh-hans": 80, "zh-hant": 0, "ht": 100, "vi": 60,
    "kea": 40, "pt-br": 50, "ru": 20, "ar": 25, "fr": 20, "so": 30,
}  # fmt: skip


def _localized(field: str, values: dict) -> dict:
    return {f"{field}_{code.replace('-', '_')}": text for code, text in values.items()} | {field: values["en"]}


def seed(*, office: str, stdout) -> None:
    """Load the posters, their stock and a few orders (Boston only: the campaign is Boston's)."""
    if office != "boston":
        stdout.write("posters: none for this office")
        return
    from library.models import Document

    artwork = Document.objects.filter(slug="city-of-belonging-poster").first()
    with transaction.atomic():
        posters = []
        for order, (slug, title, text, size) in enumerate(
            [
                ("everyone-belongs-here", WELCOME, WELCOME_TEXT, "11 x 17 in"),
                (
                    "welcome-in-many-languages",
                    LANGUAGES_SIGN,
                    {"en": "A window sign that says welcome in the city's languages."},
                    "8.5 x 11 in",
                ),
            ]
        ):
            poster, _created = Poster.objects.update_or_create(
                slug=slug,
                defaults={
                    "order": order,
                    "size": size,
                    "artwork": artwork,
                    "active": True,
                    **_localized("title", title),
                    **_localized("description", text),
                },
            )
            posters.append(poster)
            for language, quantity in STOCK.items():
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
