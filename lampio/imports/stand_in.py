"""A Linked Events instance held in memory: pages by number (`meta.next` on the same origin)
and single events by id, answered through httpx's MockTransport. The demo imports from it
(the embedded default never reaches the network) and the importer's benchmark reads it."""

import re

import httpx


def linked_events_stand_in(
    base_url: str, pages: list[list[dict]], events_by_id: dict[str, dict]
) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        single = re.search(r"/event/([^/]+)/$", request.url.path)
        if single:
            event = events_by_id.get(single.group(1))
            return httpx.Response(200, json=event) if event else httpx.Response(404)
        number = int(request.url.params.get("page", "1"))
        following = f"{base_url.rstrip('/')}/event/?page={number + 1}"
        return httpx.Response(
            200,
            json={
                "meta": {
                    "count": sum(len(page) for page in pages),
                    "next": following if number < len(pages) else None,
                },
                "data": pages[number - 1] if pages else [],
            },
        )

    return httpx.MockTransport(answer)
