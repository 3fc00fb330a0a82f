from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("organizations/new/", views.organization_create_view, name="organization_create"),
    path("organizations/<uuid:pk>/", views.organization_edit_view, name="organization_edit"),
    path("organizations/<uuid:pk>/members/", views.members_view, name="members"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("applications/<int:pk>/", views.application_detail_view, name="application_detail"),
    path("applications/<int:pk>/pdf/", views.application_pdf_view, name="application_pdf"),
    path("applications/<int:pk>/submit/", views.application_submit_view, name="application_submit"),
    path("applications/<int:pk>/submitted/", views.application_submitted_view, name="application_submitted"),
    path("applications/<int:pk>/<slug:step>/", views.application_step_view, name="application_step"),
    path("documents/<int:pk>/", views.document_download_view, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete_view, name="document_delete"),
    path("reports/<int:pk>/", views.report_view, name="report"),
    path("<slug:slug>/", views.cycle_detail_view, name="cycle_detail"),
    path("<slug:slug>/eligibility/", views.eligibility_view, name="eligibility"),
    path("<slug:slug>/apply/", views.application_start_view, name="application_start"),
]
