"""The quarterly return to the DfE as a Word paper, from its frozen snapshot only (the same figures as the
page and the workbook: every amount through core.money, as the page's filters do), built once when the return
is submitted (a job) and then served from the shared cache; built again only if the cache lost it."""

from django.core.cache import cache

from agreements.models import QuarterlyReturn
from core.money import pounds, signed_percent, signed_pounds
from reports.word_paper import Paper, _rag_column

COLUMNS = [
    "Year",
    "Agreed excluding DfE payments",
    "Agreed including DfE payments",
    "Forecast",
    "Variance",
    "Variance (%)",
    "On or off track",
]


NOT_FORECAST = "Not forecast"


def _forecast_cell(snapshot: dict, value) -> str:
    """A year the current forecast does not reach says so, as the page does, rather than a blank cell."""
    return NOT_FORECAST if value is None and snapshot.get("forecast") else pounds(value)


def figure_rows(snapshot: dict) -> list[list[str]]:
    """The trajectory table as text, exactly as the page prints it."""
    return [
        [
            r["year"],
            pounds(r["agreed_excluding"]),
            pounds(r["agreed_including"]),
            _forecast_cell(snapshot, r["forecast"]),
            signed_pounds(r["variance"]),
            signed_percent(r["variance_percent"]),
            r["track"],
        ]
        for r in snapshot["rows"]
    ]


DBV_COLUMNS = [
    "Year",
    "Grant allocated",
    "Spent",
    "Cost avoided",
    "Unmitigated forecast",
    "Less cost avoided so far",
]


def dbv_rows(snapshot: dict) -> list[list[str]]:
    """The DBV table as text, exactly as the page prints it."""
    keys = ("allocated", "spent", "avoided")
    return [
        [r["year"], *(pounds(r[k]) for k in keys), _forecast_cell(snapshot, r["unmitigated"]),
         pounds(r["after_avoidance"])]
        for r in snapshot["dbv_rows"]
    ]  # fmt: skip


def _dbv(paper: Paper, snapshot: dict) -> None:
    paper.heading("Grant, spend and cost avoidance")
    forecast = snapshot.get("forecast")
    paper.paragraphs(
        [
            (
                f"Cost avoided against the current forecast, “{forecast['name']}” "
                f"({forecast['series'].lower()}): the cumulative deficit less the cost avoided so far."
                if forecast
                else "The plan had no current forecast to set the cost avoided against."
            )
            + f" The grant is {pounds(snapshot['grant'])}."
        ]
    )
    paper.table(DBV_COLUMNS, dbv_rows(snapshot))
    paper.heading("Spend by workstream")
    paper.table(
        ["Year", "Workstream", "Allocated", "Spent"],
        [[r["year"], r["workstream"], pounds(r["allocated"]), pounds(r["spent"])] for r in snapshot["spend"]],
        widths=[2.5, 8.5, 3.0, 3.0],
    )


def return_paper(snapshot: dict) -> bytes:
    paper = Paper()
    paper.doc.add_heading(f"{snapshot['council']}: {snapshot['agreement']}", level=0)
    paper.doc.add_paragraph(f"Quarterly return for {snapshot['label']}")
    if snapshot.get("kind_key") == "dbv":
        _dbv(paper, snapshot)
    else:
        _safety_valve(paper, snapshot)
    # Both kinds (DBV returns submitted before they listed their changes have none to show).
    if snapshot.get("changes"):
        paper.heading("Changes since the last return")
        paper.paragraphs(snapshot["changes"])
    _text(paper, "Risks", snapshot["risks"])
    projects = snapshot.get("capital_projects")
    if isinstance(projects, list):
        if snapshot.get("kind_key") != "dbv":
            paper.heading("Capital projects")
            _capital_projects(paper, projects)
    elif projects or snapshot.get("kind_key") != "dbv":  # submitted before they were recorded one by one
        _text(paper, "Capital projects", projects or "")
    _text(paper, "Narrative", snapshot["narrative"])
    paper.footer(f"{snapshot['council']} · quarterly return {snapshot['label']}")
    return paper.bytes()


def _text(paper: Paper, title: str, text: str) -> None:
    paper.heading(title)
    paper.paragraphs(text.split("\n\n") if text else [], empty="None reported.")


def capital_project_rows(projects: list[dict]) -> list[list[str]]:
    """The capital projects table as text, exactly as the page prints it."""
    return [
        [p["name"], pounds(p["budget"]), pounds(p["spent"]), p["status"],
         p.get("expected_completion_label") or "", p["commentary"]]
        for p in projects
    ]  # fmt: skip


def _capital_projects(paper: Paper, projects: list[dict]) -> None:
    if not projects:
        paper.paragraphs(["None reported."])
        return
    paper.table(
        ["Project", "Budget", "Spend to date", "Status", "Expected completion", "Commentary"],
        capital_project_rows(projects),
        widths=[4.0, 2.4, 2.4, 2.0, 2.4, 3.8],
    )


def _safety_valve(paper: Paper, snapshot: dict) -> None:
    paper.heading("Forecast against the agreed trajectory")
    forecast = snapshot.get("forecast")
    paper.paragraphs(
        [
            f"The current forecast, “{forecast['name']}” ({forecast['series'].lower()}), against the agreed "
            f"cumulative deficit excluding DfE payments. A year is off track when the forecast is more than "
            f"{snapshot['tolerance_percent']}% above the agreed deficit."
            if forecast
            else "The plan had no current forecast to compare with the trajectory."
        ]
    )
    paper.table(COLUMNS, figure_rows(snapshot))
    paper.heading("Conditions")
    paper.table(
        ["No.", "Condition", "Owner", "RAG", "Commentary"],
        [[c["number"], c["text"], c["owner"], c["rag"], c["commentary"]] for c in snapshot["conditions"]],
        widths=[1.2, 6.0, 2.8, 1.8, 5.2],
        style_cell=_rag_column(3),
    )
    payments = snapshot["payments"]
    paper.heading("DfE payments")
    paper.paragraphs(
        [
            f"Received {pounds(payments['received'])} of {pounds(payments['contribution'])}; withheld "
            f"{pounds(payments['withheld'])}; still to come {pounds(payments['remaining'])}."
        ]
    )


def _key(ret: QuarterlyReturn) -> str:
    return f"return-paper:{ret.pk}:{ret.submitted_at.isoformat()}"


def return_paper_file(ret: QuarterlyReturn) -> bytes:
    """The .docx of a submitted return: from the cache, else built now and kept."""
    key = _key(ret)
    paper = cache.get(key)
    if paper is None:
        paper = return_paper(ret.snapshot)
        cache.set(key, paper, None)
    return paper
