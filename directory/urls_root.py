"""Routes without a language prefix: the HSDS open-data API (language chosen by ?lang= or Accept-Language)."""

from django.urls import include, path

urlpatterns = [
    path("api/hsds/", include("directory.hsds.urls")),
]
