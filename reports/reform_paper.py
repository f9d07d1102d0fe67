"""A published version of the local SEND reform plan as a Word paper, from its frozen snapshot only, built
once per version and kept in the shared cache (as Forum papers are)."""

from django.core.cache import cache

from agreements.models import ReformPlanVersion
from reports.word_paper import Paper


def reform_paper(snapshot: dict) -> bytes:
    paper = Paper()
    paper.doc.add_heading(f"{snapshot['council']}: {snapshot['title']}", level=0)
    paper.doc.add_paragraph(f"Version {snapshot['version']} · {snapshot['term']}")
    paper.heading("Self-assessment")
    paper.table(
        ["Principle", "Self-assessment"],
        [[s["principle"], s["self_assessment"] or "Not assessed"] for s in snapshot["sections"]],
    )
    for s in snapshot["sections"]:
        paper.heading(s["principle"])
        paper.paragraphs([s["description"]] if s["description"] else [])
        paper.paragraphs(s["narrative"].split("\n\n") if s["narrative"] else [], empty="No narrative yet.")
        paper.doc.add_heading("Evidence", level=2)
        paper.paragraphs(s["evidence"].split("\n\n") if s["evidence"] else [], empty="No evidence given.")
        for title, key in (
            ("Workstreams", "workstreams"),
            ("Demand model levers", "levers"),
            ("Measures", "measures"),
        ):
            if s.get(key):
                paper.doc.add_heading(title, level=2)
                for item in s[key]:
                    paper.doc.add_paragraph(item, style="List Bullet")
    paper.footer(f"{snapshot['council']} · local SEND reform plan, version {snapshot['version']}")
    return paper.bytes()


def reform_paper_file(version: ReformPlanVersion) -> bytes:
    key = f"reform-paper:{version.pk}:{version.published_at.isoformat()}"
    paper = cache.get(key)
    if paper is None:
        paper = reform_paper(version.snapshot)
        cache.set(key, paper, None)
    return paper
