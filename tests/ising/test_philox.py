import numpy as np
import pytest

from rglib.ising.philox import Stream, philox, probability_threshold, random_signs

# Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors).
KNOWN_ANSWERS = [
    ([0, 0, 0, 0], [0, 0], [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]),
    ([0xFFFFFFFF] * 4, [0xFFFFFFFF] * 2, [0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD]),
    (
        [0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344],
        [0xA4093822, 0x299F31D0],
        [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1],
    ),
]


@pytest.mark.parametrize("counter, key, expected", KNOWN_ANSWERS)
def test_philox_matches_random123_known_answers(counter, key, expected):
    assert philox(counter, key).tolist() == expected


def test_probability_threshold_represents_probability_to_2_to_the_minus_32():
    assert probability_threshold(0.0) == 0
    assert probability_threshold(0.5) == 2**31
    assert probability_threshold(1.0) == 2**32 - 1
    p = np.exp(-1.0)
    assert abs(probability_threshold(p) / 2**32 - p) < 2**-32
    with pytest.raises(ValueError, match="probability"):
        probability_threshold(1.5)


def test_random_signs_are_balanced_and_reproducible():
    signs = random_signs(100_000, (1, 2), Stream.GLOBAL_FLIP)
    assert set(np.unique(signs)) == {-1, 1}
    # Binomial(100000, 1/2): the standard deviation of the mean is 1/sqrt(1e5) = 0.0032.
    assert abs(signs.mean()) < 5 / np.sqrt(len(signs))
    assert np.array_equal(signs, random_signs(100_000, (1, 2), Stream.GLOBAL_FLIP))
    assert not np.array_equal(signs[:64], random_signs(64, (1, 3), Stream.GLOBAL_FLIP))


@pytest.mark.parametrize("counter, key, named", [
    ([0, 0, 0, 0], [0.5, 0], "key"),  # a cast would truncate 0.5 to 0
    ([0, 0, 0, 0], [-1, 0], "key"),  # ... or wrap -1 to 2**32 - 1
    ([0, 0, 0, 0], [2**32, 0], "key"),
    ([0, 0, 0, 0], np.array([True, False]), "key"),
    ([0, 0, 0, 0], [0, 0, 0], "key"),
    ([0, 0, 0, 1.5], [0, 0], "counter"),
    ([0, 0, 0], [0, 0], "counter"),
    ("0000", [0, 0], "counter"),
])
def test_philox_refuses_words_that_a_cast_would_change(counter, key, named):
    with pytest.raises(ValueError, match=rf"^{named} must hold"):
        philox(counter, key)


@pytest.mark.parametrize("call, named", [
    (lambda: random_signs(-1, (1, 2), Stream.GLOBAL_FLIP), "n"),
    (lambda: random_signs(4.0, (1, 2), Stream.GLOBAL_FLIP), "n"),
    (lambda: random_signs(4, (0.5, 2), Stream.GLOBAL_FLIP), "key"),
    (lambda: random_signs(4, (1, 2), 7), "stream"),
    (lambda: probability_threshold("0.5"), "probability"),
    (lambda: probability_threshold(float("nan")), "probability"),
])
def test_bad_arguments_are_named(call, named):
    with pytest.raises(ValueError, match=rf"^{named} must"):
        call()
