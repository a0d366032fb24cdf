"""WebSocket routes."""

from django.urls import path

from lampio.core.consumers import PingConsumer
from lampio.foyer.consumers import FoyerConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    path("ws/foyer/<int:foyer_id>/", FoyerConsumer.as_asgi()),
]
