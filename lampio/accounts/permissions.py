"""Who may open a work page. Every studio, manage and insights view is wrapped in
`role_required`, which checks the role on the server and leaves the person's scope on the
request as `request.access`.

Not `request.scope`: under ASGI that attribute is the connection's own ASGI scope, and
overwriting it broke every work page behind uvicorn (tests/test_work_pages_over_asgi.py)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .scoping import Scope


def role_required(*roles: str):
    """Let in only people with one of the roles ("admin", "coordinator", "producer",
    "trainer")."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            scope = Scope.of(request.user)
            allowed = {
                "admin": scope.is_platform_admin,
                "coordinator": scope.is_coordinator,
                "producer": scope.is_producer,
                "trainer": scope.is_trainer,
            }
            if not any(allowed[role] for role in roles):
                raise PermissionDenied
            request.access = scope
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
