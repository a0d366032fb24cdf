from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path("balance/", views.balance, name="balance"),
    path("tickets/", views.my_tickets, name="my_tickets"),
    path("tickets/<int:pk>/", views.ticket, name="ticket"),
    path("tickets/buy/<slug:slug>/", views.buy, name="buy"),
    path("payments/return/<slug:provider>/", views.payment_return, name="payment_return"),
    path("payments/test-provider/<str:reference>/", views.test_provider, name="test_provider"),
]
