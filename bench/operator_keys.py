"""Key to painted screen at a million clients: the wizard's steps, Finish, opening a profile.

    python bench/operator_keys.py [--db PATH] [--count 1000000] [--tries 5]

Builds the database with `tui-clients demo` (or reuses PATH), then drives the real app
headless at 80x24 in a child process (a fresh process: the first try pays every
first load, as the operator's first registration of the day does) and prints, for
each key, the median and the maximum over the tries of the time from the key to the
first frame that shows the new step or the client's profile with its data, how many
frames in between showed no step at all (a blank frame), and how many SQL queries ran
on the UI thread meanwhile.  The wizard is walked as the operator would: company type,
category, identity (a new RFC each try), contacts, an address, fiscal data, other
data, the summary, Finish; the profile is opened with Enter from the list, a different
client each try.  A maximum far above its median is most often a full garbage
collection of the Python process (0.1-0.2 s) that fell on that key.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import asyncio, json, random, string, sys, threading, time

import peewee

from tui_clients.services.admin.database import prepare
from tui_clients.services.registration.lookups import discard_draft
from tui_clients.services.session import current_user
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.clients.client_table import ClientTable
from tui_clients.tui.form.wizard import WizardScreen
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.fields import field_id
from textual.widgets import Input, Select

TRIES = int(sys.argv[1])
MODE = sys.argv[2]  # "profile": open profiles from the list; "wizard": register clients
UI = threading.main_thread()
queries = {"n": 0}
_execute = peewee.Database.execute_sql


def counted(self, sql, params=None, *args, **kwargs):
    if threading.current_thread() is UI:
        queries["n"] += 1
    return _execute(self, sql, params, *args, **kwargs)


peewee.Database.execute_sql = counted
frames = []  # (time, what the frame showed)


def showing(app) -> str:
    screen = app.screen
    if isinstance(screen, WizardScreen):
        steps = [s for s in screen.query(".step") if s.region.area]
        return "step:" + steps[0].key if steps else "blank"
    if isinstance(screen, ProfileScreen):
        return f"profile:{screen.client.id}" if screen.client is not None else "profile:empty"
    return type(screen).__name__


async def until(pilot, want: str, t0: float, limit: float = 30.0) -> tuple[float, int]:
    while True:
        for i, (t, what) in enumerate(frames):
            if t >= t0 and what == want:
                blank = sum(1 for t2, w in frames[:i] if t2 >= t0 and w in ("blank", "profile:empty"))
                return t - t0, blank
        if time.perf_counter() - t0 > limit:
            raise SystemExit(f"never painted {want}: {frames[-5:]}")
        await pilot.pause(0.001)


async def timed(pilot, key: str, want: str, figures: dict, label: str) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    frames.clear()
    queries["n"] = 0
    t0 = time.perf_counter()
    await pilot.press(key)
    seconds, blank = await until(pilot, want, t0)
    figures.setdefault(label, []).append((seconds, blank, queries["n"]))
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def widget(app, name):
    return app.screen.query_one("#" + field_id(name))


async def put(pilot, name: str, value: str) -> None:
    w = widget(pilot.app, name)
    if isinstance(w, Select):
        options = [(str(label), v) for label, v in w._options if v is not Select.NULL]
        found = [v for label, v in options if v == value] or [
            v for label, v in options if value.lower() in label.lower()
        ]
        w.value = found[0]
    else:
        assert isinstance(w, Input), name
        w.value = value
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rfc(rnd) -> str:
    letters = "".join(rnd.choice(string.ascii_uppercase) for _ in range(4))
    date = f"{rnd.randint(50, 99)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
    return letters + date + "".join(rnd.choice(string.ascii_uppercase + string.digits) for _ in range(3))


async def walk(pilot, figures: dict, rnd) -> None:
    app = pilot.app
    await timed(pilot, "n", "step:company_type", figures, "n: the wizard opens")
    await put(pilot, "company_type", "física")
    await timed(pilot, "ctrl+n", "step:category", figures, "ctrl+n → category")
    await put(pilot, "category", "Fact")
    await timed(pilot, "ctrl+n", "step:identity", figures, "ctrl+n → identity")
    await put(pilot, "document_type", "RFC")
    await put(pilot, "document_number", rfc(rnd))
    await put(pilot, "first_name", "Juana")
    await put(pilot, "last_name", "Pérez Mora")
    await timed(pilot, "ctrl+n", "step:contacts", figures, "ctrl+n → contacts (checks the RFC)")
    await timed(pilot, "ctrl+n", "step:addresses", figures, "ctrl+n → addresses")
    await pilot.press("ctrl+t")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await put(pilot, "addresses[0].region", "Jalisco")
    await put(pilot, "addresses[0].province", "Zapopan")
    await put(pilot, "addresses[0].postal_code", "45110")
    await put(pilot, "addresses[0].line", "Av. Patria 1201")
    await timed(pilot, "ctrl+n", "step:fiscal_mx", figures, "ctrl+n → fiscal data")
    await put(pilot, "fiscal.regimen", "612")
    await put(pilot, "fiscal.uso_cfdi", "G03")
    await put(pilot, "fiscal.postal_code", "45110")
    await put(pilot, "emails[0]", "juana@correo.mx")
    await timed(pilot, "ctrl+n", "step:other", figures, "ctrl+n → other data")
    await put(pilot, "phones[0]", "33 3641 0000")
    await timed(pilot, "ctrl+n", "step:finish", figures, "ctrl+n → summary")
    await timed(pilot, "ctrl+b", "step:other", figures, "ctrl+b → back to other data")
    await timed(pilot, "ctrl+n", "step:finish", figures, "ctrl+n → summary")
    frames.clear()
    queries["n"] = 0
    t0 = time.perf_counter()
    await pilot.press("ctrl+f")
    while not isinstance(app.screen, ProfileScreen):
        await pilot.pause(0.001)
        if time.perf_counter() - t0 > 30:
            raise SystemExit("Finish never opened the profile")
    seconds, blank = await until(pilot, f"profile:{app.screen.client_id}", t0)
    figures.setdefault("ctrl+f: Finish → the new profile", []).append((seconds, blank, queries["n"]))
    await app.workers.wait_for_complete()
    await pilot.press("escape")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def main():
    settings = Settings.load()
    prepare(settings.database)
    discard_draft(current_user())  # an interrupted run's draft would ask to be resumed
    app = ClientsApp(settings)
    display = app._display

    def recorded(screen, renderable):
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), showing(app)))

    app._display = recorded
    figures = {}
    rnd = random.Random()  # new RFCs each run: those of the last run are registered
    async with app.run_test(size=(80, 24)) as pilot:
        table = None
        while table is None or table.total == 0 or table.row(0) is None:
            await pilot.pause(0.01)
            tables = app.screen.query(ClientTable)
            table = tables.first() if tables else None
        await app.workers.wait_for_complete()
        await pilot.pause()
        for i in range(TRIES if MODE == "profile" else 0):
            table.focus()
            await pilot.pause()
            for _ in range(rnd.randint(1, 15)):
                await pilot.press("down")
            await app.workers.wait_for_complete()
            await pilot.pause()
            client_id = table.row(table.cursor).id
            await timed(pilot, "enter", f"profile:{client_id}", figures, "enter: open a profile")
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
        for i in range(TRIES if MODE == "wizard" else 0):
            await walk(pilot, figures, rnd)
    print(json.dumps(figures))


asyncio.run(main())
"""


def build(path: Path, count: int) -> None:
    print(f"building {count:,} clients in {path} with tui-clients demo …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "tui_clients", "demo", "--count", str(count), "--seed", "1"],
        env=os.environ,
        check=True,
        stderr=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/tui-clients-bench/1m.db"))
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--tries", type=int, default=5)
    args = parser.parse_args()
    path = args.db.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ["TUI_CLIENTS_DB"] = f"sqlite:///{path}"
    os.environ["TUI_CLIENTS_CONFIG"] = str(path.parent / "bench-settings.toml")
    os.environ.setdefault("TUI_CLIENTS_GEOCODER", "offline")
    (path.parent / "bench-settings.toml").touch()
    if not path.exists():
        build(path, args.count)
    figures = {}
    for mode in ("profile", "wizard"):  # each in a fresh process: its first try is cold
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(args.tries), mode],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if child.returncode != 0:
            print(child.stdout[-2000:], child.stderr[-4000:], file=sys.stderr)
            return 1
        figures.update(json.loads(child.stdout.strip().splitlines()[-1]))
    print(f"{path} · 80x24 · {args.tries} tries · from the key to the new screen painted")
    print(f"{'key':<40} {'median':>8} {'max':>8} {'first':>8} {'blank':>6} {'UI sql':>7}")
    for label, tries in figures.items():
        seconds = [s for s, _b, _q in tries]
        blank = max(b for _s, b, _q in tries)
        sql = max(q for _s, _b, q in tries)
        print(
            f"{label:<40} {statistics.median(seconds) * 1000:>6.0f}ms "
            f"{max(seconds) * 1000:>6.0f}ms {seconds[0] * 1000:>6.0f}ms {blank:>6} {sql:>7}"
        )
    print("(first: the first try in a fresh process; blank: most frames without the new")
    print(" step or the client's data before it; UI sql: most queries run on the UI thread)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
