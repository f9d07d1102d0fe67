"""One way to write money and rates: true minus before the pound sign, £m as given, compact only on cards."""

from decimal import Decimal

import pytest

from core.money import (
    MILLIONS,
    MINUS,
    MoneyParseError,
    axis_pounds,
    parse_money,
    percent,
    pounds,
    pounds_compact,
    signed_percent,
    signed_pounds,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1250000.50"), "£1,250,001"),
        (Decimal("-569000"), f"{MINUS}£569,000"),
        (Decimal("-0.4"), "£0"),
        (0, "£0"),
        (None, ""),
        ("", ""),
    ],
)
def test_it_writes_exact_pounds_with_a_true_minus_before_the_pound_sign(value, text):
    assert pounds(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal(16_000_000), "£16m"),
        (Decimal(3_570_000), "£3.57m"),
        (Decimal(34_800_000), "£34.8m"),
        (Decimal(-50_000_000), f"{MINUS}£50m"),
        (Decimal(1_234_000_000), "£1,234m"),
    ],
)
def test_it_keeps_figures_given_in_millions_in_millions(value, text):
    assert pounds(value, MILLIONS) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal(3_355_662), "£3.4m"),
        (Decimal(-3_355_662), f"{MINUS}£3.4m"),
        (Decimal(357_000), "£357k"),
        (Decimal(999_960), "£1m"),
        (Decimal(999_949), "£1m"),  # not "£1000k"
        (Decimal(999_499), "£999k"),
        (Decimal("999.5"), "£1k"),  # not "£1000"
        (Decimal("999.49"), "£999"),
        (Decimal(950), "£950"),
        (None, ""),
    ],
)
def test_it_writes_compact_headline_figures(value, text):
    assert pounds_compact(value) == text


def test_it_writes_differences_and_rates():
    assert signed_pounds(Decimal(12000)) == "+£12,000"
    assert signed_pounds(Decimal(-3500)) == f"{MINUS}£3,500"
    assert signed_pounds(0) == "£0" and signed_pounds(None) == ""
    assert percent(Decimal("0.75")) == "75%" and percent(Decimal("0.0825")) == "8.25%"
    assert percent(Decimal("-0.005")) == f"{MINUS}0.5%" and percent(None) == ""
    assert signed_percent(Decimal("3.2")) == "+3.2%" and signed_percent(Decimal("-10.0")) == f"{MINUS}10.0%"


@pytest.mark.parametrize(
    ("value", "step", "text"),
    [
        (Decimal(-3_000_000), Decimal(1_000_000), f"{MINUS}£3m"),
        (Decimal(2_500_000), Decimal(500_000), "£2.5m"),
        (Decimal(250_000), Decimal(50_000), "£250k"),
        (Decimal(0), Decimal(50_000), "£0"),
        (Decimal(-500), Decimal(100), f"{MINUS}£500"),
    ],
)
def test_it_writes_axis_ticks_the_same_way(value, step, text):
    assert axis_pounds(value, step) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("£1,250,000", Decimal(1250000)),
        ("1250000.50", Decimal("1250000.50")),
        (f"{MINUS}30,000", Decimal(-30000)),
        ("-£30", Decimal(-30)),
        (" 1,000 ", Decimal(1000)),
    ],
)
def test_it_reads_money_as_people_type_it(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["1,25,000", "twelve", "£", "1.2.3", "--5", "1e6"])
def test_it_refuses_what_is_not_money(text):
    with pytest.raises(MoneyParseError):
        parse_money(text)


def test_pounds_cells_write_the_cells_the_template_loop_wrote():
    from decimal import Decimal

    from django.template import Context, Template

    values = [Decimal("1250000"), None, Decimal("-569000.4"), 0, 12]
    loop = Template(
        "{% load money %}{% for value in values %}"
        '<td class="govuk-table__cell app-table__cell--numeric">{{ value|pounds }}</td>{% endfor %}'
    )
    tag = Template("{% load money %}{% pounds_cells values %}")
    assert tag.render(Context({"values": values})) == loop.render(Context({"values": values}))
    assert "£1,250,000" in tag.render(Context({"values": values}))
