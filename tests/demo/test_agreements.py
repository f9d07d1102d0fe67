"""The demo's agreements with the DfE: Wiltshire's invented Safety Valve agreement and Stockton-on-Tees's DBV
grant agreement (seed 004), loaded once however often load_demo runs, and their invented values declared."""

import json

import pytest

from agreements.models import Agreement, QuarterlyReturn, TrajectoryYear
from agreements.selectors import councils_with_programme, programme_for_council
from demo.plans import DEMO_DIR, load_demo
from recovery.models import Council

pytestmark = pytest.mark.django_db


def test_wiltshire_has_a_safety_valve_agreement_whose_submitted_return_is_off_track_in_2022_23():
    load_demo()
    load_demo()
    agreement = Agreement.objects.get(council__slug="wiltshire")
    assert (
        agreement.kind == "safety_valve"
        and programme_for_council(council=agreement.council) == "safety_valve"
    )
    assert TrajectoryYear.objects.filter(agreement=agreement).count() == 5
    assert agreement.conditions.count() == 6 and agreement.payments.count() == 5
    submitted = QuarterlyReturn.objects.get(agreement=agreement, status="submitted")
    tracks = {row["year"]: row["track"] for row in submitted.snapshot["rows"]}
    assert tracks == {
        "2020-21": "On track",
        "2021-22": "On track",
        "2022-23": "Off track",
        "2023-24": "",
        "2024-25": "",
    }
    assert QuarterlyReturn.objects.filter(agreement=agreement).count() == 2


def test_stockton_has_its_dbv_grant_agreement_within_the_grant():
    load_demo()
    agreement = Agreement.objects.get(council__slug="stockton-on-tees")
    assert (agreement.kind, agreement.dfe_contribution, agreement.term_label) == (
        "dbv",
        1_000_000,
        "2023-24 to 2024-25",
    )
    assert sum(g.allocated for g in agreement.grant_spend.all()) <= agreement.dfe_contribution


@pytest.mark.parametrize("slug", ["wiltshire", "stockton-on-tees"])
def test_the_fixture_declares_what_is_invented_in_its_agreement(slug):
    data = json.loads((DEMO_DIR / f"{slug}.json").read_text(encoding="utf-8"))
    assert data["agreements"]
    assert any("agreement" in line and "nvented" in line for line in data["invented"])


def test_each_demo_councils_programme_follows_its_agreements():
    load_demo()
    programmes = dict(councils_with_programme(Council.objects.all()).values_list("slug", "programme_key"))
    assert programmes == {
        "rutland": "none",
        "stockton-on-tees": "dbv",
        "warwickshire": "dbv",  # its invented DBV grant agreement (the seed: it takes part in DBV)
        "wiltshire": "safety_valve",
    }
