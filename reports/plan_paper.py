"""A published version of the DSG management plan as a Word paper, from its frozen snapshot only: built once
by a background job when the version is published (reports.tasks.build_plan_paper) and kept in the shared
cache, as quarterly returns' papers are; a download builds it then if the job has not run yet."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from dsg.models import PlanVersion
from reports.word_paper import Paper

BLOCK_COLUMNS = ["Year", "Block", "Income", "Transfers", "Expenditure", "In-year", "Carried forward"]
LOG_COLUMNS = ["Workstream", "Lead", "RAG", "Open milestones", "Completed", "Savings (target)"]
LOG_COLUMNS += ["Start", "End"]


def plan_paper(snapshot: dict, *, number: int, published: str) -> bytes:
    """Every table is the snapshot's rows as they are: the paper shows what the version froze."""
    paper = Paper()
    paper.doc.add_heading(f"{snapshot['council']}: DSG deficit management plan", level=0)
    title = f" · {snapshot['plan_title']}" if snapshot.get("plan_title") else ""
    paper.paragraphs([f"Version {number}, published {published}{title}. A deficit is negative."])
    paper.heading("Narrative")
    for section in snapshot["narratives"]:
        paper.doc.add_heading(section["label"], level=2)
        paper.paragraphs(section["paragraphs"], empty="Not written.")
    paper.heading("Financial summary")
    if snapshot["blocks"]:
        paper.doc.add_heading("End-of-year positions", level=2)
        paper.table(["Year", "Position", "DSG carried forward"], snapshot["end_of_year"])
        paper.doc.add_heading("Each block by year", level=2)
        paper.table(BLOCK_COLUMNS, snapshot["blocks"], widths=[2.6, 3.4, 2.3, 2.0, 2.3, 2.1, 2.3])
    else:
        paper.paragraphs(["The DSG ledger had no figures."])
    if snapshot["warnings"]:
        paper.doc.add_heading("Checks", level=2)
        for warning in snapshot["warnings"]:
            paper.doc.add_paragraph(warning, style="List Bullet")
    paper.heading("Children and young people")
    children = snapshot["children"]
    if children["census"]:
        if children["groups"]:
            paper.doc.add_heading(f"EHC plans by placement group and age, {children['census']}", level=2)
            paper.table(["Placement group", *children["bands"]], children["groups"])
        if children["needs"]:
            paper.doc.add_heading(f"EHC plans by primary need, {children['census']}", level=2)
            paper.table(["Primary need", "EHC plans"], children["needs"], widths=[12.0, 5.0])
        paper.paragraphs([f"Source: {children['source']}."])
    else:
        paper.paragraphs(["No EHC plan figures were in the DfE store."])
    paper.heading("Governance")
    paper.doc.add_heading("Sign-off", level=2)
    if snapshot["sign_offs"]:
        paper.table(["Role", "Name", "Date"], snapshot["sign_offs"])
    else:
        paper.paragraphs(["Not signed off."])
    paper.doc.add_heading("Reviews at the Schools Forum", level=2)
    paper.paragraphs(snapshot["reviews"], empty="No Schools Forum meetings in the calendar.")
    paper.doc.add_heading("Workstream log", level=2)
    if snapshot["workstreams"]:
        paper.table(LOG_COLUMNS, snapshot["workstreams"])
    else:
        paper.paragraphs(["No workstreams."])
    paper.heading("Stakeholder engagement")
    if snapshot["engagements"]:
        paper.table(["Group", "Date", "What was discussed", "What changed"], snapshot["engagements"])
    else:
        paper.paragraphs(["No engagement recorded."])
    paper.footer(f"{snapshot['council']} · DSG management plan, version {number}")
    return paper.bytes()


def _key(version: PlanVersion) -> str:
    return f"dsg-plan-paper:{version.pk}:{version.published_at.isoformat()}"


def plan_paper_file(version: PlanVersion) -> bytes:
    """The .docx of a published version: from the cache, else built now and kept."""
    key = _key(version)
    paper = cache.get(key)
    if paper is None:
        published = f"{timezone.localtime(version.published_at):%-d %B %Y}"
        paper = plan_paper(version.snapshot, number=version.number, published=published)
        cache.set(key, paper, None)
    return paper
