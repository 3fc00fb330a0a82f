"""The session hosts' pages, included at the top of events/urls.py (before the event slugs)."""

from django.urls import path

from . import views_hosts

urlpatterns = [
    path("host/", views_hosts.host_home_view, name="host_home"),
    path("host/availability/", views_hosts.host_availability_view, name="host_availability"),
    path("host/slots/<int:pk>/withdraw/", views_hosts.host_slot_withdraw_view, name="host_slot_withdraw"),
    path("host/bookings/<str:reference>/", views_hosts.host_booking_view, name="host_booking"),
]
