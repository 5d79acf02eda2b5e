"""The import graph of ``macros/`` between its parts, and its cycles: ``python -m macros.tools.import_graph``.

A part is a package (``core``, ``records``, ``records.cpts``, ``geo``, ``build``…: the modules
directly in it) or a module at the top of the package (``features``, ``validate``…). Every import
counts, including imports inside functions and under ``TYPE_CHECKING``: a lazy import is still a
dependency. ``--top`` merges each sub-package with the packages inside it (``records``).

    python -m macros.tools.import_graph              # the working tree
    python -m macros.tools.import_graph --top        # sub-packages only (core, records, geo…)
    python -m macros.tools.import_graph --rev 577460a   # a commit (the flat layout before issue 12)

Read by ``tests/unit/test_architecture.py``, which asserts there is no cycle.
"""
from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from io import BytesIO
from pathlib import Path

PACKAGE = "macros"


def modules(package_dir: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imported(module: str, path: Path, known: dict[str, Path]) -> list[str]:
    """The modules of the package that ``module`` imports (resolved to existing modules)."""
    is_package = path.name == "__init__.py"
    targets = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # ``from pkg import name``: name is a module when such a module exists.
            targets += [f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in known else stem for alias in node.names]
    return [t for t in targets if t == PACKAGE or t.startswith(PACKAGE + ".")]


def part_of(module: str, known: dict[str, Path] | None = None, top: bool = False) -> str:
    """The part a module belongs to: ``macros.records.faq.model`` → ``records.faq`` (``records``
    with ``top``); ``macros.features`` → ``features``; ``macros`` → ``__init__``."""
    parts = module.split(".")[1:]
    if not parts:
        return "__init__"
    if top:
        return parts[0]
    is_package = known is not None and known.get(module, Path()).name == "__init__.py"
    package = parts if is_package else parts[:-1]
    return ".".join(package) or parts[0]


def graph(package_dir: Path, top: bool = False) -> tuple[dict[tuple[str, str], int], dict[str, set[str]]]:
    """Edges between parts (with their number of import statements) and the parts importing a
    third-party name, for the few that matter (mkdocs)."""
    known = modules(package_dir)
    edges: dict[tuple[str, str], int] = defaultdict(int)
    third_party: dict[str, set[str]] = defaultdict(set)
    for module, path in known.items():
        for target in imported(module, path, known):
            a, b = part_of(module, known, top), part_of(target, known, top)
            if a != b:
                edges[(a, b)] += 1
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and not node.level and node.module else []
            for name in names:
                if name.split(".")[0] == "mkdocs":
                    third_party["mkdocs"].add(module)
    return dict(edges), dict(third_party)


def cycles(edges: dict[tuple[str, str], int]) -> list[list[str]]:
    """Strongly connected components of more than one part (Tarjan), each sorted."""
    succ: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
    nodes = sorted({n for e in edges for n in e})
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in nodes:
        if v not in index:
            visit(v)
    return sorted(found)


def checkout(rev: str) -> Path:
    """``macros/`` as it was at ``rev``, in a temporary folder."""
    archive = subprocess.run(["git", "archive", "--format=tar", rev, PACKAGE], check=True, capture_output=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="import-graph-"))
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / PACKAGE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="a git revision instead of the working tree")
    parser.add_argument("--top", action="store_true", help="sub-packages with the packages inside them")
    args = parser.parse_args(argv)
    package_dir = checkout(args.rev) if args.rev else Path(__file__).resolve().parents[1]
    edges, third_party = graph(package_dir, args.top)
    print(f"# {len(edges)} edges between the parts of {PACKAGE}/ (importer -> imported: import statements)")
    for (a, b), count in sorted(edges.items()):
        print(f"{a} -> {b}: {count}")
    print("# parts importing mkdocs: " + ", ".join(sorted({part_of(m, top=True) for m in third_party.get("mkdocs", ())})))
    found = cycles(edges)
    print(f"# {len(found)} cycle(s)" + "".join("\n" + " <-> ".join(c) for c in found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
