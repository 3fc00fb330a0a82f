"""WCAG 2.1 AA (axe-core) on the directory's public pages, in English, Arabic (right to left) and Chinese."""

import pytest

from tests.e2e.axe import axe_violations, describe
from tests.factories.directory import (
    LanguageFactory,
    LocationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listing(office):
    legal = TaxonomyTermFactory(code="legal", name_en="Legal help", name_ar="مساعدة قانونية")
    service = ServiceFactory(
        slug="legal-clinic",
        name_en="Legal clinic",
        name_ar="عيادة قانونية",
        is_free=True,
        regardless_of_status=True,
        is_demo=True,
        categories=[legal],
    )
    ServiceAtLocationFactory(service=service, location=LocationFactory())
    PhoneFactory(service=service)
    ScheduleFactory(service=service)
    LanguageFactory(service=service, code="ar")
    ServiceFactory(organization=service.organization, name_en="ESOL classes")
    return service


PAGES = [
    "/{lang}/directory/",
    "/{lang}/directory/?q=zzzzqq&is_free=1",
    "/{lang}/directory/?q=legal&page=1",
    "/{lang}/directory/legal-clinic/",
    "/{lang}/directory/category/legal/",
    "/{lang}/directory/print/?category=legal",
    "/{lang}/directory/email/",
]


@pytest.mark.parametrize("lang", ["en", "ar", "zh-hans"])
def test_directory_pages_have_no_wcag_violations(page, listing, lang):
    failures = []
    for template in PAGES:
        path = template.format(lang=lang)
        page.goto(path)
        # As in tests/e2e: axe cannot judge contrast on joined Arabic script.
        violations = axe_violations(page, disable=("color-contrast",) if lang == "ar" else ())
        if violations:
            failures.append(f"{path}\n{describe(violations)}")
    assert not failures, "\n\n".join(failures)


def test_the_email_form_reports_errors_accessibly(page, listing):
    page.goto("/en/directory/email/")
    page.fill("#id_email", "not-an-address")
    page.click("button[type=submit]")
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_email").input_value() == "not-an-address"
    assert not axe_violations(page)
