"""The demo indicators: Rutland's framework (invented figures, said so), Warwickshire's survey and Stockton's
EHCP count (the seeds' own figures), loaded by load_demo and idempotent."""

from decimal import Decimal

import pytest

from demo.indicators import read_indicator_fixture
from demo.plans import load_demo
from indicators.models import Indicator, IndicatorValue, Target
from indicators.selectors import indicators_for_plan
from recovery.models import Council
from recovery.selectors import plan_for_council

pytestmark = pytest.mark.django_db


def by_name(slug):
    plan = plan_for_council(council=Council.objects.get(slug=slug))
    return {i.name: i for i in indicators_for_plan(plan=plan)}


def test_it_is_idempotent_and_writes_no_second_history():
    load_demo()
    counts = (Indicator.objects.count(), Target.objects.count(), IndicatorValue.objects.count())
    history = (Indicator.history.count(), IndicatorValue.history.count(), Target.history.count())
    load_demo()
    assert (Indicator.objects.count(), Target.objects.count(), IndicatorValue.objects.count()) == counts
    assert (Indicator.history.count(), IndicatorValue.history.count(), Target.history.count()) == history
    assert counts[0] == 7 + 5 + 1


def test_warwickshire_has_the_five_senco_confidence_measures_before_and_after():
    load_demo()
    survey = by_name("warwickshire")
    pairs = {name: [v.value for v in i.actuals] for name, i in survey.items()}
    assert pairs == {
        "SENCO confidence: using the SEND inclusion guidance": [Decimal(40), Decimal(60)],
        "SENCO confidence: recording and monitoring early intervention": [Decimal("63.2"), Decimal("75.5")],
        "SENCO confidence: implementing Assess, Plan, Do and Review": [Decimal(46), Decimal("63.5")],
        "SENCO confidence: consistently planning and differentiating": [Decimal("61.8"), Decimal("73.2")],
        "SENCO confidence: managing additional adult support": [Decimal(52), Decimal(75)],
    }
    assert all(i.workstream.title == "Inclusion framework" for i in survey.values())


def test_stockton_has_its_ehcp_count_with_the_2019_baseline_and_the_2027_unmitigated_forecast():
    load_demo()
    ehcps = by_name("stockton-on-tees")["Children and young people with an EHC plan"]
    assert (ehcps.baseline_period, ehcps.baseline_value) == ("2019", Decimal(1452))
    assert (ehcps.latest.period, ehcps.latest.value) == ("2024", Decimal(2048))
    assert [(v.period, v.value) for v in ehcps.forecasts] == [("2027", Decimal(2564))]
    assert ehcps.sen2_measure == "ehcp_total"  # so a real SEN2 import keeps it up to date


def test_rutlands_framework_covers_seed_000s_areas_and_says_its_figures_are_invented():
    load_demo()
    rutland = by_name("rutland")
    assert len(rutland) == 7 and {i.rag for i in rutland.values()} >= {"green", "amber", "red"}
    assert {i.period_type for i in rutland.values()} == {
        "financial_year",
        "academic_year",
        "term",
        "month",
        "calendar_year",
    }
    invented = " ".join(read_indicator_fixture("rutland")["invented"])
    assert "Every figure, baseline and target below is invented" in invented


def test_every_indicator_fixture_names_what_is_invented():
    for slug in ("rutland", "warwickshire", "stockton-on-tees"):
        assert read_indicator_fixture(slug)["invented"], slug
    assert read_indicator_fixture("wiltshire") is None
