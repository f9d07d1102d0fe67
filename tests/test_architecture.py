"""The project's shape: apps import downwards only, and every package the code imports is declared."""

import ast
import importlib.metadata
import re
import sys
import textwrap
import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
APPS = PROJECT["tool"]["importlinter"]["root_packages"]
# Ours: the apps, settings, tests, and the scripts folder's modules (one script may import another).
OURS = {*APPS, "config", "tests", "scripts", *(p.stem for p in (ROOT / "scripts").glob("*.py"))}


def test_it_keeps_the_layering_contract_of_design_md():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_the_layering_contract_breaks_on_an_upward_import(tmp_path, monkeypatch):
    """The contract is not vacuous: a lower app importing a higher one fails it."""
    for app in ("low", "high"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "low" / "rules.py").write_text("from high import views\n")
    (tmp_path / "high" / "views.py").write_text("")
    config = tmp_path / "contract.toml"
    config.write_text(
        textwrap.dedent("""
        [tool.importlinter]
        root_packages = ["low", "high"]
        [[tool.importlinter.contracts]]
        name = "downwards"
        type = "layers"
        layers = ["high", "low"]
        """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) == 1


def _imported_top_levels(paths) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def _declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _undeclared(paths, declared: set[str]) -> dict[str, list[str]]:
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for name in sorted(_imported_top_levels(paths) - OURS - set(sys.stdlib_module_names)):
        dists = {d.lower().replace("_", "-") for d in distributions.get(name, [name])}
        if not dists & declared:
            missing[name] = sorted(dists)
    return missing


def _python_files(*folders: str):
    for folder in folders:
        yield from (p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts)


def test_every_package_the_app_imports_is_a_declared_dependency():
    runtime = _declared(PROJECT["project"]["dependencies"])
    assert _undeclared(_python_files(*APPS, "config"), runtime) == {}


def test_every_package_the_tests_import_is_declared_for_development():
    declared = _declared(
        PROJECT["project"]["dependencies"] + PROJECT["project"]["optional-dependencies"]["dev"]
    )
    assert _undeclared(_python_files("tests", "scripts"), declared) == {}


def test_it_finds_an_undeclared_import(tmp_path):
    module = tmp_path / "uses_requests.py"
    module.write_text("import requests\nimport json\nfrom django.db import models\n")
    assert _undeclared([module], {"django"}) == {"requests": ["requests"]}


CLOCK_READERS = {"today", "now", "localdate", "localtime", "utcnow"}


def _clock_reads_at_import(path: Path, root: Path = ROOT) -> list[str]:
    """Calls like date.today() or timezone.now() in a module's top-level statements (not in functions)."""
    found = []
    for statement in ast.parse(path.read_text()).body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Lambda):
                continue
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in CLOCK_READERS:
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_no_module_reads_the_clock_at_import():
    """A date read at import is the date the process started: wrong after midnight, and unfrozen in tests."""
    reads = [r for p in _python_files(*APPS, "config", "tests") for r in _clock_reads_at_import(p)]
    assert reads == []


def test_it_finds_a_clock_read_at_import(tmp_path):
    module = tmp_path / "dated.py"
    module.write_text(
        "from datetime import date\nTODAY = date.today()\ndef later():\n    return date.today()\n"
    )
    assert _clock_reads_at_import(module, root=tmp_path) == ["dated.py:2"]
