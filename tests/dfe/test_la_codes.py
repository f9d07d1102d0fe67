"""The LA list cut from the SEN2 releases: 153 councils today, old councils kept with their successors."""

import pytest

from dfe.readers.common import DfeFileError
from dfe.readers.la_codes import read_la_codes
from tests.dfe.conftest import fixture_bytes


def test_it_lists_153_current_councils_and_keeps_the_old_ones():
    rows = {r.la_code: r for r in read_la_codes(fixture_bytes("la_codes.csv"), file="la_codes.csv")}
    assert sum(r.current for r in rows.values()) == 153
    northants = rows["928"]
    assert (northants.current, northants.ended, northants.successors) == (False, "2021-04", ("940", "941"))
    assert rows["909"].successors == ("942", "943")
    assert rows["940"].current and rows["940"].first_census == 2022
    rutland = rows["857"]
    assert (rutland.gss_code, rutland.name, rutland.region) == ("E06000017", "Rutland", "East Midlands")


def test_it_names_a_bad_code():
    data = fixture_bytes("la_codes.csv").replace(b"857,E06000017", b"85,E06000017")
    with pytest.raises(DfeFileError, match="column old_la_code: “85” is not a three-digit LA code"):
        read_la_codes(data, file="la_codes.csv")
