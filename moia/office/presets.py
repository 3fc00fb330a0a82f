"""Office presets taken from the seed documents (shared/seeds/).

Text is marked for translation so that creating a profile fills every language from the
catalogues; staff can then edit it in the admin.
"""

from django.utils.translation import gettext_noop as N_

PRESETS = {
    "boston": {
        "name": N_("Mayor's Office for Immigrant Advancement"),
        "short_name": "MOIA",
        "city": N_("Boston"),
        "mission": N_(
            "The Mayor's Office for Immigrant Advancement strengthens the ability of immigrants to fully and "
            "equitably participate in economic, civic, social, and cultural life in Boston, and promotes the "
            "recognition and public understanding of the contributions of immigrants to the City."
        ),
        "email": "immigrantadvancement@boston.gov",
        # Boston 311, the City's line for every service (the seeds give MOIA's email, not a phone).
        "phone": "311",
        "address": N_("Boston City Hall, 1 City Hall Square, Boston, MA 02201"),
        "website": "https://www.boston.gov/departments/immigrant-advancement",
        "social_links": [
            {"label": "Facebook @BOSImmigrants", "url": "https://www.facebook.com/BOSImmigrants"},
            {"label": "Instagram @BOSImmigrants", "url": "https://www.instagram.com/bosimmigrants/"},
            {"label": "X @BOSImmigrants", "url": "https://x.com/BOSImmigrants"},
        ],
        "priorities": [
            {
                "code": "stability",
                "name": N_("Stability"),
                "description": N_("Unite with immigrants to preserve and advance a welcoming Boston."),
            },
            {
                "code": "integration",
                "name": N_("Integration"),
                "description": N_("Be effective advocates for the Mayor's values and immigrant integration agenda."),
            },
            {
                "code": "civic-ownership",
                "name": N_("Civic Ownership"),
                "description": N_("Ensure all immigrant communities have equitable access to government."),
            },
        ],
    },
    "baltimore": {
        "name": N_("Mayor's Office of Immigrant Affairs"),
        "short_name": "MIMA",
        "city": N_("Baltimore"),
        "mission": N_(
            "The Mayor's Office of Immigrant Affairs promotes community wellbeing, economic development, and the "
            "integration of immigrant communities by identifying needs and opportunities that immigrants bring "
            "to our city, while developing public-private partnerships to strengthen these communities."
        ),
        "email": "",
        "phone": "311",
        "address": N_("Baltimore City Hall, 100 N. Holliday Street, Baltimore, MD 21202"),
        "website": "",
        "social_links": [],
        "priorities": [
            {
                "code": "economic-growth",
                "name": N_("Economic Growth"),
                "description": N_(
                    "Help immigrants and refugees progress in the workforce and reach entrepreneurial "
                    "opportunities, and promote Baltimore's housing opportunities."
                ),
                "children": [
                    {"code": "workforce-development", "name": N_("Workforce Development"), "description": ""},
                    {
                        "code": "small-business-development",
                        "name": N_("Small Business Development"),
                        "description": "",
                    },
                    {"code": "housing", "name": N_("Housing"), "description": ""},
                ],
            },
            {
                "code": "community-wellbeing",
                "name": N_("Community Wellbeing"),
                "description": N_(
                    "Enhance the service capacity and receptivity of City agencies, nonprofits and community "
                    "organizations, and foster inclusion and mutual understanding."
                ),
                "children": [
                    {"code": "safety", "name": N_("Safety"), "description": ""},
                    {"code": "youth", "name": N_("Youth"), "description": ""},
                    {"code": "welcome-and-diversity", "name": N_("Welcome and Diversity"), "description": ""},
                ],
            },
        ],
    },
}
