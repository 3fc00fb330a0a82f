from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.signup_view, name="signup"),
    path("check-your-email/", views.signup_done_view, name="signup_done"),
    path("confirm/<str:token>/", views.confirm_view, name="confirm"),
    path("preferences/<str:token>/", views.preferences_view, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
