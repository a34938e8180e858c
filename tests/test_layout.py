"""The package's layout holds: the stages flow one way, and no package uses another's private names.

Every module under `scraper/` is parsed (not imported) and each of its imports checked, the lazy
ones inside functions and those under `TYPE_CHECKING` included: a module may import its own
layer and the layers below it, never one above. Names starting with `_` stay in their package.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import scraper

PACKAGE_DIR = Path(scraper.__file__).parent

# Bottom to top. "scraper" is the package's own __init__ (version, URLs), not all of it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("scraper", "scraper.words", "scraper.human_dates"),  # shared: counted nouns, days for people
    ("scraper.read",),  # page text → records
    ("scraper.track",),  # records over time → events, findings, snapshots
    ("scraper.fetch", "scraper.fetch_platforms"),  # the network: pages → readings
    ("scraper.publish",),  # reports, feeds, calendars, the site, the published documents
    ("scraper.act",),  # audit, timeline, export
    # The orchestration: `run` and `replay`, the command line, GitHub's step outputs.
    ("scraper.runner", "scraper.cli", "scraper.cli_partners", "scraper.github", "scraper.__main__"),
)


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    line: int
    target: str  # the module imported from
    names: tuple[str, ...] = ()  # the names taken from it (`from target import names`)


def module_name(path: Path, root: Path = PACKAGE_DIR) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    """The index in LAYERS of a module of this package (None: no layer names it)."""
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            # "scraper" alone is the package's __init__, not everything under it.
            if module == prefix or (prefix != "scraper" and module.startswith(prefix + ".")):
                return index
    return None


def package_of(module: str) -> str:
    """`scraper.read.partners.ids` → `scraper.read`; a top-level module → `scraper`."""
    parts = module.split(".")
    if len(parts) >= 2 and (PACKAGE_DIR / parts[1]).is_dir():
        return ".".join(parts[:2])
    return "scraper"


def imports_of(source: str, module: str, *, is_package: bool = False) -> list[Import]:
    """Every import of this package's modules in a module's source, with what it uses."""
    tree = ast.parse(source)
    found: list[Import] = []
    aliases: dict[str, str] = {}  # a local name → the module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "scraper":
                    found.append(Import(module, node.lineno, alias.name))
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            if target.split(".")[0] != "scraper":
                continue
            found.append(Import(module, node.lineno, target, tuple(a.name for a in node.names)))
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{target}.{alias.name}"
    # `import scraper.x as m; m._name`: a private name reached through a module.
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            dotted = _dotted(node.value)
            if dotted is None:
                continue
            head, _, rest = dotted.partition(".")
            if head in aliases:
                target = ".".join(filter(None, [aliases[head], rest]))
                found.append(Import(module, node.lineno, target, (node.attr,)))
    return found


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def backwards(found: list[Import]) -> list[str]:
    """The imports that reach a layer above the importing module's."""
    out = []
    for imp in found:
        here, there = layer_of(imp.module), layer_of(imp.target)
        if here is not None and there is not None and there > here:
            out.append(f"{imp.module}:{imp.line} imports {imp.target} (a layer above it)")
    return out


def private_across(found: list[Import]) -> list[str]:
    """The private names (`_name`, not `__dunder__`) taken from another package."""
    out = []
    for imp in found:
        if package_of(imp.module) == package_of(imp.target):
            continue
        for name in imp.names:
            if name.startswith("_") and not name.startswith("__"):
                out.append(f"{imp.module}:{imp.line} uses {imp.target}'s private {name}")
    return out


def all_imports() -> list[Import]:
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        found += imports_of(
            path.read_text(encoding="utf-8"),
            module_name(path),
            is_package=path.name == "__init__.py",
        )
    return found


def test_every_module_has_a_layer() -> None:
    modules = [module_name(p) for p in sorted(PACKAGE_DIR.rglob("*.py"))]
    assert len(modules) > 40  # the walk found the package
    assert len(all_imports()) > 200  # and the imports in it
    assert [m for m in modules if layer_of(m) is None] == []


def test_imports_flow_one_way() -> None:
    assert backwards(all_imports()) == []


def test_no_private_name_crosses_a_package() -> None:
    assert private_across(all_imports()) == []


def test_the_runner_sits_above_the_stages() -> None:
    stages = ("scraper.read", "scraper.track", "scraper.publish", "scraper.act")
    runner = [i for i in all_imports() if i.target == "scraper.runner"]
    assert runner  # the CLI imports it
    assert [i.module for i in runner if i.module.startswith(stages)] == []


# The checker itself: each rule catches what it is for.


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("scraper.read.extract", "from scraper.track.store import Store", 1),
        ("scraper.track.events", "from scraper.publish.sentences import Line", 1),
        ("scraper.track.events", "def f():\n    from scraper.act import audit", 1),
        ("scraper.publish.calendar", "from scraper.runner import run", 1),
        ("scraper.track.events", "from ..publish import report", 1),
        ("scraper.track.events", "import scraper.cli", 1),
        ("scraper.publish.report", "from scraper.track.events import Event", 0),
        ("scraper.runner", "from scraper.publish.feeds import atom_feed", 0),
        ("scraper.read.extract", "from scraper.words import counted", 0),
    ],
)
def test_a_backwards_import_is_caught(module: str, source: str, expected: int) -> None:
    assert len(backwards(imports_of(source, module))) == expected


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("scraper.publish.report", "from scraper.track.consistency import _ASPECT_TITLES", 1),
        ("scraper.act.audit", "import scraper.runner as runner\nrunner._retirements(x)", 1),
        ("scraper.cli", "from scraper.cli_partners import _platform_url", 0),
        ("scraper.act.audit", "from scraper.read import records\nrecords._private", 1),
        ("scraper.read.partners.ids", "from scraper.read.extract import _helper", 0),
        ("scraper.publish.feeds", "from scraper.publish.report import _words", 0),
        ("scraper.publish.feeds", "from scraper.track.events import __all__", 0),
    ],
)
def test_a_private_name_across_packages_is_caught(module: str, source: str, expected: int) -> None:
    assert len(private_across(imports_of(source, module))) == expected


def test_relative_imports_resolve() -> None:
    found = imports_of("from . import common\nfrom ..records import PageRecord", "scraper.read.x")
    assert [i.target for i in found] == ["scraper.read", "scraper.records"]
    inside = imports_of("from .ids import catalog_of", "scraper.read.partners", is_package=True)
    assert [i.target for i in inside] == ["scraper.read.partners.ids"]
