"""dsg.ledger.build_ledger: the derived figures and the checks, from plain facts (no database)."""

from decimal import Decimal as D

from dsg.ledger import (
    MITIGATED,
    OUTTURN,
    UNMITIGATED,
    ForecastFacts,
    LineFacts,
    TransferFacts,
    allocation_income,
    build_ledger,
)


def line(year, block, income, expenditure, position=OUTTURN, bf=None, basis="entered"):
    stated = None if bf is None else D(bf)
    return LineFacts(year, block, position, D(income), basis, D(expenditure), "entered", stated)


BALANCED = [line(2024, b, 1_000_000, 1_000_000) for b in ("schools", "central", "early_years")]


def test_it_derives_in_year_and_carries_the_balance_into_the_next_year():
    ledger = build_ledger(
        lines=[
            *BALANCED,
            line(2024, "high_needs", 5_000_000, 5_600_000, bf=-1_000_000),
            line(2025, "high_needs", 5_200_000, 5_500_000),
        ],
        transfers=[TransferFacts(2024, "schools", "high_needs", D(100_000))],
        current_year=2026,
    )
    first = ledger.year(2024)
    high_needs = first.rows[3]
    assert (high_needs.transfers, high_needs.in_year, high_needs.carried_forward) == (
        D(100_000), D(-500_000), D(-1_500_000),
    )  # fmt: skip
    assert first.rows[0].in_year == D(-100_000)  # the Schools block gave the transfer
    assert first.total.transfers == 0
    second = ledger.year(2025).rows[3]
    assert (second.brought_forward, second.brought_forward_basis, second.carried_forward) == (
        D(-1_500_000), "derived", D(-1_800_000),
    )  # fmt: skip


def test_it_warns_when_a_stated_brought_forward_is_not_the_year_befores_carried_forward():
    ledger = build_ledger(
        lines=[line(2024, "high_needs", 5, 6, bf=0), line(2025, "high_needs", 5, 5, bf=-2_000)],
        transfers=[],
        current_year=2026,
    )
    assert any("brought forward −£2,000 is not 2024-25's carried forward −£1" in w for w in ledger.warnings)


def test_forecast_years_take_high_needs_from_the_current_forecast_and_other_blocks_from_unmitigated():
    ledger = build_ledger(
        lines=[
            line(2025, "high_needs", 5_000_000, 5_000_000, bf=-1_000_000),
            line(2026, "schools", 2_000_000, 2_000_000, position=UNMITIGATED),
        ],
        transfers=[],
        forecast=[
            ForecastFacts(2026, UNMITIGATED, D(5_000_000), D(5_500_000), D(1_500_000)),
            ForecastFacts(2026, MITIGATED, D(5_000_000), D(5_200_000), D(1_300_000)),
        ],
        current_year=2026,
    )
    unmitigated, mitigated = ledger.year(2026, UNMITIGATED), ledger.year(2026, MITIGATED)
    assert unmitigated.rows[3].income_basis == "forecast"
    assert unmitigated.rows[3].carried_forward == D(-1_500_000)
    assert mitigated.rows[3].carried_forward == D(-1_200_000)
    assert mitigated.rows[0].income == D(2_000_000)  # mitigation changes High Needs alone
    assert any("current forecast's cumulative deficit gives −£1,300,000" in w for w in mitigated.warnings)
    assert not any("High Needs" in w for w in unmitigated.warnings)


def test_it_warns_on_a_schools_transfer_above_half_a_per_cent_and_on_blocks_that_do_not_add_up():
    ledger = build_ledger(
        lines=[*BALANCED, line(2024, "high_needs", 1_000_000, 1_000_000, bf=0)],
        transfers=[TransferFacts(2024, "schools", "high_needs", D(10_000))],
        current_year=2026,
        dfe_totals={2024: D(4_100_000)},
        s251_carried_forward={2024: D(-5_000)},
    )
    warnings = " ".join(ledger.warnings)
    assert "£10,000 moved out of the Schools block is more than 0.5%" in warnings
    assert "adds up to £4,000,000; the DfE's DSG allocation after deductions is £4,100,000" in warnings
    assert "s251 outturn (line 1.9.3) carries forward −£5,000; the ledger has no carried forward" in warnings


def test_it_warns_about_a_missing_block():
    ledger = build_ledger(lines=BALANCED, transfers=[], current_year=2026)
    assert "2024-25: no figures for the High Needs block." in ledger.warnings


def test_the_schools_block_income_is_the_allocation_after_recoupment():
    # Rutland 2020-21, fixtures/dfe/dedicated-schools-grant_2021_11_18.ods
    figures = {
        ("schools", "2020-21"): D("25260823"),
        ("central", "2020-21"): D("166489"),
        ("early_years", "2020-21"): D("1816387"),
        ("high_needs", "2020-21"): D("3990363"),
        ("total", "2020-21"): D("7946484"),
    }
    income = allocation_income(figures, "2020-21")
    assert income == {
        "schools": D("1973245"),
        "central": D("166489"),
        "early_years": D("1816387"),
        "high_needs": D("3990363"),
    }
    assert sum(income.values()) == figures[("total", "2020-21")]


def test_a_transfer_into_high_needs_is_not_counted_twice_in_a_forecast_year():
    ledger = build_ledger(
        lines=[line(2025, "high_needs", 5_000_000, 5_000_000, bf=0)],
        transfers=[TransferFacts(2026, "schools", "high_needs", D(250_000))],
        forecast=[ForecastFacts(2026, UNMITIGATED, D(5_250_000), D(5_400_000), D(150_000))],
        current_year=2026,
    )
    high_needs = ledger.year(2026, UNMITIGATED).rows[3]
    assert (high_needs.income, high_needs.transfers) == (D(5_000_000), D(250_000))
    assert high_needs.carried_forward == D(-150_000)  # as the forecast's cumulative deficit
    assert not ledger.year(2026, UNMITIGATED).warnings[3:]  # only the three missing blocks
