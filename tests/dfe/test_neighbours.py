"""Statistical neighbours on a real extract of sn_may_2025.xlsx (header on row 3)."""

import pytest

from dfe.readers.common import LayoutNotRecognised
from dfe.readers.neighbours import read_neighbours
from tests.dfe.conftest import fixture_bytes


def test_it_reads_ten_neighbours_in_order_with_their_closeness():
    rows = {n.la_code: n for n in read_neighbours(fixture_bytes("sn_may_2025.xlsx"), file="sn_may_2025.xlsx")}
    rutland = rows["857"]
    assert len(rutland.neighbours) == 10
    # Rutland's row: SN1 865 (Wiltshire), SN2 815 (North Yorkshire), SN3 893, all "Close".
    assert rutland.neighbours[:3] == (("865", "Close"), ("815", "Close"), ("893", "Close"))
    assert rows["937"].neighbours[0] == ("916", "Extremely close")
    assert rutland.region == "East Midlands"
    assert rows["928"].la_name == "Northamptonshire"  # old councils are in the file too


def test_it_names_a_workbook_without_the_sheet():
    with pytest.raises(LayoutNotRecognised, match="without the sheet “LA SN Groups”"):
        list(read_neighbours(fixture_bytes("dedicated-schools-grant_2021_11_18.xlsx"), file="dsg.xlsx"))
