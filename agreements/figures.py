"""The quarterly return's figures, pure: the agreed trajectory and the forecast in, rows out.

A year is on track when the forecast cumulative deficit is no more than the agreed one (excluding the DfE's
payments: the forecast does not count them) plus the council's tolerance of it; a lower forecast is on track.
Variance is forecast less agreed (positive: a larger deficit than agreed). Money is rounded to the penny and
the percentage to one decimal place here, once, so the page, the workbook and the Word paper show the same.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.financial_years import fy_label

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ReturnRow:
    financial_year: int
    agreed_excluding: Decimal
    agreed_including: Decimal
    in_year_target: Decimal
    forecast: Decimal | None
    variance: Decimal | None
    variance_percent: Decimal | None
    on_track: bool | None

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)


def return_rows(
    trajectory: list[tuple[int, Decimal, Decimal, Decimal]], forecast: dict[int, Decimal], tolerance: Decimal
) -> list[ReturnRow]:
    """``trajectory``: (year, agreed excluding DfE, agreed including DfE, in-year target) per year;
    ``forecast``: the forecast cumulative deficit by year."""
    rows = []
    for year, excluding, including, target in sorted(trajectory):
        value = forecast.get(year)
        variance = percent = on_track = None
        if value is not None:
            value = value.quantize(PENNY, ROUND_HALF_UP)
            variance = value - excluding
            if excluding:
                percent = (variance / abs(excluding) * 100).quantize(TENTH, ROUND_HALF_UP)
            on_track = variance <= abs(excluding) * tolerance
        rows.append(ReturnRow(year, excluding, including, target, value, variance, percent, on_track))
    return rows


def track_words(on_track: bool | None) -> str:
    return "" if on_track is None else ("On track" if on_track else "Off track")


@dataclass(frozen=True)
class DbvRow:
    """One year of a DBV plan: the grant allocated and spent, the cost avoided (against the unmitigated
    forecast), and the unmitigated cumulative deficit less the cost avoided so far."""

    financial_year: int
    allocated: Decimal
    spent: Decimal
    avoided: Decimal
    unmitigated: Decimal | None
    after_avoidance: Decimal | None

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)


def dbv_rows(
    years: list[int],
    spend: dict[int, tuple[Decimal, Decimal]],
    avoided: dict[int, Decimal],
    unmitigated: dict[int, Decimal],
) -> list[DbvRow]:
    rows, so_far = [], Decimal(0)
    for year in sorted(years):
        allocated, spent = spend.get(year, (Decimal(0), Decimal(0)))
        so_far += avoided.get(year, Decimal(0))
        forecast = unmitigated.get(year)
        forecast = None if forecast is None else forecast.quantize(PENNY, ROUND_HALF_UP)
        rows.append(
            DbvRow(
                year,
                allocated,
                spent,
                avoided.get(year, Decimal(0)),
                forecast,
                None if forecast is None else forecast - so_far,
            )
        )
    return rows
