from tests.factories import LeadFactory, WorkstreamFactory
from workstreams.filters import MilestoneFilter
from workstreams.selectors import milestones_for_plan


def build(world, data=None):
    return MilestoneFilter(
        data, queryset=milestones_for_plan(plan=world.plan), plan=world.plan, council=world.council
    )


def test_it_offers_only_this_councils_workstreams_and_leads(home, foreign):
    LeadFactory(council=home.council, name="Home lead")
    LeadFactory(council=foreign.council, name="Foreign lead")
    WorkstreamFactory(plan=home.plan, title="Archived", archived_on="2025-01-01")
    form = build(home).form
    leads = " ".join(str(label) for _, label in form.fields["lead"].choices)
    assert "Home lead" in leads and "Foreign lead" not in leads
    workstreams = [str(c[1]) for c in form.fields["workstream"].choices]
    assert workstreams == ["All workstreams", "1. Home Council nurture approach"]


def test_it_ignores_unticked_flags(home):
    filterset = build(home, {"overdue": "", "slipped": ""})
    assert list(filterset.qs) == [home.milestone]
    assert not filterset.is_active


def test_it_knows_when_a_filter_is_applied(home):
    assert build(home, {"rag": "amber"}).is_active


def test_it_writes_each_choice_list_in_one_query(home, django_assert_num_queries):
    # The choices are read with only what an option shows: nothing left deferred is read per option.
    for i in range(3):
        LeadFactory(council=home.council, name=f"Lead {i}", initials=f"L{i}")
        WorkstreamFactory(plan=home.plan, title=f"Workstream {i}")
    form = build(home).form
    with django_assert_num_queries(2):
        html = str(form["workstream"]) + str(form["lead"])
    assert "Lead 2 (L2)" in html and ". Workstream 2</option>" in html
