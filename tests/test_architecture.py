"""Architecture rules that tooling enforces."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import coproduce

METHODS = Path(coproduce.__file__).parent / "methods"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_under_methods_imports_django_or_the_apps():
    offenders = {}
    for path in METHODS.rglob("*.py"):
        bad = {
            name
            for name in _imports(path)
            if name.split(".")[0] == "django"
            or (name.startswith("coproduce.") and not name.startswith("coproduce.methods"))
        }
        if bad:
            offenders[str(path.relative_to(METHODS))] = sorted(bad)
    assert offenders == {}


def test_importing_every_methods_package_loads_no_django():
    packages = sorted(f"coproduce.methods.{p.parent.name}" for p in METHODS.glob("*/__init__.py"))
    code = (
        "import importlib, sys\n"
        f"for name in {packages!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
        "raise SystemExit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
