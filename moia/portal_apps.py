"""The portal's apps, one per domain, in dependency order, with the path each is served under.

URLs (moia/urls.py), demo data (seed_demo) and the primary navigation read this one list, so an
app added here is routed and seeded without editing three other files. The order is the order
demo data loads in: programmes and events reuse the directory's organizations and locations,
the report reads what every other app recorded.
"""

PORTAL_APPS: dict[str, str] = {
    "directory": "directory",
    "programs": "programs",
    "events": "events",
    "surveys": "surveys",
    "grants": "grants",
    "tools": "tools",
    "library": "resources",  # the resource library: /<lang>/resources/
    "posters": "posters",
    "newsletter": "newsletter",
    "reports": "reports",
}
