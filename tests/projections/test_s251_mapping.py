"""The s251 split, by hand: Rutland 2023-24 in the committed s251 sample (real column set, made-up amounts;
fixtures/dfe/README.md), read by the real reader."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dfe.readers.s251 import read_s251
from projections.s251_mapping import (
    BY_PHASE,
    DEFAULT_MAPPING,
    GROUPS,
    LEFT_OUT,
    PHASE_TYPES,
    mapping_errors,
    split_rows,
    split_year,
)
from tests.dfe.conftest import fixture_bytes


def _sample():
    groups, phases = {}, {}
    for f in read_s251(fixture_bytes("s251_outturn_sample.csv"), file="s251.csv"):
        group = f.series.removeprefix("s251_outturn_")
        if group not in GROUPS:
            continue
        if f.breakdown:
            phases.setdefault(group, {})[f.breakdown] = f.value.number
        else:
            groups[group] = f.value.number
    return groups, phases


def test_it_splits_rutland_2023_24_by_the_default_mapping_as_worked_by_hand():
    groups, phases = _sample()
    split = split_year("2023-24", groups, phases, DEFAULT_MAPPING)
    # Top-ups by phase: primary 150,000 + 210,000, secondary 90,000 + 180,000 (1.2.1 and 1.2.2)
    assert split.by_type["mainstream_top_ups"] == Decimal("630000")
    # Place funding (special 1,200,000) + top-ups in special schools (800,000 + 400,000)
    assert split.by_type["special_schools"] == Decimal("2400000")
    assert split.by_type["post16"] == Decimal("350000")  # 1.2.2's post-16 column
    assert split.by_type["inmss"] == Decimal("2100000")
    assert split.by_type["alternative_provision"] == Decimal("95000")  # 1.2.7 + hospital 0
    assert split.by_type["support_services"] == Decimal("60000")  # therapies; SEN support 0
    assert split.left_out == 0  # SEN transport, 0 in the sample
    assert split.mapped_total == split.total == Decimal("5635000")  # the s251 high-needs total


def test_a_group_mapped_whole_or_left_out_moves_all_of_it():
    groups, phases = _sample()
    mapping = {**DEFAULT_MAPPING, "top_ups": "mainstream_top_ups", "independent": LEFT_OUT}
    split = split_year("2023-24", groups, phases, mapping)
    assert split.by_type["mainstream_top_ups"] == Decimal("2180000")
    assert split.by_type["inmss"] == 0 and split.left_out == Decimal("2100000")
    assert split.mapped_total + split.left_out == split.total


def test_a_split_by_phase_without_phase_columns_goes_whole_to_the_fallback_and_says_so():
    split = split_year("2024-25", {"top_ups": Decimal("1000")}, {}, DEFAULT_MAPPING)
    assert split.by_type["mainstream_top_ups"] == Decimal("1000")
    assert split.notes == [
        "Top-up funding has no phase columns in 2024-25: all of it is counted as mainstream top-ups."
    ]


def test_a_group_the_dfe_gave_as_a_symbol_is_named_never_counted_as_zero():
    split = split_year("2023-24", {"top_ups": None, "independent": Decimal("5")}, {}, DEFAULT_MAPPING)
    assert split.missing == ["Top-up funding"]
    assert split.total == Decimal("5")


def test_it_names_each_bad_assignment():
    errors = mapping_errors({**DEFAULT_MAPPING, "top_ups": "banana", "made_up": "inmss"})
    assert errors == {
        "top_ups": "“banana” is not a provision type.",
        "made_up": "“made_up” is not an s251 high-needs group.",
    }
    assert mapping_errors({"top_ups": BY_PHASE})["independent"] == "Choose where this group goes."


def test_split_rows_add_a_left_out_row_only_when_something_is_left_out():
    groups, phases = _sample()
    split = split_year("2023-24", groups, phases, {**DEFAULT_MAPPING, "therapies": LEFT_OUT})

    assert dict(split_rows([split]))["Left out"] == [Decimal("60000")]
    assert "Left out" not in dict(split_rows([split_year("2023-24", groups, phases, DEFAULT_MAPPING)]))


money = st.decimals(min_value=0, max_value=10**9, places=2)


@given(
    amount=money,
    parts=st.dictionaries(st.sampled_from(list(PHASE_TYPES)), money, min_size=1),
    target=st.sampled_from([key for key in DEFAULT_MAPPING.values()] + ["inmss", "post16"]),
)
def test_no_penny_is_lost_or_made_whatever_the_mapping(amount, parts, target):
    split = split_year(
        "2023-24", {"top_ups": amount}, {"top_ups": parts}, {**DEFAULT_MAPPING, "top_ups": target}
    )
    assert split.mapped_total + split.left_out == amount
