"""Demo data: a Know Your Rights card, clearly marked DEMO, with reviewed translations in a few
languages only, so the rule "a language whose text is not reviewed is not offered" shows.

The points are the well-known, widely published ones (the ILRC's red cards, the ACLU's guides):
the right to remain silent, not opening the door without a warrant signed by a judge, not
signing anything without a lawyer, the right to speak to a lawyer. It is not legal advice and
not the office's wording: the office replaces it with its approved text in the admin.
"""

from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from moia.l10n.services import content_translation_review_set

from .models import KnowYourRightsCard

TITLE = {
    "en": "Know your rights",
    "es": "Conozca sus derechos",
    "ht": "Konnen dwa ou",
    "vi": "Biết quyền của quý vị",
    "ar": "اعرف حقوقك",
    "pt-br": "Conheça seus direitos",
}
RIGHTS = {
    "en": [
        "You have the right to remain silent.",
        "Do not open the door unless the officer shows a warrant signed by a judge.",
        "Do not sign anything without talking to a lawyer.",
        "You have the right to speak to a lawyer.",
    ],
    "es": [
        "Usted tiene derecho a guardar silencio.",
        "No abra la puerta a menos que el agente muestre una orden firmada por un juez.",
        "No firme nada sin hablar con un abogado.",
        "Usted tiene derecho a hablar con un abogado.",
    ],
    "ht": [
        "Ou gen dwa pou w rete an silans.",
        "Pa louvri pòt la sòf si ajan an montre yon manda yon jij siyen.",
        "Pa siyen anyen san w pa pale ak yon avoka.",
        "Ou gen dwa pale ak yon avoka.",
    ],
    "vi": [
        "Quý vị có quyền giữ im lặng.",
        "Đừng mở cửa trừ khi nhân viên đưa ra lệnh có chữ ký của thẩm phán.",
        "Đừng ký bất cứ giấy tờ gì khi chưa nói chuyện với luật sư.",
        "Quý vị có quyền nói chuyện với luật sư.",
    ],
    "ar": [
        "لديك الحق في التزام الصمت.",
        "لا تفتح الباب إلا إذا أظهر الموظف مذكرة موقّعة من قاضٍ.",
        "لا توقّع على أي شيء قبل التحدث مع محامٍ.",
        "لديك الحق في التحدث مع محامٍ.",
    ],
    # A translation nobody has reviewed yet: stored, but not offered as a card.
    "pt-br": [
        "Você tem o direito de permanecer em silêncio.",
        "Não abra a porta a menos que o agente mostre um mandado assinado por um juiz.",
        "Não assine nada sem falar com um advogado.",
        "Você tem o direito de falar com um advogado.",
    ],
}
REVIEWED = ("es", "ht", "vi", "ar")
OFFICER_STATEMENT = (
    "I do not wish to speak with you or answer your questions. I am exercising my right to remain "
    "silent. I do not consent to a search. I do not give you permission to enter my home unless you "
    "have a warrant signed by a judge. I will not sign anything without speaking to a lawyer. "
    "I wish to speak to a lawyer."
)


@transaction.atomic
def seed(*, office, stdout) -> None:
    values = {"officer_statement": OFFICER_STATEMENT, "is_demo": True, "is_published": True, "order": 0}
    values["source"] = "DEMO: widely published points (ILRC red cards, ACLU); replace with the office's approved text"
    for code, title in TITLE.items():
        values[build_localized_fieldname("title", code)] = title
        values[build_localized_fieldname("rights", code)] = "\n".join(RIGHTS[code])
    card, _created = KnowYourRightsCard.objects.update_or_create(slug="know-your-rights", defaults=values)
    for code in REVIEWED:
        content_translation_review_set(obj=card, language=code, reviewed=True, by=None)
    stdout.write(f"tools: Know Your Rights card (DEMO), reviewed in {', '.join(REVIEWED)}\n")
