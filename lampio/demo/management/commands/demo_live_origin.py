import signal
import time

from django.core.management.base import BaseCommand

from lampio.demo.live_origin import demo_stream_url, live_origin_start, live_origin_stop

RESTART_AFTER_SECONDS = 3


class Command(BaseCommand):
    help = (
        "Run the demo's live origin: a live HLS stream from a generated source, into the "
        "platform's media, until stopped. scripts/start runs it beside the web server."
    )

    def handle(self, *args, **options) -> None:
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Demo live stream: {demo_stream_url()}")
        process = live_origin_start()
        try:
            while not stopping:
                time.sleep(1)
                if process.poll() is not None and not stopping:
                    self.stderr.write(
                        f"The live origin stopped (exit {process.returncode}); starting again."
                    )
                    time.sleep(RESTART_AFTER_SECONDS)
                    process = live_origin_start()
        except KeyboardInterrupt:
            pass
        finally:
            live_origin_stop(process)
