"""Browser tests: Playwright drives Debian's Chromium against a live Lämpiö server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LAMPIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module: Playwright's loop must be gone before async tests run."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test, which installs it.")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls that the
    # test's own fixtures make there are still ordinary synchronous calls.
    patch = pytest.MonkeyPatch()
    patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
    patch.undo()


@pytest.fixture
def season(transactional_db):
    from lampio.demo.season import load_demo_season

    return load_demo_season()


def fresh_page(browser, base_url: str):
    """A fresh browser profile with axe-core ready and CSP violations collected."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.base_url = base_url
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


@pytest.fixture
def page(browser, live_server, season):
    """A fresh browser profile per test, with axe-core ready and CSP enforced."""
    page = fresh_page(browser, live_server.url)
    yield page
    _leave_quietly(page)


def _leave_quietly(page) -> None:
    """Leave the page before the database is reset: leaving sends the player's last viewing
    data (pagehide) and closes the foyer's socket, and the server must be done with them
    before the test's database is flushed, or the flush meets a locked table."""
    try:
        page.goto("about:blank")
        page.wait_for_timeout(750)
    finally:
        page.context.close()


def axe_violations(page) -> list[str]:
    # After a click that navigates, wait until the stylesheet has applied: an unstyled page
    # has small targets that the finished page does not.
    page.wait_for_load_state("load")
    result = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: [
                    'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'
                ]},
            });
            return result.violations.map(v =>
                v.id + ': ' + v.help + ' -> ' + v.nodes.map(n => n.target.join(' ')).join(', ')
            );
        }"""
    )
    return result


def set_display_preferences(page, **cookies: str) -> None:
    """What the text-size and contrast controls remember, set before the next page load."""
    page.context.add_cookies(
        [
            {"name": f"lampio_{name}", "value": value, "url": page.base_url}
            for name, value in cookies.items()
        ]
    )


@pytest.fixture
def asgi_server(transactional_db):
    """The real ASGI application (HTTP and WebSockets) under uvicorn in a thread of this
    process, so it shares the test database. pytest-django's live server speaks only WSGI."""
    import socket
    import threading
    import time

    import uvicorn
    from channels.routing import ProtocolTypeRouter
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from lampio.asgi import application

    app = ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(application.application_mapping["http"]),
            "websocket": application.application_mapping["websocket"],
        }
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def new_page(browser, asgi_server, season):
    """Open more than one browser (two seniors on their own tablets) against the ASGI server."""
    contexts = []

    def open_page(user=None):
        from tests.browser.test_accounts import log_in_browser

        page = fresh_page(browser, asgi_server)
        if user is not None:
            log_in_browser(page, user)
        contexts.append(page.context)
        return page

    yield open_page
    for context in contexts:
        for open_page_ in context.pages:
            open_page_.goto("about:blank")
        if context.pages:
            context.pages[0].wait_for_timeout(750)
        context.close()
