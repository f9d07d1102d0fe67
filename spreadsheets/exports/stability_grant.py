"""The High Needs Stability Grant evidence in Excel: the five figures with their documents, and the lowest,
eligible amount and grant as live formulas (with the page's figures cached, so every reader shows them)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from dsg.stability import GRANT_SHARE, Evidence
from recovery.models import Council
from spreadsheets.cells import DATE, POUNDS, Cell, Column, Formula, Sheet


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class StabilityGrantExport:
    council: Council
    evidence: Evidence
    today: date = field(default_factory=timezone.localdate)

    @property
    def title(self) -> str:
        return f"{self.council.name}: High Needs Stability Grant evidence"

    @property
    def filename(self) -> str:
        return f"{self.council.slug}-stability-grant-{self.evidence.year_end:%Y-%m-%d}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        e = self.evidence
        preamble = [
            f"{self.council.name}: high-needs deficit at {e.year_end:%-d %B %Y}",
            "The DfE uses the lowest figure where differences are not explained, excludes the part "
            "that is not high needs, and pays 90% of the rest.",
        ]
        first = len(preamble) + 3  # the first figure's row (the writer puts a blank row and the header above)
        last = first + len(e.figures) - 1
        deficits = f"B{first}:B{last}"
        rows = []
        for n, row in enumerate(e.rows):
            ref = f"B{first + n}"
            rows.append(
                [
                    row.figure.label,
                    _number(row.figure.deficit),
                    row.figure.document,
                    row.figure.document_date,
                    Formula(f'=IF({ref}="","",{ref}-MIN({deficits}))', _number(row.difference))
                    if row.figure.deficit is not None
                    else None,
                    row.figure.explanation,
                ]
            )
        summary = last + 2
        rows.append([])
        rows.append(
            [Cell("Lowest of the five figures", bold=True), Formula(f"=MIN({deficits})", _number(e.lowest))]
        )
        rows.append(["Part that is not high needs", _number(e.non_high_needs), e.non_high_needs_note])
        rows.append(
            [
                Cell("Eligible deficit", bold=True),
                Formula(f"=MAX(B{summary}-B{summary + 1},0)", _number(e.eligible)),
            ]
        )
        rows.append(
            [
                Cell("Grant: 90% of the eligible deficit", bold=True),
                Formula(f"=ROUND(B{summary + 2}*{GRANT_SHARE},2)", _number(e.grant)),
            ]
        )
        yield Sheet(
            title="Stability grant evidence",
            preamble=preamble,
            columns=[
                Column("Figure", 44, wrap=True),
                Column("Deficit", 16, POUNDS),
                Column("Source document", 40, wrap=True),
                Column("Dated", 14, DATE),
                Column("Above the lowest", 16, POUNDS),
                Column("Explanation", 50, wrap=True),
            ],
            rows=rows,
            footer=[[w] for w in e.warnings],
            autofilter=False,
        )
