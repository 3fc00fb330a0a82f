from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Resource directory")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    # Directory editors read the directory's own history (ServiceEvent etc., in directory.*),
    # never pghistory's site-wide event views, which span intakes too.
    role_permissions = {"Directory editors": ["directory.*"]}
    # Database content whose translations staff review (moia/l10n/content.py): the admin shows each
    # language\'s status, residents see a notice while theirs is not reviewed.
    reviewed_content = (
        "directory.Organization",
        "directory.TaxonomyTerm",
        "directory.Location",
        "directory.SearchConcept",
    )
    # Services keep their own review until it is folded into the generic one (issue 14): a
    # ServiceTranslationReview per language, kept in step by directory.services and exported in
    # the data package. Their phones, schedules and documents are short notes edited inline on
    # the service's page; they join its review (as parts) when it is folded.
    translation_review_exempt = {
        "directory.Service": "reviewed per language by ServiceTranslationReview (directory/models.py)",
        "directory.Phone": "a note edited inline on its service's page; joins the service's review when folded",
        "directory.Schedule": "a note edited inline on its service's page; joins the service's review when folded",
        "directory.RequiredDocument": "edited inline on its service's page; joins the service's review when folded",
    }
    home_section = "directory.selectors.home_section"
    # Search gaps are kept 30 days at most (directory.services.search_gaps_purge).
    beat_schedule = {
        "directory-purge-search-gaps": {
            "task": "directory.tasks.search_gaps_purge_task",
            "schedule": crontab(hour=3, minute=41),
        },
    }

    def ready(self) -> None:
        from . import signals

        signals.connect()
