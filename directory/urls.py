from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("print/", views.print_list_view, name="print"),
    path("email/", views.email_list_view, name="email"),
    path("email/sent/", views.email_sent_view, name="email_sent"),
    path("search/opened/", views.search_opened_view, name="search_opened"),
    path("category/<slug:slug>/", views.category_view, name="category"),
    path("<slug:slug>/", views.detail_view, name="detail"),
]
