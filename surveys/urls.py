from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("<slug:slug>/", views.survey_intro_view, name="intro"),
    path("<slug:slug>/page/<int:number>/", views.survey_page_view, name="page"),
    path("<slug:slug>/thank-you/", views.survey_finish_view, name="finish"),
    path("<slug:slug>/results/", views.survey_results_view, name="results"),
]
