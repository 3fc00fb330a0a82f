"""Office presets taken from the seed documents (shared/seeds/).

Text is marked for translation so that creating a profile fills every language from the
catalogues; staff can then edit it in the admin.
"""

from typing import Any

from django.utils.translation import gettext_noop

PRESETS: dict[str, dict[str, Any]] = {
    "boston": {
        "name": gettext_noop("Mayor's Office for Immigrant Advancement"),
        "short_name": "MOIA",
        "city": gettext_noop("Boston"),
        "mission": gettext_noop(
            "The Mayor's Office for Immigrant Advancement strengthens the ability of immigrants to fully and "
            "equitably participate in economic, civic, social, and cultural life in Boston, and promotes the "
            "recognition and public understanding of the contributions of immigrants to the City."
        ),
        "email": "immigrantadvancement@boston.gov",
        # Boston 311, the City's line for every service (the seeds give MOIA's email, not a phone).
        "phone": "311",
        "address": gettext_noop("Boston City Hall, 1 City Hall Square, Boston, MA 02201"),
        "website": "https://www.boston.gov/departments/immigrant-advancement",
        "social_links": [
            {"label": "Facebook @BOSImmigrants", "url": "https://www.facebook.com/BOSImmigrants"},
            {"label": "Instagram @BOSImmigrants", "url": "https://www.instagram.com/bosimmigrants/"},
            {"label": "X @BOSImmigrants", "url": "https://x.com/BOSImmigrants"},
        ],
        "priorities": [
            {
                "code": "stability",
                "name": gettext_noop("Stability"),
                "description": gettext_noop("Unite with immigrants to preserve and advance a welcoming Boston."),
            },
            {
                "code": "integration",
                "name": gettext_noop("Integration"),
                "description": gettext_noop(
                    "Be effective advocates for the Mayor's values and immigrant integration agenda."
                ),
            },
            {
                "code": "civic-ownership",
                "name": gettext_noop("Civic Ownership"),
                "description": gettext_noop("Ensure all immigrant communities have equitable access to government."),
            },
        ],
    },
    "baltimore": {
        "name": gettext_noop("Mayor's Office of Immigrant Affairs"),
        "short_name": "MIMA",
        "city": gettext_noop("Baltimore"),
        "mission": gettext_noop(
            "The Mayor's Office of Immigrant Affairs promotes community wellbeing, economic development, and the "
            "integration of immigrant communities by identifying needs and opportunities that immigrants bring "
            "to our city, while developing public-private partnerships to strengthen these communities."
        ),
        "email": "",
        "phone": "311",
        "address": gettext_noop("Baltimore City Hall, 100 N. Holliday Street, Baltimore, MD 21202"),
        "website": "",
        "social_links": [],
        "priorities": [
            {
                "code": "economic-growth",
                "name": gettext_noop("Economic Growth"),
                "description": gettext_noop(
                    "Help immigrants and refugees progress in the workforce and reach entrepreneurial "
                    "opportunities, and promote Baltimore's housing opportunities."
                ),
                "children": [
                    {"code": "workforce-development", "name": gettext_noop("Workforce Development"), "description": ""},
                    {
                        "code": "small-business-development",
                        "name": gettext_noop("Small Business Development"),
                        "description": "",
                    },
                    {"code": "housing", "name": gettext_noop("Housing"), "description": ""},
                ],
            },
            {
                "code": "community-wellbeing",
                "name": gettext_noop("Community Wellbeing"),
                "description": gettext_noop(
                    "Enhance the service capacity and receptivity of City agencies, nonprofits and community "
                    "organizations, and foster inclusion and mutual understanding."
                ),
                "children": [
                    {"code": "safety", "name": gettext_noop("Safety"), "description": ""},
                    {"code": "youth", "name": gettext_noop("Youth"), "description": ""},
                    {"code": "welcome-and-diversity", "name": gettext_noop("Welcome and Diversity"), "description": ""},
                ],
            },
        ],
    },
}
