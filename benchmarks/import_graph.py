"""Count first-party import cycles (deferred imports included) and deferred imports.

Usage: python benchmarks/import_graph.py [--list]
Prints the number of strongly connected components with more than one module (cycles),
their sizes, and how many first-party imports sit inside functions (deferred).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "tui")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def resolve(name: str, known: dict[str, Path]) -> str | None:
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _absolute(node: ast.ImportFrom, current: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, bool]]:
    """(target module, deferred?) for each first-party import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = deferred or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(child, name, path.name == "__init__.py")
                targets = [f"{base}.{alias.name}" for alias in child.names]
            else:
                visit(child, inner)
                continue
            hits = {resolve(target, known) for target in targets} - {None, name}
            # One entry per statement: the first target carries the deferred count.
            for n, hit in enumerate(sorted(h for h in hits if h)):
                found.append((hit, deferred and n == 0))

    visit(tree, False)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        result.append(sorted(component))
    return result


def _parents(module: str, known: dict[str, Path]) -> list[str]:
    parts = module.split(".")
    return [p for p in (".".join(parts[:n]) for n in range(1, len(parts))) if p in known]


def main() -> None:
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    deferred = 0
    for name, path in known.items():
        for target, is_deferred in imports(name, path, known):
            graph[name].add(target)
            # Importing a.b.c first runs the package a.b, unless the importer is inside it
            # (then the package is already running).
            graph[name] |= {
                parent
                for parent in _parents(target, known)
                if not name.startswith(parent + ".") and parent != name
            }
            deferred += is_deferred
    found = cycles(graph)
    ui = sum(1 for n in known if n.startswith("assistant") for t in graph[n] if t.startswith("tui"))
    print(f"modules: {len(known)}")
    print(f"cycles (SCCs > 1 module): {len(found)}; sizes {sorted(map(len, found), reverse=True)}")
    print(f"modules in cycles: {sum(map(len, found))}")
    print(f"deferred first-party import statements: {deferred}")
    print(f"assistant -> tui imports: {ui}")
    if "--list" in sys.argv:
        for component in found:
            print(" ", ", ".join(component))


if __name__ == "__main__":
    main()
