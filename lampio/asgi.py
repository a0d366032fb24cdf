"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lampio.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from lampio.core.body_limit import RequestBodyLimit  # noqa: E402
from lampio.core.page_cache import PublicPageCache  # noqa: E402
from lampio.foyer.middleware import FoyerScopeMiddleware  # noqa: E402
from lampio.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": RequestBodyLimit(PublicPageCache(django_asgi_app)),
        "websocket": AllowedHostsOriginValidator(
            # The session key only: the foyer reads the person in its one database trip.
            FoyerScopeMiddleware(URLRouter(websocket_urlpatterns))
        ),
    }
)
