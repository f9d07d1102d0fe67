"""The "At a glance" cards, worded once for the dashboard and the Forum report (and so its snapshot).

A card quotes a compact figure ("£3.4m"); the exact one is under it and in the forecast table beside it.
A negative cumulative deficit is a surplus, and the card says so rather than print "−£3.4m deficit".
"""

from decimal import Decimal

from core.money import MINUS, pounds, pounds_compact
from projections.models import Bound
from reports.selectors import Headline


def _deficit_card(
    value: Decimal, caption: str, unit: str, bounds: tuple[Decimal, Decimal] | None = None
) -> dict:
    """``caption`` is worded for a deficit ("Cumulative deficit by …"); a surplus gets its own word.
    ``bounds`` (lower, upper) are quoted as a range beside the central figure, signed as the papers write."""
    if value < 0:
        caption = caption.replace("Cumulative deficit", "Cumulative surplus", 1)
    compact, exact = pounds_compact(abs(value)), pounds(abs(value), unit)
    card = {
        "value": compact,
        "exact": "" if exact == compact else exact,
        "caption": caption,
        "warning": False,
    }
    if bounds is not None:
        low, high = bounds
        card["range"] = f"Range {_signed_compact(low)} to {_signed_compact(high)} (lower to upper bound)"
    return card


def _signed_compact(value: Decimal) -> str:
    return f"{MINUS}{pounds_compact(abs(value))}" if value < 0 else pounds_compact(value)


def headline_cards(h: Headline, unit: str = "pounds") -> list[dict]:
    cards = []
    bound = "" if h.bound == Bound.SINGLE else f", {Bound(h.bound).label.lower()}"
    if h.unmitigated_end is not None:
        cards.append(
            _deficit_card(
                h.unmitigated_end,
                f"Cumulative deficit by {h.last_year_label} if nothing changes (unmitigated{bound})",
                unit,
                h.ranges.get("unmitigated_end"),
            )
        )
    if h.mitigated_end is not None:
        cards.append(
            _deficit_card(
                h.mitigated_end,
                f"Cumulative deficit by {h.last_year_label} with the plan's target savings{bound}",
                unit,
                h.ranges.get("mitigated_end"),
            )
        )
    if h.unmitigated_now is not None:
        cards.append(
            _deficit_card(
                h.unmitigated_now,
                f"Cumulative deficit forecast for {h.this_year_label} (unmitigated{bound})",
                unit,
                h.ranges.get("unmitigated_now"),
            )
        )
    if h.actual is not None:
        cards.append(
            _deficit_card(
                h.actual.cumulative_deficit,
                f"Cumulative deficit at the end of {h.actual.year_label} (actual outturn)",
                "pounds",
            )
        )
    counts = h.rag_counts
    cards += [
        {"value": str(h.workstreams), "exact": "", "caption": "Workstreams", "warning": False},
        {
            "value": f"{counts['red']} red · {counts['amber']} amber · {counts['green']} green",
            "exact": "",
            "caption": f"Open milestones by RAG ({h.not_rated} not rated, {counts['complete']} complete)",
            "warning": False,
            "phrase": True,
        },
        {"value": str(h.overdue), "exact": "", "caption": "Milestones overdue", "warning": bool(h.overdue)},
        {
            "value": str(h.slipped),
            "exact": "",
            "caption": "Milestones slipped past their baseline date",
            "warning": False,
        },
    ]
    return cards
