"""The local SEND reform plan's data (issue 26): its sections are rows made from these defaults, so when the
DfE publishes its template's fields they replace this list, not code.

The five principles are those the DfE's and NHS England's letter of December 2025 asked the plans to reflect
("early, local, fair, effective and shared", as Schools Week reported it). The DfE scores a plan on a
four-point scale; issue 26 quotes its two ends ("requirements not met" … "exceeds requirements"); the two
middle points' wording is ours until the DfE's template is known.
"""

from django.db import models

DEFAULT_PRINCIPLES: tuple[tuple[str, str], ...] = (
    ("Early", "Needs are identified and met early, without waiting for a statutory plan."),
    ("Local", "Children and young people are supported in their local community and local schools."),
    ("Fair", "Support is allocated fairly and consistently, according to need."),
    ("Effective", "Support is evidence-based and makes the best use of resources."),
    ("Shared", "Education, health and care partners share responsibility for the system."),
)


class Assessment(models.TextChoices):
    NOT_MET = "1", "Requirements not met"
    PARTLY_MET = "2", "Requirements partly met"
    MET = "3", "Requirements met"
    EXCEEDS = "4", "Exceeds requirements"


def dfe_series_choices() -> list[tuple[str, str]]:
    """The DfE's figures a section may quote: the council's own totals (not breakdowns by need or age)."""
    from dfe.series import SERIES

    skip = {"Primary need", "Demand model inputs"}
    return [(s.key, f"{s.label} ({s.section})") for s in SERIES.values() if s.section not in skip]
