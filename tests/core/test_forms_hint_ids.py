"""Every aria-describedby names a hint or an error that is on the page, in prefixed forms too (the update
return's rows): issue 21, item 15."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import LeadFactory, MilestoneFactory


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


def missing_ids(html: str) -> set[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = {i for group in re.findall(r'aria-describedby="([^"]+)"', html) for i in group.split()}
    return described - ids


def test_the_update_returns_hints_and_errors_are_on_the_page(home):
    client = member_client(home.council, Role.OFFICER)
    lead = LeadFactory(council=home.council, user=client.user)
    milestone = MilestoneFactory(workstream=home.workstream, lead=lead, forecast_due=date(2027, 2, 1))
    url = f"/councils/{home.council.slug}/returns/{lead.pk}/"
    html = client.get(url).content.decode()
    assert 'aria-describedby="id_m' in html and missing_ids(html) == set()
    refused = client.post(
        url,
        {
            f"m{milestone.pk}-version": milestone.version,
            f"m{milestone.pk}-rag": "red",
            f"m{milestone.pk}-percent_complete": "150",
            f"m{milestone.pk}-forecast_due-day": "1",
            f"m{milestone.pk}-forecast_due-month": "2",
            f"m{milestone.pk}-forecast_due-year": "2027",
        },
    ).content.decode()
    assert "There is a problem" in refused or "not saved" in refused
    assert missing_ids(refused) == set()
