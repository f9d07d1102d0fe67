"""The High Needs Stability Grant evidence as pages, the workbook and the Word paper read it (plain data).

The DfE pays 90% of a council's high-needs deficit at 31 March 2026. It compares five figures (the s251
return, the DSG note in the statement of accounts, the chief finance officer's DSG assurance sign-off, the
Revenue Outturn return and the published accounts); where the differences are not explained it uses the
lowest, and it excludes overspends outside high needs. The grant also depends on the DfE approving the
council's local SEND reform plan, which this evidence does not show.

Deficits here are positive amounts (the s251 return's carried forward is negative for a deficit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from core.financial_years import fy_label, parse_fy
from core.money import pounds
from dsg.models import EvidenceSource

GRANT_SHARE = Decimal("0.9")
SOURCES: tuple[tuple[str, str], ...] = tuple(EvidenceSource.choices)


def year_end(financial_year: int) -> date:
    return date(financial_year + 1, 3, 31)


def stability_years() -> tuple[int, ...]:
    """The financial years (start years) the DfE asks the evidence for, oldest first: the setting
    STABILITY_GRANT_YEARS (2025 is the year ending 31 March 2026), so a year the DfE adds is one line."""
    return tuple(sorted(set(settings.STABILITY_GRANT_YEARS)))


def stability_year_chosen(value: str | None) -> int | None:
    """The year a page was asked for (``?year=2025-26``): the newest year when none is given, None when the
    value is not one of the years (the page is then a 404)."""
    years = stability_years()
    if not value:
        return years[-1]
    try:
        year = parse_fy(value)
    except ValueError:
        return None
    return year if year in years else None


@dataclass(frozen=True)
class EvidenceFigure:
    source: str
    label: str
    deficit: Decimal | None = None
    document: str = ""
    document_date: date | None = None
    explanation: str = ""
    from_store: bool = False  # the s251 figure read from the DfE store, not entered


@dataclass(frozen=True)
class EvidenceRow:
    figure: EvidenceFigure
    difference: Decimal | None  # above the lowest

    @property
    def is_lowest(self) -> bool:
        return self.difference == 0

    @property
    def unexplained(self) -> bool:
        return bool(self.difference) and not self.figure.explanation.strip()


@dataclass
class Evidence:
    financial_year: int
    figures: list[EvidenceFigure]
    non_high_needs: Decimal | None = None
    non_high_needs_note: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        return fy_label(self.financial_year)

    @property
    def year_end(self) -> date:
        return year_end(self.financial_year)

    @property
    def lowest(self) -> Decimal | None:
        known = [f.deficit for f in self.figures if f.deficit is not None]
        return min(known) if known else None

    @property
    def rows(self) -> list[EvidenceRow]:
        lowest = self.lowest
        return [
            EvidenceRow(f, None if f.deficit is None or lowest is None else f.deficit - lowest)
            for f in self.figures
        ]

    @property
    def eligible(self) -> Decimal | None:
        if self.lowest is None or self.non_high_needs is None:
            return None
        return max(self.lowest - self.non_high_needs, Decimal(0))

    @property
    def grant(self) -> Decimal | None:
        eligible = self.eligible
        if eligible is None:
            return None
        return (eligible * GRANT_SHARE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def evidence(
    *,
    financial_year: int,
    figures: dict[str, EvidenceFigure],
    non_high_needs: Decimal | None = None,
    non_high_needs_note: str = "",
) -> Evidence:
    """The five figures in the DfE's order, the derived amounts and the warnings."""
    ordered = [figures.get(source) or EvidenceFigure(source, label) for source, label in SOURCES]
    result = Evidence(financial_year, ordered, non_high_needs, non_high_needs_note)
    missing = [f.label for f in ordered if f.deficit is None]
    if missing:
        result.warnings.append("Not entered yet: " + "; ".join(missing) + ".")
    for row in result.rows:
        if row.unexplained:
            result.warnings.append(
                f"{row.figure.label} is {pounds(row.difference)} above the lowest and the difference is not "
                "explained: the DfE will use the lowest."
            )
    if non_high_needs is None:
        result.warnings.append(
            "Enter the part of the deficit that is not high needs (£0 if there is none): the DfE excludes it."
        )
    return result
