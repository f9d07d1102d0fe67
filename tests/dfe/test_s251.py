"""s251 outturn: no real file is to hand, so a sample in the real column set (cp1252, en dashes) with made-up
amounts (fixtures/dfe/s251_outturn_sample.csv, see fixtures/dfe/README.md)."""

import pytest

from dfe.readers.common import LayoutNotRecognised
from dfe.readers.s251 import read_s251
from tests.dfe.conftest import fixture_bytes


def test_it_reads_cp1252_and_groups_lines_by_code_as_the_dfe_tool_does():
    data = fixture_bytes("s251_outturn_sample.csv")
    assert "–".encode("cp1252") in data
    figures = {f.series: f for f in read_s251(data, file="s251.csv") if not f.breakdown}
    assert figures["s251_outturn_place_funding"].value.number == 1200000
    # top-ups: 1.2.1 (1,040,000) + 1.2.2 (1,140,000); 1.2.4 and 1.2.11 absent from the sample
    assert figures["s251_outturn_top_ups"].value.number == 2180000
    assert figures["s251_outturn_independent"].value.number == 2100000
    assert figures["s251_outturn_high_needs"].value.number == 5635000
    carried = figures["s251_outturn_dsg_carried_forward"]
    assert (carried.value.number, carried.period, carried.line) == (-1234567, "2023-24", 11)


def test_it_reads_the_same_file_in_utf8():
    text = fixture_bytes("s251_outturn_sample.csv").decode("cp1252")
    figures = {
        f.series: f.value for f in read_s251(text.encode("utf-8-sig"), file="s251.csv") if not f.breakdown
    }
    assert figures["s251_outturn_top_ups"].number == 2180000


def test_it_matches_by_code_not_by_name():
    text = fixture_bytes("s251_outturn_sample.csv").decode("cp1252")
    text = text.replace(
        "1.2.3 Top-up and other funding – non-maintained and independent providers", "1.2.3 Renamed"
    )
    figures = {f.series: f.value for f in read_s251(text.encode(), file="s251.csv") if not f.breakdown}
    assert figures["s251_outturn_independent"].number == 2100000


def test_it_names_a_file_of_another_kind():
    with pytest.raises(LayoutNotRecognised, match="this version reads the DfE's s251 outturn"):
        list(read_s251(fixture_bytes("ehcp_2025/newplans.csv"), file="newplans.csv"))


def test_it_keeps_each_groups_phase_columns_added_up_over_its_lines():
    figures = read_s251(fixture_bytes("s251_outturn_sample.csv"), file="s251.csv")
    parts = {
        f.breakdown: f.value.number for f in figures if f.series == "s251_outturn_top_ups" and f.breakdown
    }
    # 1.2.1 and 1.2.2, column by column: they add up to the group's gross (and net) 2,180,000
    assert parts == {
        "early_years_establishments": 0,
        "primary_schools": 360000,
        "secondary_schools": 270000,
        "sen_and_special_schools": 1200000,
        "pupil_referral_units_and_alt_provision": 0,
        "post_16": 350000,
    }


def test_a_file_without_phase_columns_still_reads_its_totals():
    text = fixture_bytes("s251_outturn_sample.csv").decode("cp1252")
    lines = [
        ",".join(c for i, c in enumerate(_cells(line)) if i not in range(12, 18))
        for line in text.splitlines()
    ]
    figures = list(read_s251("\n".join(lines).encode(), file="s251.csv"))
    assert not any(f.breakdown for f in figures)
    assert {f.series: f.value.number for f in figures}["s251_outturn_top_ups"] == 2180000


def _cells(line):
    import csv

    return ['"' + c + '"' if "," in c else c for c in next(csv.reader([line]))]
