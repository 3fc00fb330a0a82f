"""Demo data: a Know Your Rights card, clearly marked DEMO, with reviewed translations in a few
languages only, so the rule "a language whose text is not reviewed is not offered" shows.

The points are the well-known, widely published ones (the ILRC's red cards, the ACLU's guides):
the right to remain silent, not opening the door without a warrant signed by a judge, not
signing anything without a lawyer, the right to speak to a lawyer. It is not legal advice and
not the office's wording: the office replaces it with its approved text in the admin.
"""

from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from demo.loading import SHARED, read
from moia.l10n.services import content_translation_review_set
from tools.models import KnowYourRightsCard


@transaction.atomic
def seed(*, office, stdout) -> None:
    content = read(SHARED, "tools")
    values = {"officer_statement": content["officer_statement"], "is_demo": True, "is_published": True, "order": 0}
    values["source"] = content["source"]
    for code, title in content["title"].items():
        values[build_localized_fieldname("title", code)] = title
        values[build_localized_fieldname("rights", code)] = "\n".join(content["rights"][code])
    card, _created = KnowYourRightsCard.objects.update_or_create(slug="know-your-rights", defaults=values)
    # A translation left out of "reviewed" (pt-br) is stored but not offered as a card.
    for code in content["reviewed"]:
        content_translation_review_set(obj=card, language=code, reviewed=True, by=None)
    stdout.write(f"tools: Know Your Rights card (DEMO), reviewed in {', '.join(content['reviewed'])}\n")
