"""The admin's language tabs work under the portal's own Content-Security-Policy.

modeltranslation loads jQuery UI from ajax.googleapis.com unless told otherwise; the CSP refuses
it, and a programme's change page then shows twelve identical unlabelled "Name" boxes.
"""

import pytest
from django.contrib import admin
from django.urls import reverse
from modeltranslation.translator import translator
from playwright.sync_api import expect

from tests.e2e.journeys_helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _one_of_each() -> dict:
    """One saved instance of every translated model that has its own admin page."""
    from directory.models import SearchConcept
    from moia.office.services import office_profile_ensure
    from reports.models import Recommendation, ReportNarrative
    from tests.factories import directory, grants, programs
    from tests.factories.events import EventFactory
    from tests.factories.library import DocumentFactory
    from tests.factories.newsletter import IssueFactory
    from tests.factories.posters import PosterFactory
    from tests.factories.reports import DepartmentRequestFactory, PopulationStatisticFactory, ReportNarrativeFactory
    from tests.factories.surveys import survey_small
    from tests.factories.tools import KnowYourRightsCardFactory

    survey = survey_small()
    instances = [
        office_profile_ensure(),
        directory.OrganizationFactory(),
        directory.ServiceFactory(),
        directory.TaxonomyTermFactory(),
        directory.LocationFactory(),
        programs.ServiceTypeFactory(),
        programs.CaseTypeFactory(),
        programs.ProgramFactory(),
        grants.GrantCycleFactory(),
        survey,
        survey.questions.first(),
        ReportNarrative.objects.first() or ReportNarrativeFactory(),
        PopulationStatisticFactory(),
        SearchConcept.objects.first() or SearchConcept.objects.create(name="Green card", terms="green card"),
        EventFactory(),
        KnowYourRightsCardFactory(),
        DocumentFactory(),
        PosterFactory(),
        IssueFactory(),
        DepartmentRequestFactory(),
        Recommendation.objects.create(year=2025, text="Fund interpretation at every city counter."),
    ]
    return {type(instance): instance for instance in instances}


def test_every_translated_model_has_labelled_language_tabs_and_no_csp_violation(page):
    from tests.factories.accounts import StaffFactory, totp_enable

    instances = _one_of_each()
    translated = {model for model in translator.get_registered_models(abstract=False) if model in admin.site._registry}
    # A translated model added later without an instance here would go unchecked.
    assert translated == set(instances), translated ^ set(instances)

    superuser = StaffFactory(is_superuser=True)
    sign_in(page, email=superuser.email, secret=totp_enable(superuser), next_url="/admin/")

    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    for model, instance in sorted(instances.items(), key=lambda item: item[0]._meta.label):
        problems.clear()
        opts = model._meta
        page.goto(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk]))
        violations = page.evaluate(
            """() => new Promise(resolve => {
                 const seen = [];
                 document.addEventListener('securitypolicyviolation', e => seen.push(e.blockedURI));
                 setTimeout(() => resolve(seen), 300);
               })"""
        )
        assert not violations, (opts.label, violations)
        assert not [text for text in problems if "Content Security Policy" in text or "tabs" in text], (
            opts.label,
            problems,
        )

        # The first translated field becomes a tab strip, one tab per language, each named.
        strip = page.locator("ul.ui-tabs-nav").first
        expect(strip).to_be_visible()
        tabs = strip.locator("li a")
        expect(tabs).to_have_count(12)
        expect(tabs.first).to_have_text("en")
        expect(tabs.nth(9)).to_have_attribute("title", "Arabic")
        expect(strip.locator("li a", has_text="kea")).to_be_visible()
        # Only the active language's box shows: one visible field per translated field, not twelve.
        fields = translator.get_options_for_model(model).fields
        field = "name" if "name" in fields else next(iter(fields))
        visible = page.locator(f'[name^="{field}_"]:visible')
        assert visible.count() == 1, (opts.label, field, visible.count())
