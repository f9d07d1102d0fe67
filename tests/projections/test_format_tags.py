from decimal import Decimal

import pytest

from projections.templatetags.projections_format import pounds, rate_percent, signed_percent, signed_pounds


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("1250000.50"), "£1,250,001"), (Decimal("-30000"), "-£30,000"), (0, "£0"), (None, "–")],
)
def test_it_prints_pounds_as_the_papers_do(value, text):
    assert pounds(value) == text


def test_it_prints_differences_and_rates():
    assert signed_pounds(Decimal(12000)) == "+£12,000" and signed_pounds(Decimal(-3500)) == "-£3,500"
    assert signed_pounds(0) == "£0" and signed_pounds(None) == "–"
    assert rate_percent(Decimal("0.75")) == "75%" and rate_percent(Decimal("0.0825")) == "8.25%"
    assert rate_percent(Decimal("-0.005")) == "-0.5%"
    assert signed_percent(Decimal("3.2")) == "+3.2%" and signed_percent(Decimal("-10.0")) == "-10.0%"
