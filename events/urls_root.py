"""Calendar feeds outside the language prefix: one address to subscribe to, whatever the language."""

from django.urls import path

from . import views

urlpatterns = [
    path("events.ics", views.all_ics_view, name="events_ics"),
    path("events/<slug:slug>.ics", views.event_ics_view, name="event_ics"),
]
