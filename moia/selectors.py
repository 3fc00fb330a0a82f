from django.apps import apps
from django.utils.module_loading import import_string


def home_sections() -> list[dict]:
    """The home page's entry points, one per portal app that declares a `home_section`.

    Each app's AppConfig names a function returning {"template": ..., "context": {...}}
    (or None to hide itself, e.g. when no survey is open).
    """
    sections = []
    for config in apps.get_app_configs():
        dotted = getattr(config, "home_section", None)
        if dotted:
            section = import_string(dotted)()
            if section:
                sections.append(section)
    return sections
