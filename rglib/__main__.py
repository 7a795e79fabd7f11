"""Command line: ``python -m rglib reproduce|results [--profile paper] [--device gpu] [--precision tf32]``
and ``python -m rglib claims [--profile ci|paper] [--json FILE]``.

``reproduce`` makes every expensive artifact of the book (samples and trained
weights) for one profile, with progress bars and resumable checkpoints, and
leaves them in the cache (``RGLIB_CACHE``). Building the book afterwards with the
same ``RGLIB_PROFILE`` (and ``RGLIB_PRECISION``) renders from them without
sampling or training again. ``claims`` measures and judges every claim of the
paper (:mod:`rglib.claims`), making missing artifacts with progress bars. ``results``
runs ``reproduce`` (when a chosen claim is on the trained Ising network), then
judges the claims and writes the results file (:mod:`rglib.meta.results_file`,
by default ``results/paper.json``; ``--merge`` adds them to it).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from . import artifacts, claims
from .meta import precision, results_file
from .profiles import (
    PRECISION_ENVIRONMENT_VARIABLE, PRECISIONS, PROFILE_ENVIRONMENT_VARIABLE, PROFILES,
    active_profile,
)
from .runtime.backend import (
    DEVICE_CHOICES, DEVICE_ENVIRONMENT_VARIABLE, describe_device, gpu_available, resolve_device,
    torch_device,
)
from .runtime.cache import CacheAccessError, cache_directory
from .runtime.output import SavedElsewhereError, require_output_file, save_or_rescue
from .runtime.validation import require_choice


def reproduce(profile_name: str | None, device: str, precision: str | None = None) -> dict[str, float]:
    """Make (or find in the cache) every artifact the book needs for one profile.

    Parameters
    ----------
    profile_name : {"ci", "paper"}, optional
        Default: ``RGLIB_PROFILE`` (else ``ci``).
    device : {"auto", "cpu", "gpu"}
        Sets ``RGLIB_DEVICE`` for this process.
    precision : {"fp32", "tf32"}, optional
        Sets ``RGLIB_PRECISION`` (matrix products of training) for this process.

    Returns
    -------
    dict of str to float
        Wall time in seconds of each step, by step name.

    Raises
    ------
    ValueError
        For a bad argument, naming it, before anything is set or made.
    """
    if profile_name is not None:
        require_choice("profile_name", profile_name, tuple(PROFILES))
    resolve_device(require_choice("device", device, DEVICE_CHOICES))  # a missing GPU names `device`
    if precision is not None:
        require_choice("precision", precision, PRECISIONS)
    if profile_name is not None:
        os.environ[PROFILE_ENVIRONMENT_VARIABLE] = profile_name
    if precision is not None:
        os.environ[PRECISION_ENVIRONMENT_VARIABLE] = precision
    os.environ[DEVICE_ENVIRONMENT_VARIABLE] = device
    profile = active_profile()
    resolved = resolve_device()
    print(f"profile {profile.name}; device {resolved} ({describe_device(resolved)}); "
          f"torch device {torch_device()}; precision {artifacts.training_precision(profile)}; "
          f"cache {cache_directory()}", flush=True)
    steps = [
        ("validation scan", lambda: artifacts.validation_scan(profile, progress=True)),
        ("autocorrelation runs", lambda: artifacts.autocorrelation_runs(profile, progress=True)),
        ("example configurations", lambda: artifacts.example_configurations(progress=True)),
        ("training set", lambda: artifacts.training_set(profile, progress=True)),
        ("held-out set", lambda: artifacts.held_out_set(profile, progress=True)),
        ("RBM stack (layer 0 is the single RBM)", lambda: artifacts.rbm_stack(profile, progress=True)),
    ]
    seconds = {}
    for name, step in steps:
        started = time.perf_counter()
        step()
        seconds[name] = time.perf_counter() - started
        print(f"{name}: done in {seconds[name]:.1f} s", flush=True)
    return seconds


def claims_command(profile_name: str | None, json_path: str | os.PathLike | None,
                   ids: list[str] | None = None) -> None:
    """Print the verdict of every claim (or of the claims ``ids``) for one profile, optionally as JSON.

    Missing artifacts are made first.

    Parameters
    ----------
    profile_name : {"ci", "paper"}, optional
        Default: ``RGLIB_PROFILE`` (else ``ci``).
    json_path : path, optional
        Also write the results there (:func:`rglib.claims.save_results`).
    ids : list of str, optional
        Claim ids (``rglib.claims.CLAIMS``) to judge; default: every claim.

    Raises
    ------
    TypeError
        For a ``json_path`` that is not a path.
    ValueError
        For an unknown profile or claim id, or a ``json_path`` that could not be
        written (:func:`rglib.runtime.output.require_output_file`), naming it, before any work.
    rglib.runtime.output.SavedElsewhereError
        If ``json_path`` could not be written after the work after all; the
        results were saved to the temporary file it names.
    """
    if profile_name is not None:
        require_choice("profile_name", profile_name, tuple(PROFILES))
    if json_path is not None:
        json_path = require_output_file("json_path", json_path)
    if ids is not None:
        known = {claim.id for claim in claims.CLAIMS}
        if not isinstance(ids, list) or not ids or not set(ids) <= known:
            raise ValueError(f"ids must be a non-empty list of claim ids, got {ids!r}; "
                             f"known ids: {sorted(known)}")

    results = claims.evaluate(profile_name, ids=ids, progress=True)
    width = max(len(result.id) for result in results)
    for result in results:
        detail = result.key_number or result.note
        print(f"{result.id:{width}s}  {result.verdict:18s}  {detail}")
    if json_path is not None:
        save_or_rescue(json_path, lambda target: claims.save_results(results, target),
                       f"the {len(results)} results")
        print(f"wrote {len(results)} results to {json_path}")


def precision_study_command(profile_name: str, device: str, output: str | os.PathLike | None) -> None:
    """Run the fp32/tf32 study (:mod:`rglib.meta.precision`) and save it with its provenance.

    Parameters
    ----------
    profile_name : {"ci", "paper"}
        The profile whose network is trained.
    device : {"auto", "cpu", "gpu"}
        Sets ``RGLIB_DEVICE`` for this process; the study needs a CUDA GPU.
    output : path, optional
        Where to save (default: the project's ``results/precision.json``).

    Raises
    ------
    TypeError
        For an ``output`` that is not a path.
    ValueError
        For a bad argument (an ``output`` that could not be written included), naming it,
        before anything is trained.
    rglib.runtime.output.SavedElsewhereError
        If ``output`` could not be written after the work after all; the study
        was saved to the temporary file it names.
    """
    require_choice("profile_name", profile_name, tuple(PROFILES))
    resolve_device(require_choice("device", device, DEVICE_CHOICES))
    output = require_output_file("output", precision.DEFAULT_PATH if output is None else output)

    os.environ[DEVICE_ENVIRONMENT_VARIABLE] = device
    started = time.perf_counter()
    study = precision.run(active_profile(profile_name), progress=True)
    seconds = {"precision study": time.perf_counter() - started}
    record = results_file.provenance(
        profile_name, results_file.device_name(), torch_device(), "fp32 and tf32", seconds)
    where = save_or_rescue(output, lambda target: precision.save(study, target, record), "the study")
    moved = [row for row in study["rows"] if not row["within_spread"]]
    print(f"{len(study['rows'])} measures compared, {len(moved)} moved by their seed spread or more; "
          f"wrote {where}")


def _add_run_options(command: argparse.ArgumentParser) -> None:
    """The options of the commands that make artifacts: profile, device, precision."""
    command.add_argument("--profile", type=str.lower, choices=sorted(PROFILES),
                         help="default: $RGLIB_PROFILE or ci (either case)")
    command.add_argument("--device", type=str.lower, choices=DEVICE_CHOICES, default="auto")
    command.add_argument("--precision", type=str.lower, choices=PRECISIONS,
                         help="matrix products of training; tf32 needs a CUDA GPU "
                              "(default: $RGLIB_PRECISION or fp32)")


def main(argv: list[str] | None = None) -> None:
    """The command line (see the module's description); ``argv`` defaults to ``sys.argv[1:]``."""
    if argv is not None and (
        not isinstance(argv, (list, tuple)) or not all(isinstance(word, str) for word in argv)
    ):
        raise TypeError(f"argv must be a list of str, e.g. ['reproduce', '--profile', 'ci'], got {argv!r}")
    parser = argparse.ArgumentParser(prog="python -m rglib", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    _add_run_options(commands.add_parser("reproduce", help="make every artifact of the book for one profile"))
    command = commands.add_parser("claims", help="measure and judge every claim of the paper for one profile")
    command.add_argument("--profile", type=str.lower, choices=sorted(PROFILES),
                         help="default: $RGLIB_PROFILE or ci (either case)")
    command.add_argument("--json", metavar="FILE", help="also write the results to FILE as JSON")
    command.add_argument("--ids", help="comma-separated claim ids to judge (default: every claim)")
    command = commands.add_parser(
        "results", help="reproduce, judge every claim and write the results file (results/paper.json)")
    _add_run_options(command)
    command.add_argument("--output", metavar="FILE", help="default: the project's results/paper.json")
    command.add_argument("--chapters", default="all",
                         help="comma-separated chapters whose claims to judge (default: all)")
    command.add_argument("--ids", help="comma-separated claim ids to judge, of those chapters "
                                       "(default: all of them)")
    command.add_argument("--merge", action="store_true",
                         help="add these claims to the results file, keeping the other claims and "
                              "the runs that judged them (default: replace the file)")
    command = commands.add_parser(
        "precision-study", help="on a GPU: the ci network in fp32 and tf32 over 3 seeds, every "
                                "network verdict metric compared (results/precision.json)")
    command.add_argument("--profile", type=str.lower, choices=sorted(PROFILES), default="ci")
    command.add_argument("--device", type=str.lower, choices=DEVICE_CHOICES, default="gpu")
    command.add_argument("--output", metavar="FILE", help="default: the project's results/precision.json")
    arguments = parser.parse_args(argv)
    try:
        _run(parser, arguments)
    except KeyboardInterrupt:
        print("\ninterrupted; run the same command again to resume (samples already made are "
              "cached; training resumes from its last checkpoint)", file=sys.stderr)
        raise SystemExit(130) from None
    except SavedElsewhereError as error:  # the work is done and kept: say where, not a traceback
        print(f"python -m rglib {arguments.command}: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    except (ValueError, CacheAccessError) as error:  # a setting that cannot be used
        parser.error(str(error))


def _run(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> None:
    """The chosen command, its output path checked before any work."""
    for option in ("json", "output"):
        if getattr(arguments, option, None) is not None:
            require_output_file(f"--{option}", getattr(arguments, option))
    if arguments.command == "claims":
        claims_command(arguments.profile, arguments.json,
                       None if arguments.ids is None else arguments.ids.split(","))
        return
    if arguments.device == "gpu" and not gpu_available():
        parser.error("--device gpu: no usable GPU here (CuPy is missing or cupy.is_available() "
                     "is False); use --device cpu or auto")

    def make_artifacts() -> dict[str, float]:
        return reproduce(arguments.profile, arguments.device, arguments.precision)

    if arguments.command == "reproduce":
        make_artifacts()
    elif arguments.command == "results":
        chapters = None if arguments.chapters == "all" else arguments.chapters.split(",")
        written = results_file.run(arguments.profile or active_profile().name,
                                   arguments.output or results_file.DEFAULT_PATH, reproduce=make_artifacts,
                                   chapters=chapters, merge=arguments.merge,
                                   ids=None if arguments.ids is None else arguments.ids.split(","))
        print(f"wrote {written}")
    else:
        precision_study_command(arguments.profile, arguments.device, arguments.output)


if __name__ == "__main__":
    main()
