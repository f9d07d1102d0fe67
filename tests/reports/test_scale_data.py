from datetime import date

import pytest
from django.core.management import CommandError, call_command

from recovery.models import Council
from reports.selectors import national_rows
from workstreams.models import Milestone


def test_it_creates_councils_once_and_tops_up(db):
    call_command("generate_scale_data", "--councils", "3", "--workstreams", "2", "--milestones", "2")
    assert Council.objects.count() == 3
    assert Milestone.objects.count() == 3 * 2 * 2
    call_command("generate_scale_data", "--councils", "4", "--workstreams", "2", "--milestones", "2")
    assert Council.objects.count() == 4
    rows = national_rows(today=date(2025, 1, 1))
    assert all(r.end is not None and r.end_year == 2028 for r in rows)


def test_it_refuses_a_silly_count(db):
    with pytest.raises(CommandError, match="between 1 and 799"):
        call_command("generate_scale_data", "--councils", "0")
