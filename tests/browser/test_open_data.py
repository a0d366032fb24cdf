"""The embeddable "this week in Lämpiö" in Chromium: axe-clean in fi/sv/en on its own, and
put on another site's page by one script tag, sized to its content."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from lampio.municipalities.models import Municipality
from tests.browser.conftest import axe_violations
from tests.programme.factories import OfferingFactory, ShowingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local_showing():
    offering = OfferingFactory(
        status="published", title="Tampereen laulu", title_fi="Tampereen laulu",
        title_sv="Tampereen laulu", title_en="Tampereen laulu", is_nationwide=False,
    )  # fmt: skip
    offering.municipalities.set([Municipality.objects.get(slug="tampere")])
    return ShowingFactory(offering=offering, starts_at=timezone.now() + timedelta(days=2))


@pytest.mark.parametrize("language", ["", "/sv", "/en"], ids=["fi", "sv", "en"])
def test_the_embedded_week_is_accessible(page, season, language):
    _local_showing()
    page.goto(f"{language}/embed/week/?municipality=tampere")
    assert "Tampereen laulu" in page.content()
    assert axe_violations(page) == []
    assert page.csp_violations == []


def test_one_script_tag_puts_the_week_on_a_librarys_page(page, season, live_server):
    _local_showing()
    # "The library's" own page, served from another origin on this machine.
    html = (
        "<!doctype html><html lang='fi'><head><title>Kirjasto</title></head><body>"
        "<h1>Kirjaston sivu</h1>"
        f"<script src='{live_server.url}/static/js/embed.js' data-municipality='tampere'>"
        "</script></body></html>"
    ).encode()

    class Library(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Library)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page.goto(f"http://127.0.0.1:{server.server_port}/")
    frame = page.frame_locator("iframe[title='Tämän viikon Lämpiö']")
    frame.get_by_role("link", name="Tampereen laulu").wait_for()
    page.wait_for_function(
        "document.querySelector('iframe').style.height.endsWith('px')", timeout=10000
    )
    height = page.evaluate("parseFloat(document.querySelector('iframe').style.height)")
    assert 100 < height < 2000
    server.shutdown()
