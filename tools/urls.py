from django.urls import path

from . import views

app_name = "tools"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("family-plan/", views.family_plan_view, name="family_plan"),
    path("know-your-rights-card/", views.card_page_view, name="card"),
    path("know-your-rights-card.pdf", views.card_pdf_view, name="card_pdf"),
    path("know-your-rights-cards-sheet.pdf", views.card_sheet_pdf_view, name="card_sheet_pdf"),
]
