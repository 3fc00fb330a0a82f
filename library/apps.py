"""The office's downloadable materials (guides, Know Your Rights material, poster artwork), a file
per language, served at /<lang>/resources/."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Resource library")
    # Staff-written content whose translations are reviewed (moia/l10n/content.py).
    reviewed_content = ("library.Document",)
    # Outreach staff keep the materials and their translations; nobody else edits them.
    role_permissions = {
        "Outreach staff": [
            "library.view_document",
            "library.add_document",
            "library.change_document",
            "library.view_documentfile",
            "library.add_documentfile",
            "library.change_documentfile",
            "library.delete_documentfile",
        ],
    }
    home_section = "library.selectors.home_section"
