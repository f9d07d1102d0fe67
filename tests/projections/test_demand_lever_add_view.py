"""Adding a lever on the demand model page: finance and council admins; others 403; another council 404."""

from decimal import Decimal

import pytest

from accounts.models import Role
from projections.models import DemandLever
from tests.conftest import member_client

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN]
READERS = [Role.OFFICER, Role.FORUM]


def url(world):
    return f"/councils/{world.council.slug}/demand/levers/"


def form(world, **changes):
    data = {
        "workstream": str(world.workstream.pk),
        "scenario": "target",
        "kind": "joiners",
        "start_year": "2026",
        "age_from": "5",
        "age_to": "10",
        "change": "−10",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", EDITORS)
def test_it_adds_the_lever_and_says_what_it_does(home, role):
    client = member_client(home.council, role)
    response = client.post(url(home), form(home), follow=True)
    lever = DemandLever.objects.get()
    assert (lever.plan, lever.workstream, lever.kind, lever.start_year) == (
        home.plan,
        home.workstream,
        "joiners",
        2026,
    )
    assert lever.factor == Decimal("0.9")
    assert lever.history.get().history_user == client.user
    assert "Lever added to" in response.content.decode()
    assert "New plans aged 5–10 −10% from 2026-27" in response.content.decode()


def test_a_move_is_saved_as_a_share(home):
    client = member_client(home.council, Role.FINANCE)
    client.post(
        url(home),
        form(home, kind="move", change="", share="15", group="independent", to_group="special"),
    )
    lever = DemandLever.objects.get()
    assert (lever.share, lever.factor, lever.group, lever.to_group) == (
        Decimal("0.15"),
        Decimal("1"),
        "independent",
        "special",
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"change": ""}, "Enter the change in per cent"),
        ({"change": "0"}, "This lever changes nothing"),
        ({"start_year": "2031"}, "Select a valid choice"),
        ({"age_from": "12", "age_to": "10"}, "Ages run from 0 to 25"),
        ({"kind": "move", "share": "20", "group": "", "to_group": ""}, "Choose the setting group"),
        ({"kind": "leavers", "change": "20", "reason": "boredom"}, "Choose one of the DfE&#x27;s reasons"),
        ({"kind": "joiners", "reason": "needs_met"}, "A reason is for a lever on ceased plans only"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(home, changes, message):
    response = member_client(home.council, Role.FINANCE).post(url(home), form(home, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not DemandLever.objects.exists()


def test_another_plans_workstream_cannot_be_chosen(home, foreign):
    response = member_client(home.council, Role.FINANCE).post(
        url(home), form(home, workstream=str(foreign.workstream.pk))
    )
    assert response.status_code == 400 and not DemandLever.objects.exists()


@pytest.mark.parametrize("role", READERS)
def test_it_is_forbidden_to_readers(home, role):
    assert member_client(home.council, role).post(url(home), form(home)).status_code == 403
    assert not DemandLever.objects.exists()


@pytest.mark.parametrize("role", EDITORS + READERS)
def test_it_is_a_404_for_another_council(home, foreign, role):
    assert member_client(home.council, role).post(url(foreign), form(foreign)).status_code == 404
    assert not DemandLever.objects.exists()


def test_it_takes_only_a_post(home):
    assert member_client(home.council, Role.FINANCE).get(url(home)).status_code == 405


def test_a_lever_on_one_reason_is_saved_with_its_reason_and_worded_by_it(home):
    from tests.projections.demand_world import with_wiltshire_figures

    with_wiltshire_figures(home)
    response = member_client(home.council, Role.FINANCE).post(
        url(home), form(home, kind="leavers", start_year="2027", age_from="0", age_to="25", change="20",
                        reason="needs_met"), follow=True
    )  # fmt: skip
    lever = DemandLever.objects.get()
    assert (lever.kind, lever.reason, lever.factor) == ("leavers", "needs_met", Decimal("1.2"))
    assert "Ceased plans because needs were met +20% from 2027-28" in response.content.decode()


def test_a_reason_the_councils_figures_do_not_give_is_refused_with_a_message(home):
    from tests.projections.demand_world import with_wiltshire_figures

    with_wiltshire_figures(home)
    # Wiltshire's ceased plans by reason (2022–2024) and the South West's have no "not recorded" ones.
    response = member_client(home.council, Role.FINANCE).post(
        url(home), form(home, kind="leavers", change="20", reason="not_rec", age_from="0", age_to="25")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "give no ceased plans aged 0–25 because the reason was not recorded" in body
    assert not DemandLever.objects.exists()


def test_a_lever_on_ceased_plans_in_one_setting_group_is_saved_with_its_group(home):
    response = member_client(home.council, Role.COUNCIL_ADMIN).post(
        url(home), form(home, kind="leavers", start_year="2027", age_from="16", age_to="24", change="15",
                        group="post16"), follow=True
    )  # fmt: skip
    lever = DemandLever.objects.get()
    assert (lever.kind, lever.group, lever.factor) == ("leavers", "post16", Decimal("1.15"))
    assert lever.history.get().history_type == "+"
    body = response.content.decode()
    assert "Ceased plans aged 16–24 in post-16 and further education +15% from 2027-28" in body
