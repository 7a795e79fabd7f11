"""The GPU script's set-up logic, on the CPU: which modules are missing, which wheels supply them."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "gpu_setup.py"
spec = importlib.util.spec_from_file_location("gpu_setup", SCRIPT)
gpu_setup = importlib.util.module_from_spec(spec)
sys.modules["gpu_setup"] = gpu_setup
spec.loader.exec_module(gpu_setup)


def _wheel(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"not a real wheel")
    return path


def test_missing_lists_exactly_the_modules_that_cannot_be_imported():
    assert gpu_setup.missing(["json", "no_such_module_rglib", "numpy"]) == ["no_such_module_rglib"]


def test_a_wheel_is_found_by_its_normalized_distribution_name(tmp_path):
    wheel = _wheel(tmp_path, "platformdirs-4.14.8-py3-none-any.whl")
    _wheel(tmp_path, "scikit_image-0.26.0-cp312-cp312-manylinux_2_28_x86_64.whl")
    assert gpu_setup.wheel_for("platformdirs", tmp_path) == wheel
    assert gpu_setup.wheel_for("scikit-image", tmp_path).name.startswith("scikit_image")
    assert gpu_setup.wheel_for("mlxtend", tmp_path) is None
    assert gpu_setup.wheel_for("mlxtend", tmp_path / "absent") is None


def test_two_versions_of_one_wheel_are_refused(tmp_path):
    _wheel(tmp_path, "platformdirs-4.14.8-py3-none-any.whl")
    _wheel(tmp_path, "platformdirs-4.0.0-py3-none-any.whl")
    with pytest.raises(ValueError, match="keep one"):
        gpu_setup.wheel_for("platformdirs", tmp_path)


def test_the_plan_installs_what_the_wheels_supply_and_names_what_stays_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(gpu_setup, "REQUIRED", {"json": "json", "absent_a": "absent-a",
                                                "absent_b": "absent-b"})
    monkeypatch.setattr(gpu_setup, "OPTIONAL", {"absent_c": "absent-c"})
    monkeypatch.setattr(gpu_setup, "GPU", {"absent_gpu": "absent-gpu"})
    wheel = _wheel(tmp_path, "absent_a-1.0-py3-none-any.whl")
    plan = gpu_setup.plan(tmp_path, need_gpu=True)
    assert plan.install == (wheel,)
    assert plan.missing_required == ("absent_b (absent-b)", "absent_gpu (absent-gpu)")
    assert plan.missing_optional == ("absent_c (absent-c)",)
    assert gpu_setup.plan(tmp_path, need_gpu=False).missing_required == ("absent_b (absent-b)",)


def test_the_install_command_never_reaches_an_index(tmp_path):
    command = gpu_setup.install_command([tmp_path / "a.whl"], tmp_path / "site")
    assert "--no-index" in command and "--no-deps" in command
    assert command[command.index("--target") + 1] == str(tmp_path / "site")


def test_the_script_fails_naming_a_required_module_it_cannot_supply(tmp_path):
    code = (f"import sys; sys.path.insert(0, {str(SCRIPT.parent)!r}); import gpu_setup; "
            "gpu_setup.REQUIRED['absent_module_x'] = 'absent-x'; "
            f"sys.exit(gpu_setup.main(['--wheels', {str(tmp_path)!r}, '--target', "
            f"{str(tmp_path / 's')!r}, '--no-gpu']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert "absent_module_x (absent-x)" in done.stderr and "pip download" in done.stderr


def test_the_gpu_script_uses_the_setup_and_no_registry():
    script = (SCRIPT.parent / "gpu_check.sh").read_text()
    assert "gpu_setup.py" in script and "PYTHONPATH" in script
    assert "venv" not in script and "pip install" not in script
