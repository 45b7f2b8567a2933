"""Save the README's screenshots (SVG) of the real app on a fresh demo database.

python scripts/screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path


async def shoot(out: Path) -> None:
    from tui_clients.services.admin.database import prepare
    from tui_clients.services.admin.demo import generate
    from tui_clients.services.settings import Settings
    from tui_clients.tui.app import ClientsApp

    settings = Settings.load()
    db, _ = prepare(settings.database)
    generate(db, 2_000, seed=11)
    app = ClientsApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(5):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
        app.save_screenshot(str(out / "list.svg"))
        await pilot.press("down", "down", "down", "enter")
        for _ in range(5):
            await pilot.pause(0.1)
        app.save_screenshot(str(out / "profile.svg"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tui-clients-shots-"))
    os.environ["TUI_CLIENTS_DB"] = f"sqlite:///{folder / 'shots.db'}"
    os.environ["TUI_CLIENTS_CONFIG"] = str(folder / "none.toml")
    args.out.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(args.out))
    print(f"saved {args.out / 'list.svg'} and {args.out / 'profile.svg'}")


if __name__ == "__main__":
    main()
