from django.urls import path

# Registers the `portal_lang` converter (one of the portal's language codes) used below.
import reports.urls_root  # noqa: F401

from . import views

app_name = "library"

urlpatterns = [
    path("", views.index_view, name="index"),
    # Named `code` (the document's slug), one of the URL matrix's placeholders.
    path("<slug:code>/<portal_lang:language>/", views.file_view, name="file"),
]
