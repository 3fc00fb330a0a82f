"""After the last page the resident is offered somewhere to go next, in their language (issue 18, item 14)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.surveys import survey_small

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["What you can do next", "Find help", "Upcoming events", "Sign up for the newsletter"]),
        ("ar", ["الفعاليات القادمة", "اشترك في النشرة"]),
        ("so", ["Waxa aad samayn karto hadda", "Dhacdooyinka soo socda"]),
    ],
)
def test_the_thank_you_page_offers_help_events_newsletter_and_other_surveys(client, lang, texts):
    survey = survey_small()
    with translation.override(lang):
        finish = reverse("surveys:finish", kwargs={"slug": survey.slug})
        links = [
            reverse(name)
            for name in ("directory:index", "events:index", "newsletter:signup", "programs:index", "surveys:index")
        ]
    html = client.get(finish).content.decode()
    for text in texts:
        assert text in html
    for link in links:
        assert f'href="{link}"' in html
        # Each next step opens, in the same language.
        assert link.startswith(f"/{lang}/")
        assert client.get(link).status_code == 200
