from datetime import date

import pytest
from django.core.management import CommandError, call_command

from recovery.models import Council
from reports.selectors import national_rows
from workstreams.models import Milestone, MilestoneUpdate


def test_it_creates_councils_once_and_tops_up(db):
    call_command("generate_scale_data", "--councils", "3", "--workstreams", "2", "--milestones", "2")
    assert Council.objects.count() == 3
    assert Milestone.objects.count() == 3 * 2 * 2
    call_command("generate_scale_data", "--councils", "4", "--workstreams", "2", "--milestones", "2")
    assert Council.objects.count() == 4
    rows = national_rows(today=date(2025, 1, 1))
    assert all(r.end is not None and r.end_year == 2033 for r in rows)


def test_it_defaults_to_national_scale_with_history_and_a_previous_forecast(db):
    call_command("generate_scale_data", "--councils", "2")
    assert Milestone.objects.count() == 2 * 12 * 10
    assert MilestoneUpdate.objects.count() > Milestone.objects.count() / 2
    rows = national_rows(today=date(2025, 1, 1))
    assert all(r.change is not None and r.change != 0 for r in rows)  # the current vs the previous forecast
    assert all(r.share_of_funding is not None for r in rows)
    assert all(len(r.trajectory) == 10 for r in rows)


def test_it_refuses_a_silly_count(db):
    with pytest.raises(CommandError, match="between 1 and 799"):
        call_command("generate_scale_data", "--councils", "0")
