"""A council's programme is derived from its agreements with the DfE, never stored: Safety Valve while a
Safety Valve agreement has not ended, else DBV if it has a DBV plan, else none; the same whether read for a
list (an annotation, in the list's own query) or for one council."""

import pytest

from agreements import services
from agreements.selectors import councils_with_programme, programme_for_council
from recovery.models import Council, ProgrammeNotRead
from tests.factories import AgreementFactory


def programme_of(council) -> str:
    listed = councils_with_programme(Council.objects.filter(pk=council.pk)).get()
    assert listed.programme == programme_for_council(council=council)
    return listed.programme


def test_a_council_without_agreements_is_in_no_programme(home):
    assert programme_of(home.council) == "none"


def test_a_dbv_plan_puts_the_council_in_dbv_even_once_ended(home):
    AgreementFactory(plan=home.plan, kind="dbv", dfe_contribution=1_000_000, status="ended")
    assert programme_of(home.council) == "dbv"


def test_a_safety_valve_agreement_in_force_wins_over_dbv_and_ending_it_leaves_dbv(home):
    AgreementFactory(plan=home.plan, kind="dbv", dfe_contribution=1_000_000)
    sv = AgreementFactory(plan=home.plan, kind="safety_valve", status="suspended")
    assert programme_of(home.council) == "safety_valve"
    services.agreement_status_set(agreement=sv, user=None, status="ended")
    assert programme_of(home.council) == "dbv"


def test_a_reform_plan_is_no_programme(home):
    AgreementFactory(plan=home.plan, kind="reform_plan")
    assert programme_of(home.council) == "none"


def test_another_councils_agreement_does_not_count(home, foreign):
    AgreementFactory(plan=foreign.plan, kind="safety_valve")
    assert programme_of(home.council) == "none" and programme_of(foreign.council) == "safety_valve"


def test_a_list_reads_every_programme_in_one_query(home, foreign, django_assert_num_queries):
    AgreementFactory(plan=foreign.plan, kind="safety_valve")
    with django_assert_num_queries(1):
        got = {c.slug: c.get_programme_display() for c in councils_with_programme(Council.objects.all())}
    assert got == {"home-council": "None", "foreign-council": "Safety Valve"}


def test_a_council_read_without_its_programme_says_so_rather_than_guess(home):
    with pytest.raises(ProgrammeNotRead, match="councils_with_programme"):
        Council.objects.get(pk=home.council.pk).programme
