"""The national backtest: run from the dfe store for every council, kept, shown to staff only."""

import pytest
from django.core.management import call_command

from accounts.models import Role
from projections.models import DemandBacktest
from tests.conftest import member_client
from tests.projections.demand_world import with_wiltshire_figures

URL = "/national/demand-backtest/"


@pytest.fixture
def wiltshire(home):
    return with_wiltshire_figures(home)


def test_the_command_backtests_every_council_in_the_store_and_keeps_the_table(wiltshire, capsys):
    call_command("run_demand_backtest", "--simulations", "30")
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("years ahead, councils, forecasts, model, last_growth")
    kept = DemandBacktest.objects.get()
    assert [s["horizon"] for s in kept.summary] == [1, 2, 3]
    assert any(c["name"] == "Wiltshire" for c in kept.councils)
    assert kept.summary[0]["councils"] == len(kept.councils) > 10


def test_staff_see_it_and_council_members_get_a_404(wiltshire, staff_client):
    assert "No national backtest has been run yet" in staff_client.get(URL).content.decode()
    call_command("run_demand_backtest", "--simulations", "20")
    body = staff_client.get(URL).content.decode()
    assert "Naive: linear trend" in body and "Wiltshire" in body
    for role in (Role.COUNCIL_ADMIN, Role.FINANCE):
        assert member_client(wiltshire.council, role).get(URL).status_code == 404
