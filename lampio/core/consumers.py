import json

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Health check for the WebSocket path: answers a ping with the server's clock.

    Load balancers and clients use it to verify that WebSockets reach the platform; the foyer
    builds its clock-offset measurement on the same exchange. It touches no database.
    """

    async def connect(self) -> None:
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        if text_data is None:  # a binary frame is answered, never a reason to hang up
            await self.send_json({"type": "error", "code": "not_text"})
            return
        await super().receive(text_data=text_data, **kwargs)

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict) or content.get("type") != "ping":
            await self.send_json({"type": "error", "code": "unknown_type"})
            return
        await self.send_json({"type": "pong", "server_time": timezone.now().timestamp()})

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return json.loads(text_data)
        except ValueError:
            return None
