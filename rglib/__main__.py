"""Command line: ``python -m rglib reproduce [--profile paper] [--device gpu]``.

``reproduce`` makes every expensive artifact of the book (samples and trained
weights) for one profile, with progress bars and resumable checkpoints, and
leaves them in the cache (``RGLIB_CACHE``). Building the book afterwards with the
same ``RGLIB_PROFILE`` renders from them without sampling or training again.
"""

from __future__ import annotations

import argparse
import os
import time

from . import artifacts
from .backend import DEVICE_CHOICES, DEVICE_ENVIRONMENT_VARIABLE, describe_device, resolve_device
from .cache import cache_directory
from .profiles import PROFILE_ENVIRONMENT_VARIABLE, PROFILES, active_profile


def reproduce(profile_name: str | None, device: str) -> None:
    """Make (or find in the cache) every artifact the book needs for one profile."""
    if profile_name is not None:
        os.environ[PROFILE_ENVIRONMENT_VARIABLE] = profile_name
    os.environ[DEVICE_ENVIRONMENT_VARIABLE] = device
    profile = active_profile()
    resolved = resolve_device()
    print(f"profile {profile.name}; device {resolved} ({describe_device(resolved)}); cache {cache_directory()}")
    steps = [
        ("validation scan", lambda: artifacts.validation_scan(profile, progress=True)),
        ("autocorrelation runs", lambda: artifacts.autocorrelation_runs(profile, progress=True)),
        ("example configurations", lambda: artifacts.example_configurations(progress=True)),
        ("training set", lambda: artifacts.training_set(profile, progress=True)),
        ("held-out set", lambda: artifacts.held_out_set(profile, progress=True)),
        ("RBM stack (layer 0 is the single RBM)", lambda: artifacts.rbm_stack(profile, progress=True)),
    ]
    for name, step in steps:
        started = time.perf_counter()
        step()
        print(f"{name}: done in {time.perf_counter() - started:.1f} s", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m rglib", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("reproduce", help="make every artifact of the book for one profile")
    command.add_argument("--profile", choices=sorted(PROFILES), help="default: $RGLIB_PROFILE or ci")
    command.add_argument("--device", choices=DEVICE_CHOICES, default="auto")
    arguments = parser.parse_args(argv)
    reproduce(arguments.profile, arguments.device)


if __name__ == "__main__":
    main()
