"""The types of :mod:`rglib.claims`: a claim, its judgement, and a JSON-ready result."""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from ..profiles import Profile, require_profile
from ..runtime.validation import require_flag, require_real

AGREES = "agrees"
PARTLY = "partly agrees"
DISAGREES = "disagrees"
NOT_YET = "not reproduced yet"
#: A claim measured by the book whose data set is not on this machine: no verdict, the reason in the note.
NOT_RUN = "not run here"
#: The verdicts that judge a claim; NOT_YET and NOT_RUN are outside them, and say why instead.
JUDGED = (AGREES, PARTLY, DISAGREES)
VERDICTS = (*JUDGED, NOT_YET, NOT_RUN)
#: The note of a trained network's verdict that its starting weights already earn (:func:`controlled`).
INHERITED = "inherited from the start"


def three_way(agrees: bool, disagrees: bool) -> str:
    """``agrees`` if ``agrees``; else ``disagrees`` if ``disagrees``; else ``partly agrees``."""
    agrees, disagrees = require_flag("agrees", agrees), require_flag("disagrees", disagrees)
    return AGREES if agrees else DISAGREES if disagrees else PARTLY


@dataclass(frozen=True)
class Judgement:
    """What a claim's judge returns: the verdict, its key number, and the numbers behind it.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`: one of :data:`JUDGED`; :data:`NOT_YET` for a
        claim the book does not measure; :data:`NOT_RUN` when its data set is
        not on this machine (no key number, no numbers, the reason in ``note``).
    key_number : str
        The one number a reader should see in the results table, as text.
    numbers : dict
        The measured numbers the verdict rests on (plain JSON values).
    note : str
        Anything the verdict needs said next to it (may be empty).
    """

    verdict: str
    key_number: str
    numbers: Mapping[str, Any]
    note: str = ""


#: A judge turns the evidence of a claim and its thresholds into a Judgement.
Judge = Callable[[Any, Mapping[str, float]], Judgement]


def controlled(trained: Judgement, start: Judgement) -> Judgement:
    """The trained network's judgement once its starting weights are judged by the same criterion.

    A claim about what training produced cannot be ``agrees`` when the
    starting weights already pass: such a verdict becomes ``partly agrees``,
    with the note :data:`INHERITED`. Every other verdict is kept.

    Parameters
    ----------
    trained, start : Judgement
        The same judge's judgement of the trained network and of its starting weights.

    Returns
    -------
    Judgement

    Examples
    --------
    >>> passed = Judgement(AGREES, "", {})
    >>> controlled(passed, passed).verdict, controlled(passed, Judgement(DISAGREES, "", {})).verdict
    ('partly agrees', 'agrees')
    """
    for name, value in (("trained", trained), ("start", start)):
        if not isinstance(value, Judgement):
            raise TypeError(f"{name} must be a Judgement (what a claim's judge returns), got {type(value).__name__}")
    if trained.verdict != AGREES or start.verdict != AGREES:
        return trained
    note = (f"{INHERITED}: the starting weights already pass this criterion ({start.key_number})"
            + (f"; {trained.note}" if trained.note else ""))
    return Judgement(PARTLY, trained.key_number, trained.numbers, note)


@dataclass(frozen=True)
class Claim:
    """One claim of the paper, with the test fixed before running it.

    Attributes
    ----------
    id : str
        Short, stable name (``"fig4-alignment"``).
    reference : str
        Where the paper makes the claim (section, figure, table, equation).
    statement : str
        The claim in one sentence.
    criterion : str
        The criterion, fixed in advance, in one or two sentences.
    chapter : str
        The book chapter (file name without ``.md``) where it is tested.
    measure : callable, optional
        ``measure(profile)`` returns the evidence (from :mod:`rglib.artifacts`,
        made when missing). None for a claim not reproduced yet.
    judge : callable, optional
        ``judge(evidence, thresholds)`` returns a :class:`Judgement`.
    thresholds : dict of str to float
        The criterion's numbers; :func:`evaluate` can be given others (to see
        how a verdict moves when a threshold is halved or doubled).
    data_source : callable or str
        What the evidence is made from, as text; a callable gets the profile.
    reason : str
        Why a claim is not reproduced yet (only when ``measure`` is None).
    measure_network : callable, optional
        For a claim on the trained Ising network: ``measure_network(network,
        profile)`` returns the evidence ``measure`` returns, of the trained
        stack ``network`` (a list of RBMs, layer 0 the single RBM, as
        :func:`rglib.artifacts.rbm_stack` returns it) instead of the
        profile's own, e.g. of the same network trained longer
        (:mod:`rglib.meta.training_length`). None for every other claim.
    control : callable, optional
        For a claim about a trained network: ``control(profile)`` returns the
        evidence ``measure`` returns, of the network's *starting* weights. It
        is judged by the same judge and thresholds (the control verdict), and
        a trained ``agrees`` that the start also earns becomes ``partly
        agrees`` (:func:`controlled`). None for a claim with no starting weights.
    """

    id: str
    reference: str
    statement: str
    criterion: str
    chapter: str
    measure: Callable[[Profile], Any] | None = None
    judge: Judge | None = None
    thresholds: Mapping[str, float] = field(default_factory=dict)
    data_source: Callable[[Profile], str] | str = ""
    reason: str = ""
    measure_network: Callable[[Sequence[Any], Profile], Any] | None = None
    control: Callable[[Profile], Any] | None = None

    def __post_init__(self) -> None:
        for name in ("id", "reference", "statement", "criterion", "chapter", "reason"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"{name} must be a str, got {type(getattr(self, name)).__name__}")
        for name in ("measure", "judge", "measure_network", "control"):
            if getattr(self, name) is not None and not callable(getattr(self, name)):
                raise TypeError(
                    f"{name} must be a function or None, got {type(getattr(self, name)).__name__}"
                )
        if not (callable(self.data_source) or isinstance(self.data_source, str)):
            raise TypeError(f"data_source must be a str or a function of the profile, "
                            f"got {type(self.data_source).__name__}")
        require_thresholds("thresholds", self.thresholds)
        if (self.measure is None) != (self.judge is None):
            raise ValueError(f"claim {self.id!r}: give both measure and judge, or neither")
        if self.measure is None and not self.reason:
            raise ValueError(f"claim {self.id!r}: a claim without a measure needs the reason why")
        if self.control is not None and self.measure is None:
            raise ValueError(f"claim {self.id!r}: a control needs the measure of the trained network")
        if self.measure_network is not None and self.measure is None:
            raise ValueError(
                f"claim {self.id!r}: measure_network needs a measure of the profile's own network"
            )

    @property
    def reproduced(self) -> bool:
        """Whether the claim has a measurement (else it is ``not reproduced yet``)."""
        return self.measure is not None

    def source(self, profile: Profile) -> str:
        """The data source as text, for ``profile``."""
        require_profile(profile)
        return self.data_source(profile) if callable(self.data_source) else self.data_source

    def evaluate(self, profile: Profile, thresholds: Mapping[str, float] | None = None,
                 network: Sequence[Any] | None = None) -> ClaimResult:
        """Measure the claim for ``profile`` and judge it.

        Parameters
        ----------
        profile : Profile
        thresholds : dict, optional
            Replacements for some of :attr:`thresholds` (unknown names are refused).
        network : list of RBM, optional
            A trained stack to measure instead of the profile's own network
            (:attr:`measure_network`); refused for a claim without one.

        Returns
        -------
        ClaimResult
        """
        require_profile(profile)
        if thresholds is not None:
            require_thresholds("thresholds", thresholds)
        if network is not None and self.measure_network is None:
            raise ValueError(f"network: claim {self.id!r} is not measured on a trained network "
                             "(it has no measure_network); leave network out")
        used = dict(self.thresholds)
        for name, value in (thresholds or {}).items():
            if name not in used:
                raise ValueError(
                    f"thresholds: claim {self.id!r} has no threshold {name!r}; it has {sorted(used)}"
                )
            used[name] = value
        control_verdict = ""
        if not self.reproduced:
            judgement = Judgement(NOT_YET, "", {}, self.reason)
        else:
            evidence = (self.measure(profile) if network is None
                        else self.measure_network(network, profile))
            judgement = self.judge(evidence, used)
            if self.control is not None and judgement.verdict != NOT_YET:
                start = self.judge(self.control(profile), used)
                control_verdict = start.verdict
                judgement = controlled(judgement, start)
        if judgement.verdict not in VERDICTS:
            raise ValueError(f"claim {self.id!r}: verdict {judgement.verdict!r} is not one of {VERDICTS}")
        return ClaimResult(
            id=self.id, reference=self.reference, statement=self.statement, criterion=self.criterion,
            chapter=self.chapter, profile=profile.name, data_source=self.source(profile),
            verdict=judgement.verdict, key_number=judgement.key_number,
            numbers=plain(dict(judgement.numbers)), note=judgement.note, thresholds=plain(used),
            control_verdict=control_verdict,
        )


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of one claim for one profile; JSON round-trips (:meth:`to_json`, :meth:`from_json`).

    ``control_verdict`` is the verdict the claim's criterion gives the
    network's starting weights (:attr:`Claim.control`), or ``""`` for a claim
    with none; results written before it existed may leave it out.
    """

    id: str
    reference: str
    statement: str
    criterion: str
    chapter: str
    profile: str
    data_source: str
    verdict: str
    key_number: str
    numbers: dict
    note: str
    thresholds: dict
    control_verdict: str = ""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            kind = dict if item.type == "dict" else str
            if not isinstance(value, kind):
                raise TypeError(f"{item.name} must be a {kind.__name__}, got {type(value).__name__}")
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if self.verdict == NOT_RUN and (self.key_number or self.numbers or not self.note):
            raise ValueError(f"a claim {NOT_RUN!r} has no key number and no numbers, and its note says "
                             f"why; got key_number {self.key_number!r}, note {self.note!r}")
        if self.control_verdict not in ("", *VERDICTS):
            raise ValueError(f"control_verdict must be one of {VERDICTS} or '' (no control), "
                             f"got {self.control_verdict!r}")

    def to_dict(self) -> dict:
        """The result as a dict of plain JSON values."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ClaimResult:
        """The inverse of :meth:`to_dict`; refuses missing or unknown keys (``control_verdict`` may be missing)."""
        if not isinstance(values, Mapping):
            raise TypeError(f"values must be a dict (as to_dict() returns), got {type(values).__name__}")
        names = {f.name for f in fields(cls)}
        optional = {"control_verdict"}  # absent from results written before it existed
        if not names - optional <= set(values) <= names:
            raise ValueError(
                f"a claim result needs the keys {sorted(names - optional)} (and may have "
                f"{sorted(optional)}); missing {sorted(names - optional - set(values))}, unknown {sorted(set(values) - names)}"
            )
        return cls(**values)  # __post_init__ checks the types and the verdict

    def to_json(self) -> str:
        """The result as a JSON object."""
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ClaimResult:
        """The inverse of :meth:`to_json`."""
        if not isinstance(text, (str, bytes)):
            raise TypeError(f"text must be a JSON str (as to_json() returns), got {type(text).__name__}")
        return cls.from_dict(json.loads(text))


def plain(value: Any) -> Any:
    """``value`` with NumPy scalars and arrays turned into plain JSON values.

    Non-finite floats become None (JSON has no NaN); tuples become lists, so a
    value and its JSON round trip compare equal.
    """
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"value must hold only numbers, text, None, lists and dicts; cannot store "
                    f"{type(value).__name__} {value!r} in a claim result")


def require_thresholds(name: str, thresholds: Mapping[str, float]) -> None:
    """Refuse ``thresholds`` unless it maps names (str) to finite real numbers.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    thresholds : dict of str to float

    Raises
    ------
    TypeError
        If ``thresholds`` is not a dict, or a key is not a str.
    ValueError
        If a value is not a finite real number.
    """
    if not isinstance(thresholds, Mapping):
        raise TypeError(f"{name} must be a dict of threshold name to number, got {type(thresholds).__name__}")
    for key, value in thresholds.items():
        if not isinstance(key, str):
            raise TypeError(f"{name} must be keyed by threshold names (str), got {key!r}")
        require_real(f"{name}[{key!r}]", value)
