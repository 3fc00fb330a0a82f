from django.urls import path

from . import views
from .urls_hosts import urlpatterns as host_urlpatterns

app_name = "events"

urlpatterns = [
    path("", views.index_view, name="index"),
    # The hosts' pages before the event slugs: "host" would otherwise be read as an event's slug.
    *host_urlpatterns,
    path("booking/<str:token>/", views.booking_view, name="booking"),
    path("booking/<str:token>/change/", views.change_view, name="change"),
    path("booking/<str:token>/cancel/", views.cancel_view, name="cancel"),
    path("booking/<str:token>/calendar.ics", views.booking_ics_view, name="booking_ics"),
    path("<slug:slug>/", views.detail_view, name="detail"),
]
