"""The package's house rules, read from its source: rooms that import only rooms below them.

Every module of ``rglib`` belongs to one room (:data:`ROOMS`, bottom first). A
module may import from its own room and the rooms below it, never from a room
above; the imports between modules form no circle; no module imports inside a
function, except CuPy (an optional dependency, imported only when a GPU is used)
or a module that imports it at its top; and no private name (``_name``) is used outside the
module that defines it. The same rules are also checked on planted violations,
so that a checker that finds nothing cannot pass unnoticed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "rglib"

#: The rooms of the package, bottom first; the README draws the same order.
ROOMS = (
    "runtime",    # the machine and the disk: backend, cache, progress, validation
    "profiles",   # every run size
    "ising",      # the Ising model, sampled and solved exactly
    "datasets",   # the data sets, and images as +-1 unit means
    "analysis",   # pure functions of arrays
    "models",     # every way to get weights
    "artifacts",  # cached expensive products of a profile
    "studies",    # one module per experiment: its evidence
    "claims",     # the catalogue, the judges, evaluate()
    "meta",       # studies of the verdicts
    "chapters",   # what the book's pages share
    "__main__",   # the command line
)

#: Third-party packages a function may import on first use: optional or GPU-only.
OPTIONAL_IMPORTS = frozenset({"cupy", "cupyx"})


@dataclass(frozen=True)
class Import:
    """One import statement's target, as the checker sees it."""

    module: str          # importing module, dotted
    target: str          # imported module, dotted
    names: tuple[str, ...]  # names taken from it (empty for ``import x``)
    line: int
    in_function: bool


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_of(package: Path) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    # imports under ``if TYPE_CHECKING:`` or ``try:`` at the top level are still module level
    for node in tree.body:
        if isinstance(node, (ast.If, ast.Try)):
            top_level |= {id(inner) for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, (), node.lineno, id(node) not in top_level)
        elif isinstance(node, ast.ImportFrom):
            target = source_of(module, path, node)
            plain = tuple(a.name for a in node.names if f"{target}.{a.name}" not in modules)
            submodules = [a.name for a in node.names if f"{target}.{a.name}" in modules]
            if plain or not submodules:
                yield Import(module, target, plain, node.lineno, id(node) not in top_level)
            for name in submodules:
                yield Import(module, f"{target}.{name}", (), node.lineno, id(node) not in top_level)


def source_of(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute dotted name that ``from ... import`` statement ``node`` of ``module`` reads from."""
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    base = package.split(".")
    base = base[:len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def room_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:  # rglib/__init__.py: the package's front door, below everything
        return ROOMS[0]
    return parts[1]


def all_imports(package: Path = PACKAGE) -> list[Import]:
    modules = modules_of(package)
    return [item for module, path in modules.items() for item in imports_of(module, path, modules)]


def upward_imports(imports: list[Import]) -> list[str]:
    found = []
    for item in imports:
        if not item.target.startswith("rglib.") and item.target != "rglib":
            continue
        low, high = room_of(item.module), room_of(item.target)
        if ROOMS.index(high) > ROOMS.index(low):
            found.append(f"{item.module} (room {low}) imports {item.target} (room {high}), line {item.line}")
    return found


def unknown_rooms(package: Path = PACKAGE) -> list[str]:
    return sorted(m for m in modules_of(package) if "." in m and room_of(m) not in ROOMS)


def circles(imports: list[Import]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), plus self-imports."""
    graph: dict[str, set[str]] = {}
    known = {item.module for item in imports}
    for item in imports:
        if item.target.startswith("rglib"):
            target = item.target
            while target not in known and "." in target:
                target = target.rpartition(".")[0]
            if target != item.module:
                graph.setdefault(item.module, set()).add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def gpu_modules(package: Path = PACKAGE) -> set[str]:
    """Modules that import CuPy at their top level: they may be imported inside a function."""
    modules = modules_of(package)
    return {item.module for module, path in modules.items() for item in imports_of(module, path, modules)
            if not item.in_function and item.target.split(".")[0] in OPTIONAL_IMPORTS}


def imports_in_functions(imports: list[Import], gpu: set[str]) -> list[str]:
    found = []
    for item in imports:
        if not item.in_function:
            continue
        if item.target.split(".")[0] in OPTIONAL_IMPORTS or item.target in gpu:
            continue
        found.append(f"{item.module} line {item.line} imports {item.target} inside a function")
    return found


def private_names_crossing(package: Path = PACKAGE) -> list[str]:
    """``from x import _name`` and ``x._name`` where ``x`` is another rglib module."""
    modules = modules_of(package)
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound: dict[str, str] = {}  # local name -> rglib module it is bound to
        for item in imports_of(module, path, modules):
            if not item.target.startswith("rglib"):
                continue
            for name in item.names:
                if name.startswith("_") and not name.startswith("__"):
                    found.append(f"{module} line {item.line} takes {item.target}.{name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    imported = f"{source_of(module, path, node)}.{alias.name}"
                    if imported in modules:
                        bound[alias.asname or alias.name] = imported
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("rglib") and alias.asname:
                        bound[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in bound and node.attr.startswith("_")
                    and not node.attr.startswith("__") and bound[node.value.id] != module):
                found.append(f"{module} line {node.lineno} uses {bound[node.value.id]}.{node.attr}")
    return found


# ---------------------------------------------------------------- the package itself
def test_every_module_lives_in_a_room():
    assert unknown_rooms() == []


def test_no_import_points_up_a_layer():
    assert upward_imports(all_imports()) == []


def test_the_imports_form_no_circle():
    assert circles(all_imports()) == []


def test_no_import_inside_a_function_except_cupy():
    assert imports_in_functions(all_imports(), gpu_modules()) == []


def test_no_private_name_crosses_a_module_border():
    assert private_names_crossing() == []


def test_at_most_four_modules_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= 4, top


# ------------------------------------------------------------ planted violations
@pytest.fixture
def planted(tmp_path: Path):
    """A copy of a small package with the given files, to plant one violation each."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "rglib"
        for name, text in {"__init__.py": "", **files}.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            for parent in path.relative_to(root).parents:
                (root / parent / "__init__.py").touch()
            path.write_text(text)
        return root

    return make


def test_an_upward_import_is_found(planted):
    root = planted({"runtime/cache.py": "from ..claims import core\n", "claims/core.py": ""})
    assert upward_imports(all_imports(root)) == [
        "rglib.runtime.cache (room runtime) imports rglib.claims.core (room claims), line 1"]


def test_a_circle_is_found(planted):
    root = planted({"models/rbm.py": "from .training import fit\n",
                    "models/training.py": "from .rbm import RBM\n"})
    assert circles(all_imports(root)) == [["rglib.models.rbm", "rglib.models.training"]]


def test_an_import_inside_a_function_is_found_unless_it_needs_cupy(planted):
    root = planted({"ising/chains.py": "def run():\n    from .gpu import kernel\n    from .sampler import x\n"
                                       "    import cupy\n    import numpy\n",
                    "ising/gpu.py": "import cupy\n", "ising/sampler.py": ""})
    assert imports_in_functions(all_imports(root), gpu_modules(root)) == [
        "rglib.ising.chains line 3 imports rglib.ising.sampler inside a function",
        "rglib.ising.chains line 5 imports numpy inside a function"]


def test_a_private_name_crossing_modules_is_found(planted):
    root = planted({"models/rgm.py": "def _low_pass():\n    pass\n",
                    "studies/drop.py": "from ..models import rgm\nfrom ..models.rgm import _low_pass\n"
                                       "rgm._low_pass()\n"})
    assert private_names_crossing(root) == [
        "rglib.studies.drop line 2 takes rglib.models.rgm._low_pass",
        "rglib.studies.drop line 3 uses rglib.models.rgm._low_pass"]


def test_a_module_outside_every_room_is_found(planted):
    root = planted({"helpers.py": "", "runtime/cache.py": ""})
    assert unknown_rooms(root) == ["rglib.helpers"]
