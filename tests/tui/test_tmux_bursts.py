"""The real program in a real terminal (tmux, 80x24): keys written in one burst, as a
terminal delivers what was typed ahead or what a laggy SSH link sends, land in the fields
they were typed for, across Tab and across Next (ctrl+n)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time

import pytest

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tmux") is None, reason="tmux is not installed: the Pilot tests cover bursts"
    ),
]


class Terminal:
    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        # A server of its own (-L): a session started on a server that was already running
        # takes that server's environment, not ours (our database, settings and language).
        # If the program ends, the pane keeps what it printed, for the failure message.
        self.tmux = ["tmux", "-L", name, "-f", os.devnull]
        command = f"{shlex.quote(sys.executable)} -m tui_clients; echo exit $?; sleep 60"
        # from a neutral folder (-c): the checkout must not shadow the installed package
        session = ["new-session", "-d", "-s", name, "-c", env["TUI_CLIENTS_TMP"]]
        subprocess.run(
            [*self.tmux, *session, "-x", "80", "-y", "24", command],
            check=True,
            env=env,
        )

    def keys(self, *keys: str, literal: bool = False) -> None:
        flags = ["-l"] if literal else []
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *flags, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never shown:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False)


@pytest.fixture
def terminal(sqlite_db, tmp_path):
    sqlite_db.close()
    env = {**os.environ, "TERM": "xterm-256color", "TUI_CLIENTS_TMP": str(tmp_path)}
    env.pop("TMUX", None)
    term = Terminal(f"tui-clients-{os.getpid()}-{tmp_path.name}", env)
    yield term
    term.close()


def line_of(screen: str, label: str) -> str:
    return next(line for line in screen.splitlines() if line.strip().startswith(label))


def test_a_burst_fills_the_identity_fields_and_the_next_step(terminal):
    terminal.wait_for("Buscar")
    terminal.keys("n")
    terminal.wait_for("Paso 1 de")
    terminal.keys("Enter")
    terminal.keys("fis", literal=True)
    terminal.keys("Enter", "C-n")
    terminal.wait_for("Paso 2 de")
    terminal.keys("Enter")
    terminal.keys("Gen", literal=True)
    terminal.keys("Enter", "C-n")
    terminal.wait_for("Número de documento")
    terminal.keys("Tab", "Enter")
    terminal.keys("RFC", literal=True)
    terminal.keys("Enter", "Tab")
    terminal.wait_for("RFC (Registro")
    # one write: the number, Tab, the names, Tab, the surnames
    terminal.keys("GODE561231GR8\tEduardo\tGómez Díaz", literal=True)
    time.sleep(1.0)
    screen = terminal.screen()
    assert line_of(screen, "Número de documento").split()[-1] == "GODE561231GR8", screen
    assert line_of(screen, "Nombres").split()[-1] == "Eduardo", screen
    assert line_of(screen, "Apellidos").endswith("Gómez Díaz"), screen
    # one write again: Next (ctrl+n), add a contact (ctrl+t), its e-mail, Tab, its name
    terminal.keys("\x0e\x14eduardo@correo.mx\tEduardo", literal=True)
    screen = terminal.wait_for("Contacto 1")
    time.sleep(1.0)
    screen = terminal.screen()
    assert line_of(screen, "Correo").split()[-1] == "eduardo@correo.mx", screen
    assert line_of(screen, "Nombres").split()[-1] == "Eduardo", screen
