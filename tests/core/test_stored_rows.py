"""core.stored_rows: the format of a stored row follows the shapes it holds; payloads round-trip; copies of
one row become one instance."""

import pickle
from dataclasses import dataclass, make_dataclass

from django.db.models import Prefetch

from core.stored_rows import dumps, format_of, loads, one_instance_per_row
from recovery.models import LeadOfficer
from tests.factories import LeadFactory, MilestoneFactory, WorkstreamFactory
from workstreams.models import Milestone, Workstream


@dataclass(frozen=True)
class Parts:
    name: str
    count: int


def test_it_keeps_a_format_while_the_shapes_stay_and_changes_it_when_one_changes():
    before = format_of(1, classes=(Parts,), models=(Workstream,))
    assert before == format_of(1, classes=(Parts,), models=(Workstream,))
    assert 1 <= before <= 0x7FFF  # fits the rows' small integer column
    grown = make_dataclass("Parts", [("name", str), ("count", int), ("note", str)])
    assert format_of(1, classes=(grown,), models=(Workstream,)) != before  # a field added
    assert format_of(2, classes=(Parts,), models=(Workstream,)) != before  # the module's FORMAT_VERSION
    assert format_of(1, classes=(Parts,), models=(Workstream, Milestone)) != before  # another model
    assert format_of(1, classes=(Parts,), models=(Workstream,), extra=(["a"],)) != before


def test_a_payload_is_deflated_and_reads_back_as_written():
    value = {"parts": Parts(name="Rutland", count=3), "rows": [f"Milestone {i % 10}" for i in range(500)]}
    payload = dumps(value)
    assert loads(payload) == value
    assert len(payload) < len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)) / 2


def test_it_makes_the_orms_copies_of_one_row_one_instance(db):
    workstream = WorkstreamFactory()
    lead = LeadFactory(council=workstream.plan.council)
    MilestoneFactory.create_batch(3, workstream=workstream, lead=lead)
    # A join gives each milestone its own copy of its lead.
    joined = Prefetch("milestones", queryset=Milestone.objects.select_related("lead"))
    [read] = Workstream.objects.filter(pk=workstream.pk).prefetch_related(joined)
    milestones = list(read.milestones.all())
    for milestone in milestones:
        milestone.workstream = Workstream.objects.get(pk=workstream.pk)  # a copy of the root, as a join gives
    assert len({id(m.lead) for m in milestones}) == 3 and isinstance(milestones[0].lead, LeadOfficer)

    one_instance_per_row([read])

    assert len({id(m.lead) for m in milestones}) == 1  # the lead, once
    assert all(m.workstream is read for m in milestones)  # the root is the instance its rows point at
