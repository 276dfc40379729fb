"""The shape of the code, checked: small modules, no import cycles, sessions only where they belong.

import-linter (`make contracts`) guards the layers; these tests guard what it cannot express.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).parent.parent / "cxaudit"
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_no_module_is_longer_than_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
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
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_there_is_no_import_cycle_between_modules() -> None:
    graph = grimp.build_graph("cxaudit", exclude_type_checking_imports=True)
    assert _cycles(graph) == []


DATABASE_NAMES = frozenset({"Database", "open_database"})


def _database_uses(source: str) -> list[int]:
    """Lines that name the Database, open one, or call `.session()` (strings do not count)."""
    lines: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if (
            (isinstance(node, ast.Name) and node.id in DATABASE_NAMES)
            or (isinstance(node, ast.Attribute) and node.attr in DATABASE_NAMES)
            or isinstance(node, ast.alias)
            and node.name.rsplit(".", 1)[-1] in DATABASE_NAMES
            or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "session"
            )
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_only_storage_and_services_open_database_sessions() -> None:
    allowed = ("storage", "services")
    offenders = {
        str(path.relative_to(PACKAGE)): uses
        for path in _modules()
        if path.relative_to(PACKAGE).parts[0] not in allowed
        and (uses := _database_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
