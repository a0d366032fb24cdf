"""The ceiling for the foyer benchmark: a minimal broadcast server written with the
`websockets` library alone. Same wire protocol as the foyer (welcome with a table of eight,
table chat, applause totals four times a second, presence every two seconds), but no
database, no authentication, no schema checks, no scam filter: what one Python process can
do at best.

    .venv/bin/python bench/foyer_ceiling.py --port 8765
"""

import argparse
import asyncio
import json
import time
from collections import defaultdict

import websockets

TABLE_SEATS = 8


class Room:
    def __init__(self):
        self.clients = set()
        self.tables = defaultdict(set)
        self.next_seat = 0
        self.totals = {"applause": 0, "heart": 0, "laugh": 0, "bravo": 0}
        self.message_id = 0

    async def handler(self, websocket):
        table = self.next_seat // TABLE_SEATS + 1
        self.next_seat += 1
        self.clients.add(websocket)
        self.tables[table].add(websocket)
        await websocket.send(json.dumps({"type": "welcome", "me": {"table": table}}))
        try:
            async for raw in websocket:
                event = json.loads(raw)
                if event.get("type") == "chat":
                    self.message_id += 1
                    text = json.dumps(
                        {
                            "type": "message",
                            "id": self.message_id,
                            "table": table,
                            "text": event["text"],
                            "at": time.time(),
                        }
                    )
                    websockets.broadcast(self.tables[table], text)
                elif event.get("type") == "react":
                    self.totals[event["kind"]] += int(event.get("count", 1))
        finally:
            self.clients.discard(websocket)
            self.tables[table].discard(websocket)

    async def ticker(self):
        last = None
        tick = 0
        while True:
            await asyncio.sleep(0.25)
            tick += 1
            if self.totals != last:
                last = dict(self.totals)
                websockets.broadcast(
                    self.clients, json.dumps({"type": "reactions", "totals": last})
                )
            if tick % 8 == 0:
                websockets.broadcast(
                    self.clients, json.dumps({"type": "presence", "count": len(self.clients)})
                )


async def main(port: int) -> None:
    room = Room()
    asyncio.get_running_loop().create_task(room.ticker())
    # No per-message compression, like the platform (tiny JSON frames gain nothing from it).
    async with websockets.serve(room.handler, "127.0.0.1", port, max_queue=None, compression=None):
        await asyncio.Future()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    asyncio.run(main(parser.parse_args().port))
