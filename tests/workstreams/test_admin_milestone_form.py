"""The admin's milestone form offers only the milestone's own council's workstreams and leads, and never a
delete or bulk delete (milestones are archived, not deleted): issue 21, item 15."""

from tests.factories import LeadFactory, WorkstreamFactory


def test_it_offers_only_the_councils_workstreams_and_leads(home, foreign, staff_client):
    mine = LeadFactory(council=home.council, name="Helen Carr", initials="HC")
    LeadFactory(council=foreign.council, name="Foreign Lead", initials="FL")
    WorkstreamFactory(plan=foreign.plan, title="Foreign workstream")
    html = staff_client.get(f"/admin/workstreams/milestone/{home.milestone.pk}/change/").content.decode()
    workstream_select = html.split('name="workstream"', 1)[1].split("</select>", 1)[0]
    assert home.workstream.title in workstream_select and "Foreign" not in workstream_select
    lead_select = html.split('name="lead"', 1)[1].split("</select>", 1)[0]
    assert mine.name in lead_select and "Foreign Lead" not in lead_select


def test_it_offers_no_delete(home, staff_client):
    listing = staff_client.get("/admin/workstreams/milestone/").content.decode()
    assert "delete_selected" not in listing
    delete = staff_client.post(f"/admin/workstreams/milestone/{home.milestone.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    home.milestone.refresh_from_db()
