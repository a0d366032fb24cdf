from .helper_relations import ACTING_FOR_SESSION_KEY, active_relation


class ActingForMiddleware:
    """Sets `request.acting_for`: the person a logged-in helper is acting for, checked
    against an active helper relation on every request (a removed helper stops at once)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.acting_for = None
        person_id = (
            request.session.get(ACTING_FOR_SESSION_KEY) if hasattr(request, "session") else None
        )
        if person_id and request.user.is_authenticated:
            relation = active_relation(helper=request.user, person_id=person_id)
            if relation is None:
                request.session.pop(ACTING_FOR_SESSION_KEY, None)
            else:
                request.acting_for = relation.person
        return self.get_response(request)
