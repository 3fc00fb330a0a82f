from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("partner/", views.partner_intakes_view, name="partner_intakes"),
    path("partner/new/", views.partner_intake_new_view, name="partner_intake_new"),
    path("<slug:slug>/", views.detail_view, name="detail"),
    path("<slug:slug>/request/", views.request_view, name="request"),
    path("<slug:slug>/request/done/", views.request_done_view, name="request_done"),
]
