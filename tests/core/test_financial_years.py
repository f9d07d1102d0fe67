from datetime import date

import pytest

from core.financial_years import fy_label, fy_of, fy_range, parse_fy


def test_it_writes_and_reads_financial_years():
    assert fy_label(2024) == "2024-25"
    assert fy_label(1999) == "1999-00"
    assert parse_fy("2024-25") == 2024
    assert parse_fy(" 2099-00 ") == 2099


@pytest.mark.parametrize("bad", ["2024-26", "24-25", "2024/25", "", "2024"])
def test_it_refuses_what_is_not_a_financial_year(bad):
    with pytest.raises(ValueError, match="financial year"):
        parse_fy(bad)


def test_it_places_dates_in_april_to_march_years():
    assert fy_of(date(2024, 3, 31)) == 2023
    assert fy_of(date(2024, 4, 1)) == 2024
    assert fy_range(2022, 2024) == [2022, 2023, 2024]
