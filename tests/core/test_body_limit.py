"""Oversized request bodies are refused at the door, before anything reads or stores them."""

import httpx
import pytest

from lampio.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=application), base_url="http://testserver"
    )


async def test_a_declared_64_mb_body_to_the_beacon_is_refused_unread():
    async def body():
        for _ in range(4):
            yield b"x" * (16 * 1024)

    async with client() as http:
        response = await http.post(
            "/beacon",
            content=body(),
            headers={"Content-Length": str(64 * 1024 * 1024), "Origin": "http://testserver"},
        )
    assert response.status_code == 413


async def test_a_chunked_body_is_cut_off_when_it_passes_the_limit():
    async def body():
        for _ in range(100):
            yield b"{" * 4096

    async with client() as http:
        response = await http.post(
            "/beacon", content=body(), headers={"Origin": "http://testserver"}
        )
    assert response.status_code == 413


async def test_ordinary_requests_pass_and_uploads_are_not_limited_here():
    from lampio.core.body_limit import RequestBodyLimit

    assert RequestBodyLimit.limit_for("/studio/uploads/abc/") is None
    assert RequestBodyLimit.limit_for("/sv/studio/uploads/") is None
    assert RequestBodyLimit.limit_for("/beacon") == 16 * 1024
    async with client() as http:
        response = await http.post("/help/", data={"topic": "help", "message": "Hei"})
    assert response.status_code in (200, 302, 403)  # Django answered (CSRF), not the door
    assert response.status_code != 413
