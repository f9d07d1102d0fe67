from datetime import timedelta

from django.utils import timezone

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


def test_it_writes_its_own_cells_as_the_columns_did(home):
    """MilestoneTable.cells_html against core.tables' column-by-column path, on every kind of cell: links and
    names to escape, overdue (held with a reason, and an officer's Green without one), slipped, complete, no
    lead, a lead known by initials only, no dates, update due, nothing done."""
    from django.template import Context
    from django.test import RequestFactory
    from django_tables2 import RequestConfig

    from core.tables import table_body_rows
    from tests.factories import WorkstreamFactory

    ws = WorkstreamFactory(plan=home.plan, code="<7>", title='Outreach & "panel"')
    lead = LeadFactory(council=home.council, name="<Helen> O'Carr", initials="H&C")
    initials_only = LeadFactory(council=home.council, name="LCJ", initials="LCJ")
    MilestoneFactory(workstream=ws, title="A & <b>", rag="amber", lead=lead, percent_complete=40,
                     baseline_due=TODAY - timedelta(days=90), forecast_due=TODAY - timedelta(days=30),
                     rag_hold_reason="Agreed <late> start")  # fmt: skip
    MilestoneFactory(workstream=ws, title="Green, late", rag="green", lead=initials_only,
                     forecast_due=TODAY - timedelta(days=400))  # fmt: skip
    MilestoneFactory(workstream=ws, title="Plain", rag="", lead=None, baseline_due=None, forecast_due=None,
                     percent_complete=0)  # fmt: skip
    MilestoneFactory(workstream=ws, title="Done", rag="green", completed_on=TODAY - timedelta(days=3),
                     forecast_due=TODAY + timedelta(days=3), percent_complete=100)  # fmt: skip
    MilestoneFactory(workstream=ws, title="Quiet", rag="red", updated_at=timezone.now() - timedelta(days=60),
                     forecast_due=TODAY + timedelta(days=50))  # fmt: skip

    def body(own_cells: bool, query: str = "") -> str:
        table = MilestoneTable(
            milestones_for_plan(plan=home.plan), slug=home.council.slug, update_due_days=30
        )
        RequestConfig(RequestFactory().get("/" + query), paginate={"per_page": 50}).configure(table)
        if not own_cells:
            table.cells_html = None  # core.tables' column-by-column path
        return str(table_body_rows(table, Context({})))

    for query in ("", "?sort=-rag", "?sort=lead"):
        assert body(True, query) == body(False, query)
    written = body(True)
    for shown in ("A &amp; &lt;b&gt;", "&lt;Helen&gt; O&#x27;Carr", "Update due", "Slipped", "Overdue",
                  "Agreed &lt;late&gt; start", "Complete", "so Red", "0%", "—"):  # fmt: skip
        assert shown in written, shown
