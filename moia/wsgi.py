import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")
application = get_wsgi_application()

# Before the worker takes its first request (moia/warmup.py says why). Not under DEBUG: the
# development server reloads on every edit and compiles templates afresh anyway.
from django.conf import settings  # noqa: E402 (configured above)

from moia.warmup import warm_up  # noqa: E402

if not settings.DEBUG:
    warm_up()
