"""A council's own transitions.csv on the demand model page: finance and council admins upload it; the
model is then calibrated from observed transitions and says so; others 403; another council 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from core.uploads import UPLOAD_LIMITS
from projections.models import DemandTransitions
from tests.conftest import member_client
from tests.projections.demand_world import with_wiltshire_figures
from tests.projections.transitions_world import HEADER, population_csv, transitions_csv

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN]
READERS = [Role.OFFICER, Role.FORUM]


def url(world):
    return f"/councils/{world.council.slug}/demand/transitions/"


def files(data=None, population=None):
    out = {"transitions": SimpleUploadedFile("transitions.csv", data or transitions_csv(), "text/csv")}
    if population is not None:
        out["population"] = SimpleUploadedFile("population.csv", population, "text/csv")
    return out


@pytest.mark.parametrize("role", EDITORS)
def test_it_keeps_the_file_and_the_model_says_it_is_calibrated_from_observed_transitions(home, role):
    world = with_wiltshire_figures(home)
    client = member_client(world.council, role)
    response = client.post(url(world), files(), follow=True)
    record = DemandTransitions.objects.get(council=world.council)
    assert (record.first_year, record.last_year) == (2019, 2023)
    assert record.mapping == {
        "FEC": "post16",
        "ISSR": "independent",
        "MMSIB": "mainstream",
        "MSSIB": "special",
        "MU": "resourced",
    }
    assert record.history.get().history_user == client.user
    body = response.content.decode()
    assert "The model is now calibrated from these transitions" in body
    assert (
        f"calibrated from observed transitions ({record.transitions_count:,} transitions, years 2019–2023)"
        in body
    )
    assert "calibrated from published totals" not in body.split("Your own pupil-level data")[0]
    assert "The backtest calibrates on the DfE's published totals, not on your transitions" in body


def test_with_population_csv_joiners_are_per_head(home):
    world = with_wiltshire_figures(home)
    client = member_client(world.council, Role.FINANCE)
    body = client.post(url(world), files(population=population_csv()), follow=True).content.decode()
    assert "Joiners as a rate of the population of each age" in body
    assert "with population.csv" in body


def test_a_setting_without_a_group_is_listed_and_the_model_waits_for_it(home):
    world = with_wiltshire_figures(home)
    client = member_client(world.council, Role.FINANCE)
    data = transitions_csv() + b"2023,XQ1,CI,5,MMSIB,CI,6\n"
    body = client.post(url(world), files(data), follow=True).content.decode()
    assert "Give a placement group to XQ1 to use it" in body
    assert "settings without a placement group: XQ1" in body
    record = DemandTransitions.objects.get()
    index = sorted(record.mapping).index("XQ1")
    body = client.post(
        f"/councils/{world.council.slug}/demand/transitions/settings/",
        {f"setting_{i}": group for i, group in enumerate(record.mapping[c] for c in sorted(record.mapping))}
        | {f"setting_{index}": "other"},
        follow=True,
    ).content.decode()
    record.refresh_from_db()
    assert record.mapping["XQ1"] == "other"
    assert "Settings saved. The model is calibrated from the transitions." in body
    assert "calibrated from observed transitions" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (HEADER.encode() + b",school\n2020,MMSIB,CI,5,MMSIB,CI,6,x\n", "unknown columns: school"),
        (
            HEADER.encode() + b"\n2020,MMSIB,CI,5,MMSIB,CI,6\n2022,MMSIB,CI,5,MMSIB,CI,6\n",
            "no transitions for 2021",
        ),
        (HEADER.encode() + b"\n1870,MMSIB,CI,5,MMSIB,CI,6\n", "calendar-year “1870” is not a year"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_saves_nothing(home, data, message):
    response = member_client(home.council, Role.FINANCE).post(url(home), files(data))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "There is a problem" in body
    assert not DemandTransitions.objects.exists()


def test_a_bad_population_file_is_named(home):
    response = member_client(home.council, Role.FINANCE).post(url(home), files(population=b"year,people\n"))
    assert response.status_code == 400
    assert (
        "population.csv: missing columns: calendar-year, academic-year, population"
        in response.content.decode()
    )
    assert not DemandTransitions.objects.exists()


def test_removing_it_goes_back_to_the_published_totals(home):
    world = with_wiltshire_figures(home)
    client = member_client(world.council, Role.COUNCIL_ADMIN)
    client.post(url(world), files())
    body = client.post(
        f"/councils/{world.council.slug}/demand/transitions/remove/", follow=True
    ).content.decode()
    assert not DemandTransitions.objects.exists()
    assert "calibrated from published totals" in body
    assert DemandTransitions.history.filter(history_type="-").get().history_user == client.user


@pytest.mark.parametrize("role", READERS)
def test_it_is_forbidden_to_readers(home, role):
    client = member_client(home.council, role)
    assert client.post(url(home), files()).status_code == 403
    assert client.post(f"/councils/{home.council.slug}/demand/transitions/remove/").status_code == 403
    assert not DemandTransitions.objects.exists()
    assert (
        "Your own pupil-level data"
        not in client.get(f"/councils/{home.council.slug}/demand/").content.decode()
    )


@pytest.mark.parametrize("role", EDITORS + READERS)
def test_it_is_a_404_for_another_council(home, foreign, role):
    client = member_client(home.council, role)
    assert client.post(url(foreign), files()).status_code == 404
    member_client(foreign.council, Role.FINANCE).post(url(foreign), files())
    for action in ("settings/", "remove/"):
        assert client.post(f"{url(foreign)}{action}").status_code == 404
    assert DemandTransitions.objects.get().council == foreign.council


def test_settings_and_remove_are_a_404_before_any_upload(home):
    client = member_client(home.council, Role.FINANCE)
    assert client.post(f"{url(home)}settings/").status_code == 404
    assert client.post(f"{url(home)}remove/").status_code == 404


def test_it_takes_only_a_post(home):
    assert member_client(home.council, Role.FINANCE).get(url(home)).status_code == 405


def test_a_file_too_large_is_refused_on_its_field(home, monkeypatch):
    monkeypatch.setattr("projections.demand_transitions.MAX_BYTES", 2**20)
    response = member_client(home.council, Role.FINANCE).post(url(home), files(b"x" * (2**20 + 1)))
    assert response.status_code == 400
    assert "transitions.csv is larger than 1 MB" in response.content.decode()
    assert not DemandTransitions.objects.exists()


def test_a_request_over_the_pages_cap_is_refused_as_it_arrives(home, monkeypatch):
    monkeypatch.setitem(UPLOAD_LIMITS, "demand_transitions_upload", 2**20)
    response = member_client(home.council, Role.FINANCE).post(url(home), files(b"x" * (2**20 + 10)))
    assert response.status_code == 400
    assert "transitions.csv is larger than the 1 MB that may be uploaded here" in response.content.decode()
    assert not DemandTransitions.objects.exists()
