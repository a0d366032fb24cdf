import pytest
from channels.testing.websocket import WebsocketCommunicator

from lampio.asgi import application


@pytest.mark.asyncio
@pytest.mark.django_db  # Channels closes stale database connections around each message
async def test_websocket_route_answers_a_ping_with_the_server_clock():
    communicator = WebsocketCommunicator(
        application,
        "/ws/ping/",
        headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "ping"})
    reply = await communicator.receive_json_from()
    assert reply["type"] == "pong" and reply["server_time"] > 1_700_000_000
    await communicator.send_to(text_data="not json")
    assert (await communicator.receive_json_from()) == {"type": "error", "code": "unknown_type"}
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db  # Channels closes stale database connections around each message
async def test_websocket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application,
        "/ws/ping/",
        headers=[(b"origin", b"https://evil.example"), (b"host", b"localhost")],
    )
    connected, _ = await communicator.connect()
    assert not connected


@pytest.mark.asyncio
@pytest.mark.django_db
async def test_a_binary_frame_to_the_ping_is_answered_and_the_connection_stays():
    client = WebsocketCommunicator(
        application,
        "/ws/ping/",
        headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    connected, _ = await client.connect()
    assert connected
    await client.send_to(bytes_data=b"\x00\x01binary")
    assert await client.receive_json_from() == {"type": "error", "code": "not_text"}
    await client.send_json_to({"type": "ping"})
    assert (await client.receive_json_from())["type"] == "pong"
    await client.disconnect()
