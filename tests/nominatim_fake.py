"""A server on 127.0.0.1 that answers like Nominatim (for geopy's real client), and a
fixture that points the geocoder at it."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from tui_clients.services.geo import geocoding
from tui_clients.services.settings import Settings


class FakeNominatim(BaseHTTPRequestHandler):
    mode = "ok"
    asked: ClassVar[list[dict]] = []

    def do_GET(self):  # the http.server API's name
        query = parse_qs(urlsplit(self.path).query)
        FakeNominatim.asked.append(
            {"path": urlsplit(self.path).path, **query, "agent": self.headers.get("User-Agent")}
        )
        if self.mode == "fail":
            self.send_error(503, "overloaded")
            return
        if self.mode == "slow":
            time.sleep(1.5)
        body = (
            []
            if self.mode == "empty"
            else [
                {
                    "lat": "4.65",
                    "lon": "-74.05",
                    "display_name": "Chapinero, Bogotá, Colombia",
                    "addresstype": "suburb",
                    "class": "place",
                    "type": "suburb",
                }
            ]
        )
        data = json.dumps(body).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout case)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim(sqlite_db, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("TUI_CLIENTS_GEOCODER", "nominatim")
    monkeypatch.setenv("TUI_CLIENTS_NOMINATIM_URL", f"http://127.0.0.1:{server.server_port}")
    monkeypatch.setenv("TUI_CLIENTS_NOMINATIM_USER_AGENT", "tui-clients-test")
    monkeypatch.setenv("TUI_CLIENTS_NOMINATIM_DELAY", "0.01")
    monkeypatch.setenv("TUI_CLIENTS_NOMINATIM_TIMEOUT", "0.5")
    geocoding.use_settings(Settings.load())
    FakeNominatim.asked, FakeNominatim.mode = [], "ok"
    yield FakeNominatim
    monkeypatch.delenv("TUI_CLIENTS_GEOCODER")  # back to offline for the next tests
    geocoding.use_settings(Settings.load())
    server.shutdown()
