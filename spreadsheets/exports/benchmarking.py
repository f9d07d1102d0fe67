"""Benchmarking in Excel: a sheet of the measures (formula and source), then a sheet per measure with every
council of the comparator group by year, the group median and England. Numbers are numbers, rounded as the
page shows them (pounds whole, rates and shares to one decimal place); a missing figure is written as why
(the DfE's symbol, "no figure", "did not exist"), never as 0."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from recovery.models import Council
from reports.benchmarking import Missing, period_words, periods_for, round_for, standing
from reports.benchmarking_selectors import Benchmarks
from spreadsheets.cells import COUNT, NUMBER, POUNDS, Cell, Column, Sheet

FORMATS = {"pounds": POUNDS, "percent": "0.0", "points": '+0.0;"−"0.0;0.0', "rate": "0.0"}
UNITS = {
    "pounds": "pounds",
    "percent": "per cent",
    "points": "percentage points",
    "rate": "rate (see the formula)",
}
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


@dataclass
class BenchmarkingExport:
    council: Council
    benchmarks: Benchmarks
    today: date = field(default_factory=timezone.localdate)
    years: int = 5

    @property
    def title(self) -> str:
        return f"{self.council.name}: benchmarking"

    @property
    def filename(self) -> str:
        return f"{self.council.slug}-benchmarking-{self.benchmarks.comparator}-{self.today:%Y-%m-%d}.xlsx"

    def _cell(self, measure, result):
        if result is None:
            return "no figure"
        if isinstance(result, Missing):
            return str(result)
        value = round_for(measure, result)
        number = int(value) if measure.unit == "pounds" else float(value)
        return Cell(number, FORMATS[measure.unit])

    def sheets(self) -> Iterator[Sheet]:
        b = self.benchmarks
        yield Sheet(
            title="Measures",
            preamble=[f"{self.council.name} against {b.group_words}", OGL],
            columns=[
                Column("Sheet", 10),
                Column("Measure", 40, wrap=True),
                Column("Unit", 16),
                Column("Formula", 70, wrap=True),
                Column("Source", 50, wrap=True),
            ],
            rows=[
                [f"M{i}", m.title, UNITS[m.unit], m.formula, m.source] for i, m in enumerate(b.measures, 1)
            ],
        )
        if b.council is None:
            return
        council = (b.council.code, b.council.name)
        group = [(a.code, a.name) for a in b.group]
        region = [a.code for a in b.region]
        for i, measure in enumerate(b.measures, 1):
            periods = periods_for(measure, b.figures, last=self.years)
            if not periods:
                continue
            standings = [
                standing(
                    measure, b.figures, p, council=council, group=group, region=region, existed=b.existed
                )
                for p in periods
            ]
            rows = []
            for index, (code, name) in enumerate([council, *group]):
                by_code = [next(e for e in s.entries if e.code == code) for s in standings]
                rows.append(
                    [code, f"{name} (this council)" if index == 0 else name]
                    + [self._cell(measure, e.result) for e in by_code]
                    + [Cell(standings[-1].rank, COUNT) if index == 0 and standings[-1].rank else None]
                )
            rows.append(
                ["", f"Median of {b.group_words}"]
                + [self._cell(measure, s.median) for s in standings]
                + [None]
            )
            rows.append(
                ["", "Councils in the median"] + [Cell(s.median_over, COUNT) for s in standings] + [None]
            )
            rows.append(["E", "England"] + [self._cell(measure, s.england) for s in standings] + [None])
            yield Sheet(
                title=f"M{i}",
                preamble=[
                    f"M{i}. {measure.title}",
                    f"Formula: {measure.formula}",
                    f"Source: {measure.source}",
                ],
                columns=[
                    Column("LA code", 9),
                    Column("Council", 36, wrap=True),
                    *[Column(period_words(p), 14, FORMATS[measure.unit]) for p in periods],
                    Column(f"Rank, {period_words(periods[-1])}", 12, NUMBER),
                ],
                rows=rows,
                footer=[
                    [f"Rank: 1 is the highest value, of {standings[-1].ranked_over} with a figure."],
                    [OGL],
                ],
            )


def report_benchmarking_sheet(snapshot: dict, about: list[str]) -> Sheet | None:
    """A published Forum report's Benchmarking section, from its frozen snapshot, numbers as numbers."""
    section = snapshot.get("benchmarking") or {}
    if not section.get("rows"):
        return None

    def number(row, key):
        value = row.get(key)
        if value is None:
            return None
        fmt = FORMATS.get(row.get("unit", ""), NUMBER)
        return Cell(int(value) if row.get("unit") == "pounds" else value, fmt)

    return Sheet(
        title="Benchmarking",
        preamble=[*about, f"Against {section.get('group', '')}: {', '.join(section.get('neighbours', []))}"],
        columns=[
            Column("Measure", 40, wrap=True),
            Column("When", 14),
            Column(snapshot.get("council", "Council"), 14),
            Column("Rank", 20),
            Column("Neighbour median", 14),
            Column("Councils in the median", 12),
            Column("England", 14),
            Column("Formula", 60, wrap=True),
            Column("Source", 40, wrap=True),
        ],
        rows=[
            [
                r["measure"],
                r["period"],
                number(r, "number"),
                r["position"],
                number(r, "median_number"),
                Cell(r["median_over"], COUNT),
                number(r, "england_number") if r.get("england_number") is not None else r.get("england"),
                r["formula"],
                r["source"],
            ]
            for r in section["rows"]
        ],
        footer=[[OGL]],
    )
