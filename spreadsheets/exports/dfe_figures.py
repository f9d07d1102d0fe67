"""A council's DfE figures in Excel: a sheet per section of the "DfE figures" page, the same rows and
the same sources; a DfE symbol is written as the symbol (text), never as 0."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from dfe.selectors import Section, dfe_sections_for_council
from recovery.models import Council
from spreadsheets.cells import COUNT, NUMBER, POUNDS, Cell, Column, Sheet

SYMBOLS = "DfE symbols: c suppressed; x and : not available; z not applicable; low below half a unit."


def _cell(cell, unit: str):
    if cell is None:
        return None
    if cell.value is None:
        return cell.symbol
    number = cell.value
    whole = number == number.to_integral_value()
    value = int(number) if whole else float(number)
    return Cell(value, POUNDS if unit == "pounds" else (COUNT if whole else NUMBER))


@dataclass
class DfeFiguresExport:
    council: Council
    sections: list[Section] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)

    def __post_init__(self):
        if not self.sections:
            self.sections = dfe_sections_for_council(council=self.council)

    @property
    def title(self) -> str:
        return f"{self.council.name}: DfE figures"

    @property
    def filename(self) -> str:
        return f"{self.council.slug}-dfe-figures-{self.today:%Y-%m-%d}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        for section in self.sections:
            if not section.rows:
                continue
            unit = section.spec.unit
            yield Sheet(
                title=section.title[:31],
                preamble=[f"{self.council.name}: {section.title}", "Source: " + "; ".join(section.sources)],
                columns=[
                    Column("Financial year" if unit == "pounds" else "When", 16),
                    *[Column(label, 22, wrap=True) for label in section.labels],
                ],
                rows=[[period, *[_cell(c, unit) for c in cells]] for period, cells in section.rows],
                footer=[
                    [SYMBOLS],
                    ["Contains public sector information licensed under the Open Government Licence v3.0."],
                ],
            )
