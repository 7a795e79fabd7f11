"""The judge of the protocol claim: does any reading of Appendix A give Fig. 1's steep spectrum?

It rests on :func:`rglib.studies.protocol.protocol_map`, whose criteria were
fixed before the map was first run (issue 19): a stop has Fig. 1's shape when
at most ``fraction_factor`` times the paper's 200 / 1,600 of its singular
values exceed 20 % of the largest, its training has converged when the
training reconstruction error moved by at most ``tolerance`` (relative) since
the run's previous stop, and a reading reproduces Fig. 1 at a stop where both
hold in a majority of its seeds.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..profiles import Profile, require_profile
from ..studies import protocol
from .core import Judgement, three_way

__all__ = ["judge_protocol", "protocol_source"]


def protocol_source(profile: Profile) -> str:
    """What the protocol claim rests on, in words (TypeError if ``profile`` is not a Profile)."""
    sizes = protocol.map_sizes(require_profile(profile))
    small, large = sizes["small"], sizes["large"]
    return (f"protocol map: {small.side}²→{small.hidden_side}² ({len(small.seeds)} seeds, "
            f"{small.n_train:,} samples) and {large.side}²→{large.hidden_side}² "
            f"({len(large.seeds)} seed{'s' if len(large.seeds) > 1 else ''}, {large.n_train:,} samples), "
            f"T = {profile.ising.temperature:g}, {len(protocol.readings(profile))} readings")


def judge_protocol(evidence: protocol.ProtocolMap, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the literal protocol reproduces Fig. 1 from every start; disagrees if no reading does."""
    factor, tolerance = thresholds["fraction_factor"], thresholds["tolerance"]
    literal = evidence.literal()
    literal_ok = all(evidence.reproduces(*stop, factor, tolerance) for stop in literal)
    found = evidence.reproducing(False, factor, tolerance)
    control = [stop for stop in evidence.reproducing(True, factor, tolerance) if stop not in found]
    starts_steep = [label for label, size, _ in literal if evidence.majority_steep(label, size, 0.0, factor)]
    trained = [stop for stop in evidence.stops() if stop[2] > 0]
    verdict = three_way(literal_ok, not found)
    key = (f"{len(found)} of {sum(1 for s in trained if not _is_control(evidence, s[0]))} trained stops of "
           f"the paper's readings reproduce Fig. 1 (at most {100 * factor * protocol.PAPER_KEPT_FRACTION:g} % "
           f"kept, converged); weight-decay control: {'yes' if control else 'no'}")
    numbers = {
        "reproducing": [list(stop) for stop in found],
        "control_reproducing": [list(stop) for stop in control],
        "starts_already_steep": starts_steep,
        **{f"literal_kept_fraction.{label}": evidence.median(label, size, step, "kept_fraction")
           for label, size, step in literal},
    }
    note = ("starting weights already steep: " + ", ".join(starts_steep)) if starts_steep else ""
    return Judgement(verdict, key, numbers, note)


def _is_control(evidence: protocol.ProtocolMap, label: str) -> bool:
    return any(point.control for point in evidence.points if point.label == label)
