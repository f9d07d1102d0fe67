"""RAG status: the values, their words and how bad each is, in one place (seed 002's definitions)."""

from django.db import models


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"

    @property
    def definition(self) -> str:
        return RAG_DEFINITIONS[self]

    @property
    def severity(self) -> int:
        return RAG_SEVERITY[self]


# The wording councils already use in their trackers (Rutland, seed 002 key).
RAG_DEFINITIONS: dict[Rag, str] = {
    Rag.GREEN: "Action on target and key milestones met",
    Rag.AMBER: "Potential risk of delay or missing target",
    Rag.RED: "Off target, milestones not met",
}
RAG_SEVERITY: dict[Rag, int] = {Rag.GREEN: 1, Rag.AMBER: 2, Rag.RED: 3}

# GOV.UK tag colour per RAG; the label text is always shown too (colour is never the only signal).
RAG_TAG_CLASSES: dict[str, str] = {
    Rag.GREEN: "govuk-tag--green app-rag--green",
    Rag.AMBER: "govuk-tag--yellow app-rag--amber",
    Rag.RED: "govuk-tag--red app-rag--red",
    "complete": "govuk-tag--blue app-rag--complete",
    "": "govuk-tag--grey app-rag--none",
}


def worst_rag(rags) -> Rag | None:
    """The most severe of the given RAG values (None when there are none)."""
    present = [Rag(r) for r in rags if r]
    return max(present, key=lambda r: r.severity) if present else None


def effective_rag(*, rag: str, overdue: bool, hold_reason: str) -> str:
    """The RAG every count, chart, report and export uses: the one rule, in one place.

    A milestone past its forecast date is a milestone not met (seed 002's Red), so an overdue milestone is
    Red, unless an officer chose another RAG and recorded why (then both are shown). "" means not rated.
    """
    if overdue and not (rag and hold_reason.strip()):
        return Rag.RED
    return rag


# Fill and text colours for RAG in print (Excel trackers and the Word paper): the colours councils' own
# trackers use, with the word always in the cell.
RAG_PRINT_COLOURS: dict[str, tuple[str, str]] = {
    "Green": ("00B050", "000000"),
    "Amber": ("FFC000", "000000"),
    "Red": ("C00000", "FFFFFF"),  # white on C00000 is 6.5:1 (on FF0000 it was 4.0:1, below AA's 4.5:1)
    "Complete": ("0070C0", "FFFFFF"),
}
