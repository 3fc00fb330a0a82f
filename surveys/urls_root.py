"""Short links for flyers and QR codes: /s/CODE, without a language prefix."""

from django.urls import path

from . import views

urlpatterns = [
    path("s/<slug:code>", views.short_link_view, name="survey_short_link"),
]
