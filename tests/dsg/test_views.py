"""The DSG ledger page and its forms: the role matrix, another council's ids, bad input, query counts."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from dsg.models import DsgLine, DsgTransfer
from recovery.data_version import data_changed
from tests.conftest import ROLES, member_client
from tests.dsg.conftest import EDITORS, READERS, client_as
from tests.factories import DsgLineFactory, DsgTransferFactory, ForumMeetingFactory
from tests.projections.conftest import computed_forecast


def ledger_url(world):
    return f"/councils/{world.council.slug}/dsg/"


def line_url(world):
    return f"/councils/{world.council.slug}/dsg/figures/"


def transfer_url(world):
    return f"/councils/{world.council.slug}/dsg/transfers/new/"


LINE = {
    "unit": "pounds",
    "financial_year": "2024-25",
    "block": "high_needs",
    "position": "outturn",
    "income": "5,000,000",
    "income_basis": "entered",
    "expenditure": "5,600,000",
    "expenditure_basis": "s251_outturn",
    "brought_forward": "-1,000,000",
    "brought_forward_basis": "entered",
    "in_year": "",
}


@pytest.mark.parametrize("who", [*READERS, *EDITORS])
def test_every_role_reads_the_ledger_with_the_source_of_each_figure(home, who):
    DsgLineFactory(council=home.council, block="high_needs", income=D(5000000), expenditure=D(5600000),
                   brought_forward=D(-1000000), expenditure_basis="s251_outturn")  # fmt: skip
    page = client_as(home.council, who).get(ledger_url(home)).content.decode()
    assert "DSG ledger" in page and "2024-25" in page
    assert "£5,000,000" in page and "−£1,600,000" in page and "s251 outturn" in page
    assert "None" not in page
    assert ("Enter a block" in page) == (who in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_the_ledger_of_another_council_is_a_404(home, foreign, role):
    assert member_client(home.council, role).get(ledger_url(foreign)).status_code == 404


def test_the_ledger_shows_its_checks_as_warnings(home):
    DsgLineFactory(council=home.council, block="schools")
    page = member_client(home.council, Role.FORUM).get(ledger_url(home)).content.decode()
    assert "govuk-warning-text" in page and "no figures for the High Needs block" in page


def test_the_ledger_costs_the_same_queries_whatever_the_years(
    home, django_assert_num_queries, django_assert_max_num_queries
):
    client = member_client(home.council, Role.FINANCE)
    computed_forecast(home.plan, publish=True, current=True)
    DsgLineFactory(council=home.council)
    client.get(ledger_url(home))  # the session and the first-visit writes; the page's fragment is stored
    with django_assert_max_num_queries(4):  # a hit: session, user, council (its version), the fragment
        client.get(ledger_url(home))
    data_changed(council=home.council)
    with CaptureQueriesContext(connection) as few:  # a miss: the ledger's 6 reads and the cache's own
        client.get(ledger_url(home))
    assert len(few.captured_queries) <= 4 + 6 + 4
    meeting = ForumMeetingFactory(council=home.council)
    for year in (2024, 2025):
        for block in ("central", "early_years", "high_needs"):
            DsgLineFactory(council=home.council, financial_year=year, block=block)
        DsgTransferFactory(council=home.council, financial_year=year, meeting=meeting)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(ledger_url(home)).content.decode()
    assert "2028-29 forecast, mitigated" in page  # High Needs from the current forecast


@pytest.mark.parametrize("who", EDITORS)
def test_editors_record_a_blocks_figures(home, who):
    client = client_as(home.council, who)
    assert client.get(line_url(home)).status_code == 200
    response = client.post(line_url(home), LINE)
    assert response.status_code == 302 and response.url == ledger_url(home)
    line = DsgLine.objects.get()
    assert (line.income, line.expenditure, line.brought_forward, line.expenditure_basis) == (
        D(5000000), D(5600000), D(-1000000), "s251_outturn",
    )  # fmt: skip
    assert line.history.first().history_user == client.user


def test_the_form_takes_figures_in_millions(home):
    client = member_client(home.council, Role.FINANCE)
    client.post(line_url(home), {**LINE, "unit": "millions", "income": "5", "expenditure": "5.6",
                                 "brought_forward": "-1"})  # fmt: skip
    assert DsgLine.objects.get().expenditure == D(5600000)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"income": "-5,000,000"}, "Income must not be negative"),
        ({"unit": "millions", "income": "5000000"}, "looks like pounds, but this form takes £ millions"),
        ({"income": "5.2"}, "looks like £ millions typed as pounds"),
        ({"financial_year": "2030-31"}, "2030-31 is outside the plan"),
        ({"in_year": "-500,000"}, "High Needs does not balance"),
        ({"position": "mitigated"}, "2024-25 has ended"),
    ],
)
def test_bad_figures_are_refused_with_a_message_and_nothing_saved(home, changes, message):
    response = member_client(home.council, Role.FINANCE).post(line_url(home), {**LINE, **changes})
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not DsgLine.objects.exists()


@pytest.mark.parametrize("who", READERS)
def test_readers_cannot_change_the_ledger(home, who):
    client = client_as(home.council, who)
    assert client.get(line_url(home)).status_code == 403
    assert client.post(line_url(home), LINE).status_code == 403
    assert client.get(transfer_url(home)).status_code == 403
    assert client.post(f"/councils/{home.council.slug}/dsg/income-from-dfe/2024-25/").status_code == 403
    assert not DsgLine.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_forms_of_another_council_are_a_404(home, foreign, role):
    client = member_client(home.council, role)
    assert client.post(line_url(foreign), LINE).status_code == 404
    assert client.get(transfer_url(foreign)).status_code == 404
    assert not DsgLine.objects.exists()


@pytest.mark.parametrize("who", EDITORS)
def test_editors_record_and_remove_a_transfer(home, who):
    meeting = ForumMeetingFactory(council=home.council)
    client = client_as(home.council, who)
    assert client.get(transfer_url(home)).status_code == 200
    data = {"unit": "pounds", "financial_year": "2024-25", "from_block": "schools", "to_block": "high_needs",
            "amount": "150,000", "meeting": meeting.pk, "note": ""}  # fmt: skip
    assert client.post(transfer_url(home), data).status_code == 302
    moved = DsgTransfer.objects.get()
    assert "£150,000" in client.get(ledger_url(home)).content.decode()
    remove = f"/councils/{home.council.slug}/dsg/transfers/{moved.pk}/delete/"
    asked = client.get(remove).content.decode()
    question = "Remove the transfer of £150,000 from the Schools block to the High Needs block in 2024-25?"
    assert question in asked
    assert DsgTransfer.objects.exists()  # asking removes nothing
    response = client.post(remove, follow=True)
    assert not DsgTransfer.objects.exists()
    assert "Removed: the transfer of £150,000 from the Schools block" in response.content.decode()
    assert moved.history.latest().history_type == "-"  # the history keeps it, with who removed it
    assert moved.history.latest().history_user is not None


@pytest.mark.parametrize("role", READERS)
def test_readers_can_neither_ask_nor_remove_a_transfer(home, role):
    moved = DsgTransferFactory(council=home.council)
    client = member_client(home.council, role)
    remove = f"/councils/{home.council.slug}/dsg/transfers/{moved.pk}/delete/"
    assert client.get(remove).status_code == 403
    assert client.post(remove).status_code == 403
    assert DsgTransfer.objects.exists()


def test_a_transfer_needs_its_counterpart_and_its_decision(home):
    response = member_client(home.council, Role.FINANCE).post(
        transfer_url(home),
        {"unit": "pounds", "financial_year": "2024-25", "from_block": "schools", "to_block": "",
         "amount": "150,000", "meeting": ""},
    )  # fmt: skip
    page = response.content.decode()
    assert "A transfer needs its counterpart" in page and "Choose the Schools Forum meeting" in page
    assert not DsgTransfer.objects.exists()


def test_another_councils_meeting_is_not_offered(home, foreign):
    theirs = ForumMeetingFactory(council=foreign.council)
    response = member_client(home.council, Role.FINANCE).post(
        transfer_url(home),
        {"unit": "pounds", "financial_year": "2024-25", "from_block": "schools", "to_block": "high_needs",
         "amount": "150,000", "meeting": theirs.pk},
    )  # fmt: skip
    assert response.status_code == 200 and not DsgTransfer.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_removing_another_councils_transfer_is_a_404(home, foreign, role):
    theirs = DsgTransferFactory(council=foreign.council)
    client = member_client(home.council, role)
    for slug in (home.council.slug, foreign.council.slug):
        assert client.get(f"/councils/{slug}/dsg/transfers/{theirs.pk}/delete/").status_code == 404
        assert client.post(f"/councils/{slug}/dsg/transfers/{theirs.pk}/delete/").status_code == 404
    assert DsgTransfer.objects.exists()


def test_filling_income_without_allocations_in_the_store_says_so(home):
    client = member_client(home.council, Role.FINANCE)
    response = client.post(f"/councils/{home.council.slug}/dsg/income-from-dfe/2024-25/", follow=True)
    assert "The DfE store has no DSG allocations for 2024-25" in response.content.decode()
    assert not DsgLine.objects.exists()


def s251_world(db):
    from dfe.services import release_import
    from recovery.models import Council
    from tests.dfe.conftest import fixture_bytes
    from tests.factories import PlanFactory

    for name in ("la_codes.csv", "s251_outturn_sample.csv"):  # made-up amounts, fixtures/dfe/README.md
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    council = Council.objects.get(la_code="857")
    PlanFactory(council=council, first_year=2022, last_year=2027)
    return council


@pytest.mark.parametrize("who", EDITORS)
def test_editors_fill_high_needs_expenditure_from_the_s251(db, who):
    rutland = s251_world(db)
    client = client_as(rutland, who)
    page = client.get(f"/councils/{rutland.slug}/dsg/").content.decode()
    assert "Fill High Needs expenditure for 2023-24 (£5,635,000)" in page
    response = client.post(f"/councils/{rutland.slug}/dsg/expenditure-from-s251/2023-24/", follow=True)
    body = response.content.decode()
    assert "High Needs expenditure for 2023-24 set from the s251 outturn." in body
    assert '£5,635,000<br><span class="govuk-body-s">s251 outturn</span>' in body  # shown with its source
    line = DsgLine.objects.get(council=rutland)
    assert (line.expenditure, line.expenditure_basis) == (D(5635000), "s251_outturn")


@pytest.mark.parametrize("who", READERS)
def test_readers_cannot_fill_from_the_s251(db, who):
    rutland = s251_world(db)
    client = client_as(rutland, who)
    assert "Fill High Needs expenditure" not in client.get(f"/councils/{rutland.slug}/dsg/").content.decode()
    assert client.post(f"/councils/{rutland.slug}/dsg/expenditure-from-s251/2023-24/").status_code == 403
    assert not DsgLine.objects.exists()


def test_filling_from_the_s251_without_an_outturn_says_so(home):
    client = member_client(home.council, Role.FINANCE)
    response = client.post(f"/councils/{home.council.slug}/dsg/expenditure-from-s251/2024-25/", follow=True)
    assert "The DfE store has no s251 outturn for 2024-25" in response.content.decode()
    assert client.post(f"/councils/{home.council.slug}/dsg/expenditure-from-s251/x/").status_code == 404
    assert not DsgLine.objects.exists()
