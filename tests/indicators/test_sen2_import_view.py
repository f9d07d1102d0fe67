"""The SEN2 upload: preview (a dry run), then confirm from a signed token; nothing written before that."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import Role
from indicators.models import Indicator, IndicatorValue
from tests.conftest import member_client
from tests.indicators.conftest import EDITORS, READERS, ROLES, client_as
from tests.indicators.sen2_files import COLUMNS, RUTLAND, good_rows, to_csv, year_rows


@pytest.fixture
def rutland(home):
    home.council.la_code, home.council.gss_code = "857", "E06000017"
    home.council.save()
    return home


def upload_url(world):
    return f"/councils/{world.council.slug}/indicators/import-sen2/"


def confirm_url(world):
    return f"/councils/{world.council.slug}/indicators/import-sen2/confirm/"


def upload(client, world, data: bytes, name="sen2_estab_caseload.csv"):
    return client.post(upload_url(world), {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("who", EDITORS)
def test_editors_preview_then_confirm(rutland, who):
    client = client_as(rutland.council, who)
    assert client.get(upload_url(rutland)).status_code == 200
    preview = upload(client, rutland, to_csv(good_rows()))
    body = preview.content.decode()
    assert "28 rows for Rutland (2 census years: 2023 to 2024); 15 rows of other areas left out" in body
    assert "New indicator: Children and young people with an EHC plan" in body
    assert "Add Children and young people with an EHC plan, 2024: 330" in body
    assert not Indicator.objects.exists()  # a preview writes nothing
    response = client.post(confirm_url(rutland), {"token": token_of(preview)})
    assert response.status_code == 302 and response.url == "/councils/home-council/indicators/"
    assert IndicatorValue.objects.count() == 14
    assert IndicatorValue.objects.first().history.first().history_user == client.user


def test_uploading_the_same_file_again_shows_nothing_to_change(rutland):
    client = client_as(rutland.council, Role.OFFICER)
    client.post(confirm_url(rutland), {"token": token_of(upload(client, rutland, to_csv(good_rows())))})
    body = upload(client, rutland, to_csv(good_rows())).content.decode()
    assert "Nothing to change: the indicators already hold every figure in this file." in body


@pytest.mark.parametrize("who", READERS)
def test_the_forum_cannot_import(rutland, who):
    client = client_as(rutland.council, who)
    assert client.get(upload_url(rutland)).status_code == 403
    assert upload(client, rutland, to_csv(good_rows())).status_code == 403
    assert client.post(confirm_url(rutland), {"token": "x"}).status_code == 403
    assert not Indicator.objects.exists()


def test_anonymous_is_sent_to_sign_in(rutland):
    assert upload(Client(), rutland, to_csv(good_rows())).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_import_is_a_404(rutland, foreign, role):
    client = member_client(rutland.council, role)
    assert upload(client, foreign, to_csv(good_rows())).status_code == 404
    assert client.post(confirm_url(foreign), {"token": "x"}).status_code == 404


def test_a_token_for_one_council_does_not_work_for_another(rutland, foreign):
    staff = client_as(rutland.council, "staff")
    token = token_of(upload(staff, rutland, to_csv(good_rows())))
    response = staff.post(confirm_url(foreign), {"token": token})
    assert response.status_code == 302 and response.url == "/councils/foreign-council/indicators/import-sen2/"
    assert not Indicator.objects.exists()


def test_a_tampered_token_is_refused_and_writes_nothing(rutland):
    client = client_as(rutland.council, Role.FINANCE)
    token = token_of(upload(client, rutland, to_csv(good_rows())))
    response = client.post(confirm_url(rutland), {"token": token[:-3] + "abc"}, follow=True)
    assert "That preview has expired or is not valid" in response.content.decode()
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (to_csv(good_rows(), [c for c in COLUMNS if c != "old_la_code"]), "it has no column “old_la_code”"),
        (
            to_csv([r for r in good_rows() if r["la_name"] != "Rutland"]),
            "The file has no rows for Home Council",
        ),
        (b"", "The file is empty"),
    ],
)
def test_a_wrong_file_is_refused_with_the_reason_on_the_file_field(rutland, data, message):
    response = upload(client_as(rutland.council, Role.OFFICER), rutland, data)
    body = response.content.decode()
    assert response.status_code == 200 and message in body and 'href="#id_file"' in body
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("step", ["preview", "confirm"])
def test_it_costs_a_fixed_number_of_queries_whatever_the_years(rutland, step):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(rutland.council, Role.OFFICER)
    counts = []
    for years in (1, 10):
        Indicator.objects.all().delete()
        rows = [
            r
            for y in range(2015, 2015 + years)
            for r in year_rows(
                y, RUTLAND, total=300, mainstream=150, mainstream_pc=50, special=90, special_pc=30
            )
        ]
        with CaptureQueriesContext(connection) as ctx:
            preview = upload(client, rutland, to_csv(rows))
        if step == "confirm":
            with CaptureQueriesContext(connection) as ctx:
                assert client.post(confirm_url(rutland), {"token": token_of(preview)}).status_code == 302
            assert IndicatorValue.objects.count() == 7 * years
        counts.append(len(ctx.captured_queries))
    if step == "preview":
        assert counts[0] == counts[1], counts
    else:  # bulk writes: one INSERT per batch of rows the database takes at once (SQLite: ~90 history rows)
        assert counts[1] - counts[0] <= 2, counts
