from tests.factories import MilestoneUpdateFactory


def test_it_keeps_the_update_history_read_only_in_the_admin(home, staff_client):
    update = MilestoneUpdateFactory(milestone=home.milestone, commentary="As saved")
    base = f"/admin/workstreams/milestoneupdate/{update.pk}"
    assert staff_client.get(f"{base}/change/").status_code == 200  # viewable
    assert staff_client.post(f"{base}/change/", {"commentary": "Rewritten"}).status_code == 403
    assert staff_client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    assert staff_client.get("/admin/workstreams/milestoneupdate/add/").status_code == 403
    update.refresh_from_db()
    assert update.commentary == "As saved"
