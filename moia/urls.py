"""URL map. Public pages live under a language prefix (/es/directory/...); machine
endpoints and citable download links do not. Each portal app may add prefix-free routes
in an optional `urls_root` module (HSDS API, short survey links, report downloads)."""

from importlib.util import find_spec

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.db import connection
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from moia import views
from moia.accounts import views as accounts_views
from moia.portal_apps import PORTAL_APPS

# The admin signs staff in through allauth, so the second factor cannot be skipped.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # wrapping is the point
admin.site.site_header = _("Immigrant Advancement portal: staff")
admin.site.site_title = _("Staff admin")
admin.site.index_title = _("Work queues and content")
if connection.vendor != "postgresql":
    # pghistory's change-history pages read a PostgreSQL view; the embedded SQLite mode keeps no
    # trigger-based history, so the admin does not offer pages that could only fail there.
    from pghistory import config as pghistory_config

    history_model = pghistory_config.admin_queryset().model
    if admin.site.is_registered(history_model):
        admin.site.unregister(history_model)

handler404 = "moia.views.page_not_found_view"
handler500 = "moia.views.server_error_view"

urlpatterns = [
    path("", views.root_redirect_view, name="root"),
    path("healthz", views.healthz_view, name="healthz"),
    path("robots.txt", views.robots_view, name="robots"),
    path("favicon.ico", views.favicon_view, name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += [path("", include(f"{app}.urls_root")) for app in PORTAL_APPS if find_spec(f"{app}.urls_root")]

urlpatterns += i18n_patterns(
    path("", views.home_view, name="home"),
    path(
        "accounts/staff-invitation/<str:token>/",
        accounts_views.staff_invitation_accept_view,
        name="staff_invitation_accept",
    ),
    path("accounts/", include("allauth.urls")),
    *[path(f"{prefix}/", include(f"{app}.urls")) for app, prefix in PORTAL_APPS.items() if find_spec(f"{app}.urls")],
)
