"""Broadcast frames written straight to the server's socket, encoded once for everyone.

A table message goes to eight people and the applause totals to everyone in the foyer, four
times a second. A server's WebSocket frame is not masked, so without compression it is the
same bytes for every recipient: this module encodes a text once (the fan-out loops pass one
`str` object to all members in turn) and writes those bytes to each connection's transport.
Through the ASGI `send` every recipient cost a coroutine, a wait on the server's "writable"
event and its own frame object and encoding (bench/foyer.py: CPU per delivered frame).

Only uvicorn's default WebSocket protocol (websockets' sans-I/O implementation) is known
here. Any other server, a connection with an extension (per-message compression makes the
bytes differ per connection), a connection that is closing, or one whose client reads
slowly (the server has paused writing to it) gets the server's own `send`, which waits or
reports the closed connection as before. tests/foyer/test_wire.py runs a real uvicorn, so a
uvicorn release that changes these internals fails there instead of silently losing speed.
"""

from websockets.frames import Frame, Opcode
from websockets.protocol import State

try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
except ImportError:  # pragma: no cover - another ASGI server, the send path serves
    WebSocketsSansIOProtocol = None

# The last text encoded and its frame: a fan-out writes one text to everyone in a row.
_last_text: str | None = None
_last_frame = b""


def direct_protocol(send):
    """The server protocol behind an accepted connection's ASGI `send`, when its frames can
    be written directly; else None."""
    protocol = getattr(send, "__self__", None)
    if WebSocketsSansIOProtocol is None or type(protocol) is not WebSocketsSansIOProtocol:
        return None
    connection = getattr(protocol, "conn", None)
    if connection is None or connection.extensions or connection.state is not State.OPEN:
        return None
    return protocol


def text_frame(text: str) -> bytes:
    """`text` as one unmasked, final text frame (what websockets itself would send)."""
    global _last_text, _last_frame
    if text is not _last_text:
        _last_frame = Frame(Opcode.TEXT, text.encode()).serialize(mask=False)
        _last_text = text
    return _last_frame


def write(protocol, text: str) -> bool:
    """Write `text` as a frame if the connection takes it now. False: use the server's send
    (the connection is closing, or its client is slow and the server waits for it)."""
    connection = protocol.conn
    if (
        protocol.close_sent
        or protocol.disconnected
        or not protocol.writable.is_set()
        or connection.state is not State.OPEN
        or connection.expect_continuation_frame
        or protocol.transport.is_closing()
    ):
        return False
    protocol.transport.write(text_frame(text))
    return True
