"""The house plan holds: layers point down, the pure core stays pure, the TUI's feature
packages meet only in the App, no module takes part in an import loop (imports inside
functions included), and mypy finds no error in the core and the services."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.mark.skipif(
    importlib.util.find_spec("importlinter") is None,
    reason="import-linter comes with the [test] extra",
)
def test_import_contracts_are_kept():
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _loops(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


@pytest.mark.skipif(
    importlib.util.find_spec("grimp") is None, reason="grimp comes with import-linter"
)
def test_no_import_loop_anywhere():
    import grimp

    graph = grimp.build_graph("tui_clients", cache_dir=None)
    assert len(graph.modules) > 100  # the whole package was read
    assert _loops(graph) == []


def test_loops_are_found_when_there_is_one():
    class Graph:  # a -> b -> c -> a, and d alone
        def __init__(self):
            self.modules = {"a", "b", "c", "d"}
            self.edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

        def find_modules_directly_imported_by(self, name):
            return self.edges[name]

    assert _loops(Graph()) == [["a", "b", "c"]]


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None, reason="mypy comes with the [test] extra"
)
def test_mypy_finds_no_error_in_the_core_and_the_services():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
