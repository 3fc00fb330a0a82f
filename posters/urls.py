from django.urls import path

from . import views

app_name = "posters"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("order/", views.order_view, name="order"),
    path("order/done/", views.order_done_view, name="order_done"),
]
