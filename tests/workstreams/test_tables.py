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


def test_its_tags_and_links_are_the_markup_format_html_wrote(home):
    from django.utils.html import format_html, format_html_join

    from workstreams.rag import RAG_DEFINITIONS, RAG_TAG_CLASSES, Rag
    from workstreams.tables import MilestoneTable
    from workstreams.templatetags.rag import milestone_rag, rag_tag

    for rag in Rag:
        assert rag_tag(rag) == rag_tag(rag.value) == format_html(
            '<strong class="govuk-tag app-rag {}" title="{}">{}</strong>',
            RAG_TAG_CLASSES[rag], RAG_DEFINITIONS[rag], rag.label,
        )  # fmt: skip
    assert (
        rag_tag("")
        == rag_tag(None)
        == rag_tag("odd")
        == format_html('<strong class="govuk-tag app-rag {}">Not rated</strong>', RAG_TAG_CLASSES[""])
    )
    held = MilestoneFactory(
        workstream=home.workstream,
        title="<b>",
        rag="amber",
        rag_hold_reason="<late>",
        baseline_due=TODAY - timedelta(days=40),
        forecast_due=TODAY - timedelta(days=20),
    )
    note = held.status_note_on(TODAY)
    assert "<late>" in note
    assert milestone_rag(held, TODAY) == format_html(
        '{} <span class="app-rag-note govuk-body-s">{}</span>', rag_tag(held.status_key_on(TODAY)), note
    )
    tags = [
        ("govuk-tag--orange", f"Overdue {held.overdue_for_on(TODAY)}"),
        ("govuk-tag--purple", f"Slipped {held.slippage}"),
    ]
    assert milestone_flags(held, today=TODAY) == format_html_join(
        " ", '<strong class="govuk-tag {}">{}</strong>', tags
    )
    table = MilestoneTable([held], slug=home.council.slug)
    url = f"/councils/{home.council.slug}/milestones/{held.pk}/"
    assert table.render_title(held, held.title) == format_html(
        '<a class="govuk-link" href="{}">{}</a>', url, "<b>"
    )
    held.workstream.title, held.workstream.code = 'A "quoted" & <b>', "<1>"
    ws_url = f"/councils/{home.council.slug}/workstreams/{held.workstream.pk}/"
    assert table.render_workstream(held) == format_html(
        '<a class="govuk-link" href="{}" title="{}">{}</a>', ws_url, held.workstream.title, "<1>"
    )
    lead = LeadFactory(council=home.council, name="O'Neil <Jo>", initials="O&J")
    assert lead_abbr(lead) == format_html(
        '{} <span class="app-initials">({})</span>', lead.name, lead.initials
    )
