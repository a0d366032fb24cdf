from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path("balance/", views.balance, name="balance"),
    path("payments/return/<slug:provider>/", views.payment_return, name="payment_return"),
    path("payments/test-provider/<str:reference>/", views.test_provider, name="test_provider"),
]
