"""A quarterly return to the DfE in Excel, from the same contents as the page and the Word paper (the frozen
snapshot once submitted): whole pounds as numbers, the variance as a percentage to one decimal place, the
RAG as a word with its fill."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.money import pounds, whole_pounds
from spreadsheets.cells import DATE, POUNDS, Cell, Column, Sheet, rag_cell

SIGNED_PERCENT = '+0.0%;"−"0.0%;0.0%'


def _pounds(value: str | None):
    return None if value is None else Cell(int(whole_pounds(value)), POUNDS)


def _percent(value: str | None):
    return None if value is None else Cell(float(Decimal(value) / 100), SIGNED_PERCENT)


@dataclass
class QuarterlyReturnExport:
    council: str
    slug: str
    financial_year: int
    quarter: int
    contents: dict

    @property
    def title(self) -> str:
        return f"{self.contents['council']}: quarterly return {self.contents['label']}"

    @property
    def filename(self) -> str:
        return f"{self.slug}-quarterly-return-{self.financial_year}-q{self.quarter}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        if self.contents.get("kind_key") == "dbv":
            yield from self._dbv()
        else:
            yield from self._safety_valve()
        c = self.contents
        yield Sheet(
            title="Narrative",
            columns=[Column("Item", 30), Column("Text", 80, wrap=True)],
            rows=[
                ["Changes since the last return", "\n".join(c.get("changes", []))],
                ["Risks", c["risks"]],
                *(
                    [
                        ["Capital projects", c["capital_projects"]]
                    ]  # submitted before they were recorded one by one
                    if isinstance(c.get("capital_projects"), str) and c["capital_projects"]
                    else []
                ),
                ["Narrative", c["narrative"]],
            ],
            autofilter=False,
        )

    def _dbv(self) -> Iterator[Sheet]:
        c = self.contents
        forecast = c.get("forecast")
        keys = ("allocated", "spent", "avoided", "unmitigated", "after_avoidance")
        yield Sheet(
            title="Grant and cost avoidance",
            preamble=[
                self.title,
                f"{c['status']}. Grant {pounds(c['grant'])}. Forecast: {forecast['name']} "
                f"({forecast['series'].lower()})."
                if forecast
                else f"{c['status']}. Grant {pounds(c['grant'])}. No current forecast.",
            ],
            columns=[
                Column("Year", 10),
                Column("Grant allocated", 16, POUNDS),
                Column("Spent", 16, POUNDS),
                Column("Cost avoided", 16, POUNDS),
                Column("Unmitigated forecast", 18, POUNDS),
                Column("Less cost avoided so far", 18, POUNDS),
            ],
            rows=[[r["year"], *(_pounds(r[k]) for k in keys)] for r in c["dbv_rows"]],
        )
        yield Sheet(
            title="Spend by workstream",
            columns=[
                Column("Year", 10),
                Column("Workstream", 50),
                Column("Allocated", 16, POUNDS),
                Column("Spent", 16, POUNDS),
            ],
            rows=[
                [r["year"], r["workstream"], _pounds(r["allocated"]), _pounds(r["spent"])] for r in c["spend"]
            ],
        )

    def _safety_valve(self) -> Iterator[Sheet]:
        c = self.contents
        forecast = c.get("forecast")
        yield Sheet(
            title="Trajectory",
            preamble=[
                self.title,
                f"{c['status']}. Forecast: {forecast['name']} ({forecast['series'].lower()}); tolerance "
                f"{c['tolerance_percent']}%."
                if forecast
                else f"{c['status']}. No current forecast.",
            ],
            columns=[
                Column("Year", 10),
                Column("Agreed excluding DfE payments", 18, POUNDS),
                Column("Agreed including DfE payments", 18, POUNDS),
                Column("Forecast", 16, POUNDS),
                Column("Variance", 16, POUNDS),
                Column("Variance (%)", 12, SIGNED_PERCENT),
                Column("On or off track", 14),
            ],
            rows=[
                [
                    r["year"],
                    _pounds(r["agreed_excluding"]),
                    _pounds(r["agreed_including"]),
                    _pounds(r["forecast"]),
                    _pounds(r["variance"]),
                    _percent(r["variance_percent"]),
                    r["track"],
                ]
                for r in c["rows"]
            ],
        )
        yield Sheet(
            title="Conditions",
            columns=[
                Column("No.", 6),
                Column("Condition", 50, wrap=True),
                Column("Owner", 20),
                Column("RAG", 10),
                Column("Commentary", 50, wrap=True),
                Column("Workstreams", 40, wrap=True),
            ],
            rows=[
                [
                    x["number"],
                    x["text"],
                    x["owner"],
                    rag_cell(x["rag"]),
                    x["commentary"],
                    "; ".join(x["workstreams"]),
                ]
                for x in c["conditions"]
            ],
        )
        projects = c.get("capital_projects")
        if isinstance(projects, list):
            yield Sheet(
                title="Capital projects",
                columns=[
                    Column("Project", 40, wrap=True),
                    Column("Budget", 16, POUNDS),
                    Column("Spend to date", 16, POUNDS),
                    Column("Status", 14),
                    Column("Expected completion", 14, DATE),
                    Column("Commentary", 60, wrap=True),
                ],
                rows=[
                    [
                        x["name"],
                        _pounds(x["budget"]),
                        _pounds(x["spent"]),
                        x["status"],
                        date.fromisoformat(x["expected_completion"]) if x["expected_completion"] else None,
                        x["commentary"] or None,
                    ]
                    for x in projects
                ]
                or [["None reported", None, None, None, None, None]],
            )
        p = c["payments"]
        yield Sheet(
            title="Payments",
            columns=[Column("Item", 30), Column("Amount", 18, POUNDS)],
            rows=[
                ["DfE contribution", _pounds(p["contribution"])],
                ["Received", _pounds(p["received"])],
                ["Withheld", _pounds(p["withheld"])],
                ["Still to come", _pounds(p["remaining"])],
            ],
            autofilter=False,
        )
