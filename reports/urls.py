from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("<int:year>/", views.report_page_view, name="report_page"),
    path("departments/<int:year>/<str:token>/", views.department_answer_view, name="department_answer"),
]
