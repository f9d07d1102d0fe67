"""The council's navigation: sections by task, the reader's pages only, the current page marked."""

import pytest

import agreements.urls
import dsg.urls
import forum.urls
import indicators.urls
import projections.urls
import reports.urls
import spreadsheets.urls
import workstreams.urls
from accounts.access import CouncilAccess
from accounts.models import Role
from accounts.navigation import SECTIONS, council_navigation
from tests.conftest import member_client


def _access(council, role):
    return CouncilAccess(council=council, role=role, is_staff=False)


def _labels(sections):
    return {s.label: [p.label for p in s.pages] for s in sections}


def test_a_forum_member_sees_only_what_they_may_open(home):
    sections = council_navigation(access=_access(home.council, Role.FORUM), url_name="council_dashboard")
    assert _labels(sections) == {
        "Plan": ["Workstreams", "Milestones", "Changes", "Leads"],
        "Schools Forum": ["Calendar", "Reports"],
        "Money": ["Forecasts", "Demand model", "DSG ledger"],
        "DfE returns": ["DSG management plan", "Agreements"],
        "Data": ["Indicators", "Benchmarking", "DfE figures"],
    }
    assert not any(s.current for s in sections)


def test_a_council_admin_sees_every_page(home):
    sections = council_navigation(access=_access(home.council, Role.COUNCIL_ADMIN), url_name="return_status")
    assert _labels(sections)["Schools Forum"] == ["Calendar", "Update return", "Return status", "Reports"]
    assert _labels(sections)["Money"] == ["Forecasts", "Demand model", "DSG ledger", "Actuals"]
    assert _labels(sections)["DfE returns"] == ["DSG management plan", "Stability grant", "Agreements"]
    forum = next(s for s in sections if s.label == "Schools Forum")
    assert forum.current and not forum.exact  # the section holds the page; its link is the calendar
    assert [p.label for p in forum.pages if p.current] == ["Return status"]


def test_a_form_of_a_page_marks_that_page_but_not_as_the_page_itself(home):
    sections = council_navigation(access=_access(home.council, Role.OFFICER), url_name="milestone_update")
    plan = next(s for s in sections if s.label == "Plan")
    milestones = next(p for p in plan.pages if p.label == "Milestones")
    assert milestones.current and not milestones.exact
    assert milestones.url == f"/councils/{home.council.slug}/milestones/"


def test_every_council_page_belongs_to_a_section():
    named = {name for s in SECTIONS for p in s.pages for name in (p.url_name, *p.also)}
    council_pages = {
        pattern.name
        for module in (
            reports.urls,
            workstreams.urls,
            forum.urls,
            projections.urls,
            indicators.urls,
            spreadsheets.urls,
            dsg.urls,
            agreements.urls,
        )
        for pattern in module.urlpatterns
    }
    # Outside the sections: the dashboard (the council's own link), downloads and one-click actions.
    outside = {
        "council_dashboard",
        "tracker_download",
        "projections_download",
        "report_pack_download",
        "report_paper_download",
        "dfe_figures_download",
        "benchmarking_download",
        "demand_output_csv",
        "demand_model_download",
        "demand_lever_remove",
        "demand_run_start",
        "demand_transitions_upload",
        "demand_settings_save",
        "demand_transitions_remove",
        "dsg_stability_xlsx",
        "dsg_plan_xlsx",
        "dsg_stability_docx",
        "dsg_plan_docx",
        "return_paper",
        "return_workbook",
        "reform_paper",
    }
    assert len(council_pages) > 50
    assert council_pages - named - outside == set()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FORUM])
def test_the_page_shows_the_sections_and_the_current_sections_pages(home, role):
    client = member_client(home.council, role)
    body = client.get(f"/councils/{home.council.slug}/milestones/").content.decode()
    assert 'aria-current="true">Plan</a>' in body
    assert '<nav class="app-subnav" aria-label="Plan">' in body
    assert 'aria-current="page">Milestones</a>' in body
    assert ("My milestones" in body) == (role == Role.OFFICER)
    assert 'aria-label="Schools Forum"' not in body  # only the current section's pages


def test_a_page_works_out_its_navigation_once(home, monkeypatch):
    """Drawn twice (the sections, the current section's pages), worked out once per request."""
    from accounts.templatetags import navigation

    calls = []
    monkeypatch.setattr(
        navigation, "council_navigation", lambda **kw: calls.append(kw) or council_navigation(**kw)
    )
    client = member_client(home.council, Role.OFFICER)
    body = client.get(f"/councils/{home.council.slug}/milestones/", {"rag": "red"}).content.decode()
    assert (
        'aria-current="page">Milestones</a>' in body and '<nav class="app-subnav" aria-label="Plan">' in body
    )
    assert [c["url_name"] for c in calls] == ["milestone_list"]
