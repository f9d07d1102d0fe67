from reports import services


def test_it_serves_a_public_report_without_login_from_its_snapshot(client, home, published):
    report = services.report_set_public(report=published, user=published.published_by, public=True)
    response = client.get(f"/public/reports/{report.public_token}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Autumn term update" in body and "Sign out" not in body


def test_it_is_a_404_for_an_unknown_or_unpublished_token(client, published):
    assert client.get("/public/reports/not-a-token/").status_code == 404
    assert client.get(f"/public/reports/{published.public_token}/").status_code == 404  # None: not public


def test_it_lets_caches_keep_a_public_report_briefly_and_asks_not_to_be_indexed(client, published):
    report = services.report_set_public(report=published, user=published.published_by, public=True)
    response = client.get(f"/public/reports/{report.public_token}/")
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
