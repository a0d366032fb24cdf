"""Frames written straight to uvicorn's sockets (lampio/foyer/wire.py), on a real uvicorn
in this process: what a client reads is what the server's own send would have sent, and
the direct path is refused wherever the frames would differ or the connection cannot take
them now."""

import asyncio
import threading

import pytest
import uvicorn
import websockets

from bench._servers import free_port
from lampio.foyer import wire

TEXTS = ["kaikille", "å" * 100, "ö" * 40_000, '{"type":"message","id":1}']


def serve(app, **options):
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, lifespan="off", log_level="warning", **options
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.05)
        assert thread.is_alive(), "uvicorn did not start"
    return server, thread, port


@pytest.fixture
def direct_server():
    seen = {}

    async def app(scope, receive, send):
        assert (await receive())["type"] == "websocket.connect"
        seen["before_accept"] = wire.direct_protocol(send)
        await send({"type": "websocket.accept"})
        protocol = wire.direct_protocol(send)
        seen["protocol"] = protocol
        if protocol is not None:
            seen["written"] = [wire.write(protocol, text) for text in TEXTS]
        await send({"type": "websocket.send", "text": "through send"})
        message = await receive()
        if protocol is not None and message["type"] == "websocket.disconnect":
            seen["after_close"] = wire.write(protocol, "too late")

    def start(**options):
        server, thread, port = serve(app, **options)
        started.append((server, thread))
        return port

    started = []
    yield seen, start
    for server, thread in started:
        server.should_exit = True
        thread.join(10)


def test_frames_written_directly_read_as_the_servers_own(direct_server):
    seen, start = direct_server
    port = start(ws_per_message_deflate=False)

    async def client():
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/", compression=None, max_size=None
        ) as socket:
            return [await socket.recv() for _ in range(len(TEXTS) + 1)]

    received = asyncio.run(client())
    assert seen["before_accept"] is None
    assert seen["protocol"] is not None
    assert seen["written"] == [True] * len(TEXTS)
    assert received == [*TEXTS, "through send"]
    for _ in range(100):
        if "after_close" in seen:
            break
        threading.Event().wait(0.05)
    assert seen["after_close"] is False


def test_a_compressed_connection_gets_the_servers_send(direct_server):
    seen, start = direct_server
    port = start(ws_per_message_deflate=True)

    async def client():
        async with websockets.connect(f"ws://127.0.0.1:{port}/", compression="deflate") as socket:
            return await socket.recv()

    assert asyncio.run(client()) == "through send"
    assert seen["protocol"] is None


def test_one_text_is_encoded_once_for_everyone():
    text = "x" * 300
    first = wire.text_frame(text)
    assert wire.text_frame(text) is first
    assert wire.text_frame("toinen") != first
    # A 300-byte payload takes the 16-bit length form: FIN + text opcode, then 126.
    assert first[:4] == bytes([0x81, 126, 1, 44]) and first[4:] == text.encode()
