"""dsg.stability: the lowest of the five figures, the differences and their explanations, the grant."""

from datetime import date
from decimal import Decimal as D

from dsg.stability import EvidenceFigure, evidence


def figure(source, deficit, explanation=""):
    return EvidenceFigure(source, source, D(deficit), "Doc", date(2026, 7, 1), explanation)


def test_it_takes_the_lowest_and_pays_ninety_per_cent_of_the_high_needs_part():
    e = evidence(
        financial_year=2025,
        figures={
            "s251": figure("s251", "10000000"),
            "dsg_note": figure("dsg_note", "9800000"),
            "assurance": figure("assurance", "10000000", "Includes £200k accrued after the DSG note"),
            "revenue_outturn": figure("revenue_outturn", "9800000"),
            "accounts": figure("accounts", "9800000"),
        },
        non_high_needs=D("300000"),
    )
    assert e.lowest == D(9800000)
    assert [r.difference for r in e.rows] == [D(200000), 0, D(200000), 0, 0]
    assert (e.eligible, e.grant) == (D(9500000), D("8550000.00"))
    assert e.year_end == date(2026, 3, 31)
    assert len(e.warnings) == 1 and "s251 is £200,000 above the lowest" in e.warnings[0]


def test_missing_figures_and_the_non_high_needs_part_are_warned_about():
    e = evidence(financial_year=2025, figures={"dsg_note": figure("dsg_note", "500000")})
    assert e.lowest == D(500000) and e.eligible is None and e.grant is None
    assert e.warnings[0].startswith("Not entered yet: s251 outturn return (line 1.9.3);")
    assert "not high needs (£0 if there is none)" in e.warnings[-1]
