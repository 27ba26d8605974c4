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


# The layers, bottom first: an app may import its own layer's lower neighbours and anything
# below. Co apps sit side by side and never import each other.
SRC = Path(coproduce.__file__).parent
BOTTOM = {"methods", "envconfig", "ui"}
CORE = [
    "audit",
    "accounts",
    "organisations",
    "places",
    "initiatives",
    "discussion",
    "governance",
    "search",
]
CO_APPS = {"commissioning", "assessment", "design", "delivery", "evaluation"}
TOP = {"web", "api", "urls", "cli", "settings", "wsgi"}


def _app_of(path: Path) -> str:
    parts = path.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _runtime_imports(path: Path) -> set[str]:
    """Our modules imported by ``path``, at module level or inside functions, leaving out
    imports made only for type checking (``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("coproduce.")}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.startswith("coproduce.")
        ):
            names.add(node.module)
    return names


def app_imports(root: Path = SRC) -> dict[str, set[str]]:
    """Return ``{app: apps it imports}`` over every module below ``root`` (migrations aside)."""
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        app = _app_of(path)
        targets = {name.split(".")[1] for name in _runtime_imports(path)} - {app}
        graph.setdefault(app, set()).update(targets)
    return graph


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    """Name every import that goes up a layer or across the Co apps."""
    rank = {app: 0 for app in BOTTOM} | {app: 1 + i for i, app in enumerate(CORE)}
    rank |= {app: 10 for app in CO_APPS} | {app: 20 for app in TOP}
    wrong = []
    for app, targets in sorted(graph.items()):
        for target in sorted(targets):
            if app in CO_APPS and target == "api":
                continue  # a Co app mounts its router: coproduce.api.api.mount
            if app in CO_APPS and target in CO_APPS:
                wrong.append(f"{app} imports {target}: Co apps never import each other")
            elif rank.get(target, 20) > rank.get(app, 20) or (
                app in BOTTOM and target not in BOTTOM
            ):
                wrong.append(f"{app} imports {target}, which is above it")
            elif app in CO_APPS and target in TOP and target != "api":
                wrong.append(f"{app} imports {target}: Co apps never import the top floor")
    return wrong


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return one cycle per strongly connected group of apps that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for target in graph.get(app, ()):
            if target not in index:
                visit(target)
                low[app] = min(low[app], low[target])
            elif target in stack:
                low[app] = min(low[app], index[target])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return cycles


def test_no_app_imports_another_in_a_cycle():
    assert import_cycles(app_imports()) == []


def test_every_import_goes_down_the_layers():
    assert layer_violations(app_imports()) == []


def test_the_rules_catch_a_planted_violation(tmp_path):
    planted = tmp_path / "coproduce"
    for app, code in {
        "accounts/services.py": "from coproduce.commissioning.models import Ballot\n",
        "commissioning/models.py": "from coproduce.accounts.models import Person\n",
        "assessment/views.py": "def f():\n    from coproduce.commissioning import tally\n",
        "ui/forms.py": "from coproduce.web.views import home\n",
    }.items():
        (planted / app).parent.mkdir(parents=True, exist_ok=True)
        (planted / app).write_text(code)
    global SRC
    real, SRC = SRC, planted
    try:
        graph = app_imports(planted)
    finally:
        SRC = real
    assert import_cycles(graph) == [["accounts", "commissioning"]]
    assert layer_violations(graph) == [
        "accounts imports commissioning, which is above it",
        "assessment imports commissioning: Co apps never import each other",
        "ui imports web, which is above it",
    ]


ROLE_READS = {"Membership", "memberships", "is_superuser"}
# Modules that may read roles directly, and why: every capability a role grants goes
# through organisations.permissions, which asks for the second factor in a request.
ROLE_READERS = {
    "organisations/permissions.py": "the role × action matrix itself",
    "organisations/admin.py": "the site admin (behind /admin/, second factor required)",
    "organisations/personal_data.py": "a person's own data export and erasure",
    "accounts/models.py": "creates the site administrator",
    "accounts/services.py": "erasure drops the person's flags",
    "web/demo.py": "loads the demo's accounts",
    "governance/views.py": "staff home lists one's own roles (behind /staff/)",
    "assessment/views/staff_reports.py": "names colleagues to assign (behind /staff/)",
    "commissioning/selectors/rounds.py": "names colleagues who may enter paper ballots",
    "commissioning/services/rounds.py": "a group's proposal names a group one belongs to",
    "commissioning/forms.py": "offers the groups one belongs to as proposal authors",
}


def _reads_roles(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        words: list[str] = []
        if isinstance(node, ast.Name):
            words = [node.id]
        elif isinstance(node, ast.Attribute):
            words = [node.attr]
        elif isinstance(node, ast.keyword) and node.arg:
            words = [node.arg.split("__")[0]]
        elif isinstance(node, ast.alias):
            words = [node.name]
        if ROLE_READS.intersection(words):
            return True
    return False


def test_roles_are_read_only_through_the_permission_helpers():
    readers = set()
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" in relative or relative.startswith("methods/"):
            continue
        if _reads_roles(path):
            readers.add(relative)
    assert readers <= set(ROLE_READERS), sorted(readers - set(ROLE_READERS))
