"""Layout: data flows one way — folders are layers that import only downwards, and no module imports itself."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "scripts" / "handbok"

# Folders are layers: a folder imports only from the folders below it (the same level: never each other).
LAYERS = {"core": 1, "source": 2, "checks": 3, "prcheck": 4, "edit": 4, "reports": 4, "importer": 4, "scaffold": 4,
          "site": 5, "cli": 6}
APART = {"handbok", "handbok.markdown_ext"}  # the package's face, and the Markdown extension mkdocs.yml names


def _module(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(name: str, package: Path = PACKAGE) -> bool:
    path = package.parent / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(path: Path, package: Path = PACKAGE) -> set[str]:
    """The package's own modules `path` imports (relative imports; `from . import x` names the submodule)."""
    here = _module(path, package).split(".")
    base_parts = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(base_parts[:len(base_parts) - node.level + 1] + ([node.module] if node.module else []))
            subs = {f"{base}.{alias.name}" for alias in node.names if _exists(f"{base}.{alias.name}", package)}
            found |= subs or ({base} if _exists(base, package) else set())
    # Importing a.b.c runs the package a/b/__init__.py first, unless we are inside that package already.
    packages = {name.rsplit(".", 1)[0] for name in found if "." in name.removeprefix("handbok.")}
    return (found | {p for p in packages if not _module(path, package).startswith(p + ".")}) - {_module(path, package)}


def _folder(module: str) -> str:
    return module.split(".")[1]


def _upward(package: Path) -> list[str]:
    """Every import of a module in the same or a higher layer folder than the importing module's own."""
    found = []
    for path in package.rglob("*.py"):
        here = _module(path, package)
        if here in APART:
            continue
        for target in _imports(path, package):
            if target not in APART and _folder(target) != _folder(here) and LAYERS[_folder(target)] >= LAYERS[_folder(here)]:
                found.append(f"{here} -> {target}")
    return sorted(found)


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


def test_every_module_lives_in_a_layer() -> None:
    loose = sorted(m for p in PACKAGE.rglob("*.py") if (m := _module(p)) not in APART and _folder(m) not in LAYERS)
    assert loose == [], f"modules outside the layer folders: {loose}"


def test_every_layer_says_what_it_is() -> None:
    for folder, level in LAYERS.items():
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and doc.startswith(f"Layer {level}, {folder}:"), folder


def test_imports_only_point_down() -> None:
    assert _upward(PACKAGE) == []


def test_the_layer_rule_sees_an_upward_import(tmp_path: Path) -> None:
    """The rule's own check (a test that cannot fail is a defect): a core module importing the site is found."""
    copy = tmp_path / "handbok"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "templates", "assets", "schemas"))
    (copy / "core" / "planted.py").write_text("from ..site.build import page_input\n", encoding="utf-8")
    (copy / "checks" / "planted.py").write_text("from ..edit import recording\n", encoding="utf-8")
    assert _upward(copy) == ["handbok.checks.planted -> handbok.edit", "handbok.checks.planted -> handbok.edit.recording",
                             "handbok.core.planted -> handbok.site", "handbok.core.planted -> handbok.site.build"]
