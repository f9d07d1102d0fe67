from datetime import timedelta

from tests.clock import TODAY
from tests.factories import LeadFactory, MilestoneFactory
from workstreams.selectors import milestones_for_plan
from workstreams.tables import MilestoneTable, lead_abbr
from workstreams.templatetags.rag import milestone_flags


def test_it_writes_overdue_and_slipped_as_words(db):
    milestone = MilestoneFactory(
        baseline_due=TODAY - timedelta(days=10), forecast_due=TODAY - timedelta(days=9)
    )
    html = milestone_flags(milestone)
    assert ">Overdue 9 days</strong>" in html and ">Slipped 1 day</strong>" in html
    assert milestone_flags(MilestoneFactory()) == "–"


def test_it_spells_out_leads_names_with_their_initials(db):
    # Visible, not a hover title a phone cannot show (issue 21).
    assert (
        lead_abbr(LeadFactory(name="Helen Carr", initials="HC"))
        == 'Helen Carr <span class="app-initials">(HC)</span>'
    )
    assert lead_abbr(LeadFactory(name="LCJ", initials="LCJ")) == "LCJ"
    assert lead_abbr(None) == "–"


def test_it_links_each_milestone_through_the_council(home):
    table = MilestoneTable(milestones_for_plan(plan=home.plan), slug=home.council.slug)
    row = next(iter(table.rows))
    assert f'href="/councils/{home.council.slug}/milestones/{home.milestone.pk}/"' in row.get_cell("title")
    assert ">Green</strong>" in row.get_cell("rag")


def test_it_links_every_row_to_the_address_reverse_gives(home):
    from django.urls import reverse

    from tests.factories import WorkstreamFactory

    other = WorkstreamFactory(plan=home.plan, code="7")
    milestones = [home.milestone, MilestoneFactory(workstream=other), MilestoneFactory(workstream=other)]
    table = MilestoneTable(milestones_for_plan(plan=home.plan), slug=home.council.slug)
    cells = {row.record.pk: (row.get_cell("title"), row.get_cell("workstream")) for row in table.rows}
    for milestone in milestones:
        title, workstream = cells[milestone.pk]
        slug = home.council.slug
        assert f'href="{reverse("milestone_detail", args=[slug, milestone.pk])}"' in title
        assert f'href="{reverse("workstream_detail", args=[slug, milestone.workstream_id])}"' in workstream
