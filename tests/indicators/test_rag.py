from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.rag import indicator_rag
from workstreams.rag import Rag


def rag(direction, value, target="50", amber="2", red="5"):
    return indicator_rag(
        direction=direction, value=D(value), target=D(target), amber_tolerance=D(amber), red_tolerance=D(red)
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        ("60", Rag.GREEN),  # better than target
        ("50", Rag.GREEN),  # on target
        ("48", Rag.GREEN),  # short by exactly the amber tolerance
        ("47.99", Rag.AMBER),  # just beyond it
        ("45", Rag.AMBER),  # short by exactly the red tolerance
        ("44.99", Rag.RED),  # just beyond it
        ("0", Rag.RED),
    ],
)
def test_higher_is_better_at_the_tolerance_edges(value, expected):
    assert rag("higher", value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("40", Rag.GREEN),
        ("50", Rag.GREEN),
        ("52", Rag.GREEN),
        ("52.01", Rag.AMBER),
        ("55", Rag.AMBER),
        ("55.01", Rag.RED),
        ("100", Rag.RED),
    ],
)
def test_lower_is_better_at_the_tolerance_edges(value, expected):
    assert rag("lower", value) == expected


def test_with_no_tolerance_any_shortfall_is_red_and_on_target_is_green():
    assert rag("higher", "50", amber="0", red="0") == Rag.GREEN
    assert rag("higher", "49.99", amber="0", red="0") == Rag.RED
    assert rag("lower", "50.01", amber="0", red="0") == Rag.RED


def test_it_gives_no_rag_without_a_value_or_a_target():
    assert indicator_rag(direction="higher", value=None, target=D(1)) is None
    assert indicator_rag(direction="higher", value=D(1), target=None) is None


def test_it_refuses_tolerances_out_of_order_and_unknown_directions():
    with pytest.raises(ValueError):
        rag("higher", "1", amber="5", red="2")
    with pytest.raises(ValueError):
        rag("sideways", "1")


SEVERITY = {Rag.GREEN: 1, Rag.AMBER: 2, Rag.RED: 3}
numbers = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(
    st.sampled_from(["higher", "lower"]),
    numbers,
    numbers,
    st.decimals(0, 50, places=2),
    st.decimals(0, 50, places=2),
)
def test_moving_further_the_wrong_way_never_improves_the_rag(direction, value, target, a, b):
    amber, red = min(a, b), max(a, b)
    worse = value - 1 if direction == "higher" else value + 1
    now = indicator_rag(
        direction=direction, value=value, target=target, amber_tolerance=amber, red_tolerance=red
    )
    then = indicator_rag(
        direction=direction, value=worse, target=target, amber_tolerance=amber, red_tolerance=red
    )
    assert SEVERITY[then] >= SEVERITY[now]


@given(numbers, numbers, st.decimals(0, 50, places=2))
def test_the_two_directions_mirror_each_other(value, target, tolerance):
    assert indicator_rag(
        direction="higher", value=value, target=target, amber_tolerance=tolerance, red_tolerance=tolerance * 2
    ) == indicator_rag(
        direction="lower",
        value=-value,
        target=-target,
        amber_tolerance=tolerance,
        red_tolerance=tolerance * 2,
    )
