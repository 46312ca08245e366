"""The package's layers hold: each module imports only from the layers below it (pyproject's import-linter
contract), no module-level import cycle exists, nothing below the facade imports it, and no private name crosses
a module boundary; and
mypy finds no error in the package (pyproject's [tool.mypy]), nor ruff in the code ([tool.ruff])."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "powermap"


def test_the_layers_contract_is_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    done = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 kept, 0 broken" in done.stdout


def _module_level_imports(path: Path) -> set[str]:
    """The powermap modules a file imports when it is imported (not inside a function, nor for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("powermap"):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("powermap"))
            for field in ("body", "orelse", "finalbody", "handlers"):
                visit(getattr(node, field, []) or [])

    visit(tree.body)
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def private_crossings(root: Path = SRC) -> list[str]:
    """Every ``from powermap.x import _name`` in the package (at any depth, lazy imports too): a private name
    of one module used by another, as ``module: powermap.x._name``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("powermap"):
                parts = path.relative_to(root.parent).with_suffix("").parts
                found += [
                    f"{'.'.join(parts)}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    return found


def test_private_crossings_finds_a_private_import(tmp_path):
    package = tmp_path / "powermap"
    package.mkdir()
    (package / "a.py").write_text("from powermap.b import _helper, public\nfrom powermap import __version__\n")
    assert private_crossings(package) == ["powermap.a: powermap.b._helper"]


def test_no_private_name_crosses_a_module_boundary():
    assert private_crossings() == []


def test_no_module_level_import_cycle():
    graph = {_module_name(p): _module_level_imports(p) for p in SRC.rglob("*.py")}
    modules = set(graph)

    def resolve(name: str) -> set[str]:  # "from powermap.x import y" may name a module y or a package x
        return {name} & modules

    state: dict[str, int] = {}

    def walk(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(set().union(*(resolve(m) for m in graph[node])) if graph[node] else set()):
            if state.get(target) == 1:
                raise AssertionError(
                    "import cycle: " + " -> ".join(trail[trail.index(target) :] + [target])
                    if target in trail
                    else f"import cycle through {target}"
                )
            if target not in state:
                walk(target, trail + [target])
        state[node] = 2

    for module in sorted(modules):
        if module not in state:
            walk(module, [module])


def test_nothing_below_the_facade_imports_it():
    for path in SRC.rglob("*.py"):
        if path.parent == SRC and path.stem in ("cli", "cli_shared", "cli_crm", "facade", "facade_store", "__init__"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "powermap.facade" not in source, path.relative_to(SRC)


def test_mypy_finds_no_error():
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_ruff_finds_nothing(command):
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    done = subprocess.run([str(ruff), *command], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_the_helpers_io_and_the_plan_share_are_public():
    from powermap.io import read, validate
    from powermap.plan import whatif
    from powermap.render import text

    for module, names in (
        (validate, ["match_headers", "missing_column", "parse_column", "vocab_parser", "vocab_explainer"]),
        (read, ["finish_table", "load_yaml"]),
        (text, ["top_people"]),
        (whatif, ["new_person"]),
    ):
        for name in names:
            assert getattr(module, name).__doc__, f"{module.__name__}.{name} has no docstring"
