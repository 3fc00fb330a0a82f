from django.urls import path

from . import views

app_name = "hsds"

# Paths as the Open Referral API specification names them: no trailing slash, no language prefix.
urlpatterns = [
    path("", views.api_root_view, name="root"),
    path("services", views.services_view, name="services"),
    path("services/<str:service_id>", views.service_detail_view, name="service"),
    path("organizations", views.organizations_view, name="organizations"),
    path("organizations/<str:organization_id>", views.organization_detail_view, name="organization"),
    path("taxonomy_terms", views.taxonomy_terms_view, name="taxonomy_terms"),
    path("datapackage.zip", views.datapackage_view, name="datapackage"),
]
