"""The High Needs Stability Grant evidence as a Word paper for the s151 officer, on the Forum paper's
building blocks (reports.word_paper.Paper: A4, Arial, numbered headings, tables with repeated headers)."""

from __future__ import annotations

from core.money import pounds
from dsg.stability import Evidence
from reports.word_paper import Paper


def stability_paper(*, council_name: str, evidence: Evidence) -> bytes:
    paper = Paper()
    end = f"{evidence.year_end:%-d %B %Y}"
    paper.doc.add_heading(f"{council_name}: High Needs Stability Grant evidence", level=0)
    paper.paragraphs([f"For the s151 officer. The high-needs deficit at {end}, as five documents give it."])
    paper.heading("Purpose")
    paper.paragraphs(
        [
            f"The DfE pays 90% of the council's high-needs deficit at {end}. It compares the s251 "
            "return, the DSG note in the statement of accounts, the chief finance officer's DSG "
            "assurance sign-off, the Revenue Outturn return and the published accounts; where the "
            "differences are not explained it uses the lowest, and it excludes overspends outside high "
            "needs. The grant depends on the DfE approving the council's local SEND reform plan."
        ]
    )
    paper.heading("The five figures")
    paper.table(
        ["Figure", "Deficit", "Source document", "Dated", "Above the lowest", "Explanation"],
        [
            [
                row.figure.label,
                pounds(row.figure.deficit),
                row.figure.document,
                f"{row.figure.document_date:%-d %b %Y}" if row.figure.document_date else "",
                pounds(row.difference) if row.difference else "",
                row.figure.explanation,
            ]
            for row in evidence.rows
        ],
        widths=[3.6, 2.4, 3.8, 2.0, 2.2, 3.0],
    )
    paper.heading("The grant")
    paper.table(
        ["", "Amount"],
        [
            ["Lowest of the five figures", pounds(evidence.lowest)],
            ["Part that is not high needs", pounds(evidence.non_high_needs)],
            ["Eligible deficit", pounds(evidence.eligible)],
            ["Grant: 90% of the eligible deficit", pounds(evidence.grant)],
        ],
        widths=[11.0, 6.0],
    )
    if evidence.non_high_needs_note:
        paper.paragraphs([f"The part that is not high needs: {evidence.non_high_needs_note}"])
    if evidence.warnings:
        paper.heading("To resolve before the return")
        for warning in evidence.warnings:
            paper.doc.add_paragraph(warning, style="List Bullet")
    paper.footer(f"{council_name} · High Needs Stability Grant evidence, {end}")
    return paper.bytes()
