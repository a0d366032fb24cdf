"""WebSocket routes. The foyer's consumers are added here by the foyer app."""

from django.urls import path

from lampio.core.consumers import PingConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
]
