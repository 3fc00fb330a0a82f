"""Citable open-data links without a language prefix."""

from django.urls import path

from . import views

urlpatterns = [
    path("open-data/grants/360giving.json", views.open_data_json_view, name="grants_open_data_json"),
    path("open-data/grants/360giving.csv", views.open_data_csv_view, name="grants_open_data_csv"),
]
