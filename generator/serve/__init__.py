"""The dev server: serve the site, watch the author's folders, rebuild what changed, reload the browser."""

from generator.serve.http import LiveState, start_http
from generator.serve.watch import Watcher

__all__ = ["LiveState", "Watcher", "start_http"]
