"""The "At a glance" cards: compact figures with the exact one beneath, and a surplus called a surplus."""

from decimal import Decimal

from core.money import MINUS
from projections.models import Bound
from reports.headline import headline_cards
from reports.selectors import Headline


def headline(**changes) -> Headline:
    values = {
        "this_year": 2026,
        "last_year": 2028,
        "unmitigated_now": Decimal(1_200_000),
        "mitigated_now": Decimal(1_000_000),
        "unmitigated_end": Decimal(3_355_662),
        "mitigated_end": Decimal(-3_355_662),
        "actual": None,
        "bound": Bound.SINGLE,
        "workstreams": 9,
        "rag_counts": {"red": 1, "amber": 2, "green": 3, "": 0, "complete": 4},
        "overdue": 2,
        "slipped": 1,
    }
    values.update(changes)
    return Headline(**values)


def test_it_quotes_a_compact_figure_with_the_exact_one_beneath():
    card = headline_cards(headline())[0]
    assert (card["value"], card["exact"]) == ("£3.4m", "£3,355,662")
    assert card["caption"] == "Cumulative deficit by 2028-29 if nothing changes (unmitigated)"


def test_it_calls_a_negative_cumulative_deficit_a_surplus():
    card = headline_cards(headline())[1]
    assert card["value"] == "£3.4m" and MINUS not in card["value"] and "-" not in card["value"]
    assert card["caption"].startswith("Cumulative surplus by 2028-29")


def test_it_names_the_bound_and_keeps_millions_as_given():
    cards = headline_cards(headline(bound=Bound.UPPER, unmitigated_end=Decimal(267_000_000)), "millions")
    assert cards[0]["value"] == "£267m" and cards[0]["exact"] == ""  # nothing more exact than the paper
    assert "(unmitigated, upper bound)" in cards[0]["caption"]


def test_it_warns_of_overdue_milestones():
    cards = {c["caption"]: c for c in headline_cards(headline())}
    assert cards["Milestones overdue"]["warning"] and not cards["Workstreams"]["warning"]
