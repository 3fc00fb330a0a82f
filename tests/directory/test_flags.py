"""Every service flag, read from one table (directory/flags.py), shows the same wording on a
listing's card and page, and every filter a resident can tick narrows the list by its flag."""

import pytest
from django.urls import reverse
from django.utils import translation

from directory.flags import FLAGS
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db


def _only(flag) -> dict[str, bool]:
    """Every flag off but `flag`."""
    return {other.field: other is flag for other in FLAGS}


@pytest.mark.parametrize("flag", FLAGS, ids=lambda flag: flag.field)
def test_a_flag_shows_as_the_same_badge_on_the_card_and_the_page(client, office, flag):
    service = ServiceFactory(name_en="Flagged service", **_only(flag))
    with translation.override("es"):
        label = str(flag.label)
        others = [str(other.label) for other in FLAGS if other is not flag]
        card_page = client.get(reverse("directory:index")).content.decode()
        detail = client.get(reverse("directory:detail", kwargs={"slug": service.slug})).content.decode()
    for page in (card_page, detail):
        assert f">{label}</li>" in page
        assert not [other for other in others if f">{other}</li>" in page]


@pytest.mark.parametrize("flag", [flag for flag in FLAGS if flag.filter], ids=lambda flag: flag.field)
def test_each_filter_keeps_only_the_services_with_its_flag(client, office, flag):
    ServiceFactory(name_en="Has it", **_only(flag))
    ServiceFactory(name_en="Lacks it", **_only(None))
    page = client.get(reverse("directory:index") + f"?{flag.field}=1").content.decode()
    assert "Has it" in page
    assert "Lacks it" not in page


def test_a_process_that_served_one_language_labels_the_next_in_its_own(office):
    # The labels are kept per language in each process (moia.languages.per_language): a page in
    # Spanish must never leave its wording on the next page in Arabic or English.
    from directory.flags import badges

    service = ServiceFactory(
        is_free=True, online=True, **{f.field: False for f in FLAGS if f.field not in ("is_free", "online")}
    )
    seen = {}
    for language in ("es", "ar", "en", "es"):
        with translation.override(language):
            seen.setdefault(language, [label for _flag, label in badges(service)])
            assert [label for _flag, label in badges(service)] == [str(FLAGS[0].label), str(FLAGS[7].label)]
    assert len({tuple(labels) for labels in seen.values()}) == 3
