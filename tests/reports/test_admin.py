def test_it_never_changes_a_published_report_in_the_admin(staff_client, published):
    base = f"/admin/reports/forumreport/{published.pk}"
    assert staff_client.get(f"{base}/change/").status_code == 200
    assert staff_client.post(f"{base}/change/", {"title": "Rewritten"}).status_code == 403
    assert staff_client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    published.refresh_from_db()
    assert published.title == "Autumn term update"
