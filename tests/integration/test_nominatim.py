"""The Nominatim path, with geopy's real client against a server on 127.0.0.1 that
answers like Nominatim: answers are used, and failures, timeouts and "nothing found"
leave the answer to the offline gazetteer."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from tui_clients.services import geocoding
from tui_clients.settings import Settings


class FakeNominatim(BaseHTTPRequestHandler):
    mode = "ok"
    asked: ClassVar[list[dict]] = []

    def do_GET(self):  # the http.server API's name
        query = parse_qs(urlsplit(self.path).query)
        FakeNominatim.asked.append({"path": urlsplit(self.path).path, **query,
                                    "agent": self.headers.get("User-Agent")})  # fmt: skip
        if self.mode == "fail":
            self.send_error(503, "overloaded")
            return
        if self.mode == "slow":
            time.sleep(1.5)
        body = [] if self.mode == "empty" else [{
            "lat": "4.65", "lon": "-74.05", "display_name": "Chapinero, Bogotá, Colombia",
            "addresstype": "suburb", "class": "place", "type": "suburb"}]  # fmt: skip
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


def test_the_server_answers_through_geopys_client(nominatim):
    nominatim.mode = "ok"
    found = geocoding.geocode("Calle 63 # 11-20, Chapinero", "CO-DC", "CO")
    assert (found.latitude, found.longitude, found.level, found.source) == (
        4.65, -74.05, "locality", "nominatim")  # fmt: skip
    [asked] = nominatim.asked
    assert asked["path"] == "/search" and asked["countrycodes"] == ["co"]
    assert asked["q"] == ["Calle 63 # 11-20, Chapinero, Distrito Capital de Bogotá, Colombia"]
    assert asked["agent"] == "tui-clients-test"
    again = geocoding.geocode("Calle 63 # 11-20, Chapinero", "CO-DC", "CO")
    assert again == found and len(nominatim.asked) == 1  # the cache answered


@pytest.mark.parametrize("mode", ["fail", "slow", "empty"])
def test_a_failing_slow_or_empty_server_leaves_it_to_the_gazetteer(nominatim, mode):
    nominatim.mode = mode
    started = time.monotonic()
    found = geocoding.geocode("Cra. 71a #75b-24, Bogotá", "", "CO")
    assert time.monotonic() - started < 1.4  # the timeout (0.5 s), not the server's 1.5 s
    assert (found.level, found.source) == ("locality", "gazetteer")
    assert abs(found.latitude - 4.61) < 0.1
    assert len(nominatim.asked) == 1


def test_with_an_online_geocoder_saving_does_not_wait_for_the_network(nominatim):
    from tui_clients.db import models as m
    from tui_clients.domain.entities import AddressInput, ClientInput
    from tui_clients.services.clients import create_client

    create_client(ClientInput(person_kind="moral", document_type="REF", document_number="N-1",
                              legal_name="Nube S.A.S.", addresses=[AddressInput(
                                  country="CO", line="Cra. 7 # 70-10, Bogotá")]))  # fmt: skip
    assert nominatim.asked == [] and m.Address.get().geocode_level == ""  # asked later
    report = geocoding.fill_missing()
    assert report.placed == 1 and m.Address.get().coord_source == "nominatim"
