"""Layout: data flows one way — no module of the package imports, directly or through others, itself."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "handbok"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(path: Path) -> set[str]:
    """The package's own modules `path` imports (relative imports; `from . import x` names the submodule)."""
    here = _module(path).split(".")
    base_parts = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(base_parts[:len(base_parts) - node.level + 1] + ([node.module] if node.module else []))
            subs = {f"{base}.{alias.name}" for alias in node.names if _exists(f"{base}.{alias.name}")}
            found |= subs or ({base} if _exists(base) else set())
    # Importing a.b.c runs the package a/b/__init__.py first, unless we are inside that package already.
    packages = {name.rsplit(".", 1)[0] for name in found if "." in name.removeprefix("handbok.")}
    return (found | {p for p in packages if not _module(path).startswith(p + ".")}) - {_module(path)}


def test_no_import_cycles() -> None:
    graph = {_module(p): _imports(p) for p in PACKAGE.rglob("*.py")}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str], done: set[str]) -> None:
        for target in sorted(graph.get(node, ())):
            if target in stack:
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in done:
                visit(target, [*stack, target], done)
        done.add(node)

    finished: set[str] = set()
    for module in sorted(graph):
        visit(module, [module], finished)
    assert cycles == [], "\n".join(" -> ".join(c) for c in cycles)
