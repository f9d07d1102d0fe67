"""The savings form touches only the years it showed, and refuses (saying what changed) to overwrite a year
someone saved after it was opened."""

import re
from decimal import Decimal

import pytest

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import SavingFactory, UserFactory
from tests.workstreams.test_workstream_savings_view import page, savings
from workstreams.services import plan_savings_carry_forward, workstream_savings_set

INPUT = re.compile(r'<input[^>]*name="(?P<name>[^"]+)"[^>]*value="(?P<value>[^"]*)"')


def as_shown(response) -> dict[str, str]:
    """What the browser would post back for the form as rendered (every input with a value)."""
    return {
        m["name"]: m["value"].replace("&quot;", '"')
        for m in INPUT.finditer(response.content.decode())
        if m["name"] != "csrfmiddlewaretoken"
    }


@pytest.fixture
def finance(home):
    return member_client(home.council, Role.FINANCE)


def test_saving_an_old_form_unchanged_keeps_years_carried_forward_since(home, finance):
    SavingFactory(
        workstream=home.workstream, financial_year=2028, target=Decimal("100"), stretch=Decimal("150")
    )
    opened = as_shown(finance.get(page(home)))
    plan_savings_carry_forward(plan=home.plan, user=UserFactory(), through_year=2032)
    carried = savings(home.workstream)
    assert carried[2031] == (Decimal("100"), Decimal("150"))

    response = finance.post(page(home), opened)

    assert response.status_code == 302
    assert savings(home.workstream) == carried  # today: 2029-30 to 2032-33 set to £0


def test_it_refuses_to_overwrite_a_year_saved_after_the_form_was_opened(home, finance):
    opened = as_shown(finance.get(page(home)))
    workstream_savings_set(
        workstream=home.workstream, user=UserFactory(), savings={2025: (Decimal("50000"), Decimal("60000"))}
    )

    response = finance.post(page(home), {**opened, "target_2025": "40000", "stretch_2025": "40000"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone changed these savings after you opened the page, so nothing was saved" in body
    assert "2025-26 is now £50,000 target, £60,000 stretch" in body
    assert savings(home.workstream) == {2025: (Decimal("50000"), Decimal("60000"))}

    again = finance.post(page(home), as_shown(response))  # saving again is a deliberate overwrite
    assert again.status_code == 302
    assert savings(home.workstream) == {2025: (Decimal("40000"), Decimal("40000"))}


def test_it_saves_a_year_nobody_else_touched(home, finance):
    SavingFactory(
        workstream=home.workstream, financial_year=2026, target=Decimal("10"), stretch=Decimal("10")
    )
    opened = as_shown(finance.get(page(home)))
    response = finance.post(page(home), {**opened, "target_2024": "5000", "stretch_2024": "6000"})
    assert response.status_code == 302
    assert savings(home.workstream) == {
        2024: (Decimal("5000"), Decimal("6000")),
        2026: (Decimal("10"), Decimal("10")),
    }
