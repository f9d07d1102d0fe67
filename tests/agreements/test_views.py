from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from agreements.models import (
    Agreement,
    CapitalProject,
    Condition,
    Payment,
    QuarterlyReturn,
    TrajectoryYear,
)
from tests.conftest import member_client
from tests.factories import (
    AgreementFactory,
    ConditionFactory,
    LeadFactory,
    QuarterlyReturnFactory,
    TrajectoryYearFactory,
)

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN]
READERS = [Role.OFFICER, Role.FORUM]


@pytest.fixture
def agreement(home):
    agreement = AgreementFactory(plan=home.plan, title="Home Safety Valve")
    TrajectoryYearFactory(agreement=agreement, financial_year=2026)
    ConditionFactory(agreement=agreement, number=1, text="Reach an in-year balance by 2027-28")
    return agreement


def url(name, agreement, *extra):
    return reverse(name, args=[agreement.council.slug, agreement.pk, *extra])


@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_the_list_and_the_agreement(agreement, role):
    client = member_client(agreement.council, role)
    listing = client.get(reverse("agreement_list", args=[agreement.council.slug]))
    assert listing.status_code == 200
    assert "Home Safety Valve" in listing.content.decode()
    page = client.get(url("agreement_detail", agreement))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Reach an in-year balance by 2027-28" in body
    assert "£30,000,000" in body
    assert ("Record a payment" in body) == (role in EDITORS)


def test_staff_reads_every_council_s_agreement(agreement, staff_client):
    assert staff_client.get(url("agreement_detail", agreement)).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_another_council_s_agreement_is_a_404(agreement, foreign, role):
    client = member_client(foreign.council, role)
    other = reverse("agreement_detail", args=[foreign.council.slug, agreement.pk])
    assert client.get(other).status_code == 404
    assert client.get(url("agreement_detail", agreement)).status_code == 404
    ret = QuarterlyReturnFactory(agreement=agreement)
    foreign_return = reverse("return_detail", args=[foreign.council.slug, agreement.pk, ret.pk])
    assert client.get(foreign_return).status_code == 404


FORMS = [
    "agreement_edit",
    "agreement_status",
    "trajectory_year_edit",
    "payment_create",
    "condition_create",
    "return_create",
]


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("role", EDITORS)
def test_finance_and_council_admins_open_the_forms(agreement, name, role):
    assert member_client(agreement.council, role).get(url(name, agreement)).status_code == 200


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("role", READERS)
def test_officers_and_forum_members_may_not_change_an_agreement(agreement, name, role):
    client = member_client(agreement.council, role)
    assert client.get(url(name, agreement)).status_code == 403
    assert client.post(url(name, agreement), {}).status_code == 403


def test_the_agreement_page_costs_a_fixed_number_of_queries(agreement, django_assert_num_queries):
    client = member_client(agreement.council, Role.FINANCE)
    client.get(url("agreement_detail", agreement))
    for n in range(2, 6):
        ConditionFactory(agreement=agreement, number=n)
        TrajectoryYearFactory(agreement=agreement, financial_year=2015 + n)
        Payment.objects.create(agreement=agreement, kind="paid", on=date(2024, 3, 31), amount=Decimal(100))
        CapitalProject.objects.create(agreement=agreement, name=f"School {n}", budget=Decimal(1000))
    with django_assert_num_queries(12):  # 11, and the capital projects
        assert client.get(url("agreement_detail", agreement)).status_code == 200


def test_a_payment_larger_than_what_remains_is_refused_on_the_form(agreement):
    client = member_client(agreement.council, Role.FINANCE)
    response = client.post(
        url("payment_create", agreement),
        {"kind": "paid", "on-day": "31", "on-month": "3", "on-year": "2025", "amount": "40,000,001"},
    )
    assert response.status_code == 200
    assert "more than the £40,000,000" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_payment_is_recorded(agreement):
    client = member_client(agreement.council, Role.FINANCE)
    response = client.post(
        url("payment_create", agreement),
        {"kind": "paid", "on-day": "31", "on-month": "3", "on-year": "2025", "amount": "10,000,000"},
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == Decimal("10000000")


def test_a_trajectory_year_outside_the_term_is_refused_on_the_form(agreement):
    client = member_client(agreement.council, Role.COUNCIL_ADMIN)
    response = client.post(
        url("trajectory_year_edit", agreement),
        {
            "financial_year": "2031-32",
            "deficit_excluding_dfe": "1",
            "deficit_including_dfe": "1",
            "in_year_target": "1",
        },
    )
    assert "outside the agreement&#x27;s term" in response.content.decode()
    assert TrajectoryYear.objects.count() == 1


def test_a_condition_without_owner_is_refused_on_the_form(agreement):
    client = member_client(agreement.council, Role.FINANCE)
    response = client.post(url("condition_create", agreement), {"number": "2", "text": "Keep to it"})
    assert "Choose the lead officer who owns the condition" in response.content.decode()
    assert Condition.objects.count() == 1


def test_a_condition_is_added_with_its_owner_and_workstreams(agreement, home):
    lead = LeadFactory(council=home.council)
    client = member_client(agreement.council, Role.FINANCE)
    response = client.post(
        url("condition_create", agreement),
        {"number": "2", "text": "Keep to it", "owner": lead.pk, "workstreams": [home.workstream.pk]},
    )
    assert response.status_code == 302
    condition = Condition.objects.get(number=2)
    assert list(condition.workstreams.all()) == [home.workstream]


def test_a_condition_s_rag_and_commentary_are_updated(agreement):
    condition = agreement.conditions.get()
    client = member_client(agreement.council, Role.FINANCE)
    response = client.post(
        url("condition_update", agreement, condition.pk), {"rag": "amber", "commentary": "Slipping"}
    )
    assert response.status_code == 302
    condition.refresh_from_db()
    assert (condition.rag, condition.commentary) == ("amber", "Slipping")


def test_another_agreement_s_condition_is_a_404(agreement, foreign):
    other = ConditionFactory(agreement=AgreementFactory(plan=foreign.plan))
    client = member_client(agreement.council, Role.FINANCE)
    assert client.get(url("condition_update", agreement, other.pk)).status_code == 404


def test_an_agreement_is_created_on_the_council_s_plan(home):
    client = member_client(home.council, Role.FINANCE)
    response = client.post(
        reverse("agreement_create", args=[home.council.slug]),
        {
            "kind": "safety_valve",
            "title": "Safety Valve agreement",
            "agreed_on-day": "15",
            "agreed_on-month": "3",
            "agreed_on-year": "2024",
            "first_year": "2023-24",
            "last_year": "2028-29",
            "dfe_contribution": "40,000,000",
            "council_contribution": "",
            "tolerance": "5",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.plan, agreement.tolerance) == (home.plan, Decimal("0.05"))


@pytest.mark.parametrize("role", list(Role))
def test_every_member_but_forum_members_reads_a_draft_return(agreement, role):
    ret = QuarterlyReturnFactory(agreement=agreement)
    client = member_client(agreement.council, role)
    response = client.get(url("return_detail", agreement, ret.pk))
    assert response.status_code == (404 if role == Role.FORUM else 200)
    assert ("Submit the return" in response.content.decode()) == (role in EDITORS)
    workbook = client.get(reverse("return_workbook", args=[agreement.council.slug, agreement.pk, ret.pk]))
    assert workbook.status_code == (404 if role == Role.FORUM else 200)
    listing = client.get(url("agreement_detail", agreement)).content.decode()
    assert ("2026-27 quarter 3" in listing) == (role != Role.FORUM)


def test_a_draft_return_s_text_is_saved_by_finance(agreement):
    ret = QuarterlyReturnFactory(agreement=agreement)
    client = member_client(agreement.council, Role.FINANCE)
    client.post(url("return_detail", agreement, ret.pk), {"narrative": "On plan", "risks": ""})
    assert QuarterlyReturn.objects.get().narrative == "On plan"


def test_a_forum_member_cannot_post_to_a_return(agreement):
    from agreements import services

    draft = QuarterlyReturnFactory(agreement=agreement)
    submitted = services.return_submit(
        quarterly_return=QuarterlyReturnFactory(agreement=agreement, quarter=2), user=None
    )
    client = member_client(agreement.council, Role.FORUM)
    assert client.post(url("return_detail", agreement, draft.pk), {"narrative": "x"}).status_code == 404
    assert client.post(url("return_detail", agreement, submitted.pk), {"narrative": "x"}).status_code == 403


def test_the_dashboard_s_deficit_chart_draws_the_agreed_trajectory(home):
    from tests.factories import ForecastFactory, ForecastYearFactory

    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")
    for year in (2025, 2026, 2027):
        ForecastYearFactory(
            forecast=forecast, financial_year=year, cumulative_deficit=Decimal(30_000_000 + year)
        )
    agreement = AgreementFactory(plan=home.plan)
    TrajectoryYearFactory(agreement=agreement, financial_year=2026, deficit_excluding_dfe=Decimal("27500000"))
    TrajectoryYearFactory(
        agreement=agreement, financial_year=2026, revision=2, deficit_excluding_dfe=Decimal("26000000")
    )
    body = member_client(home.council, Role.FORUM).get(f"/councils/{home.council.slug}/").content.decode()
    assert "Agreed trajectory (Safety Valve, excluding DfE payments)" in body
    assert "£27,500,000" in body  # revision 1 is current; the revised years are not drawn until it is
    assert "£26,000,000" not in body


def test_the_dashboard_has_no_trajectory_without_an_agreement(home):
    from tests.factories import ForecastFactory, ForecastYearFactory

    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")
    ForecastYearFactory(forecast=forecast, financial_year=2026)
    body = member_client(home.council, Role.FORUM).get(f"/councils/{home.council.slug}/").content.decode()
    assert "Agreed trajectory" not in body


def test_a_revised_trajectory_starts_as_a_copy_and_keeps_the_earlier_one(agreement):
    client = member_client(agreement.council, Role.FINANCE)
    response = client.post(url("trajectory_revise", agreement), follow=True)
    assert "Revision 2 started" in response.content.decode()
    assert list(TrajectoryYear.objects.values_list("revision", "deficit_excluding_dfe")) == [
        (1, Decimal("30000000")),
        (2, Decimal("30000000")),
    ]
    body = client.get(url("agreement_detail", agreement)).content.decode()
    assert "Current trajectory (revision 2)" in body and "Earlier trajectory (revision 1)" in body


@pytest.mark.parametrize("role", READERS)
def test_officers_and_forum_members_cannot_revise_a_trajectory(agreement, role):
    assert member_client(agreement.council, role).post(url("trajectory_revise", agreement)).status_code == 403


def test_the_agreement_s_terms_are_changed_but_not_its_kind_nor_past_its_trajectory(agreement):
    client = member_client(agreement.council, Role.COUNCIL_ADMIN)
    form = {
        "kind": "safety_valve",
        "title": "Revised Safety Valve agreement",
        "agreed_on-day": "15",
        "agreed_on-month": "3",
        "agreed_on-year": "2024",
        "first_year": "2023-24",
        "last_year": "2029-30",
        "dfe_contribution": "45,000,000",
        "council_contribution": "5,000,000",
        "tolerance": "2.5",
    }
    assert client.get(url("agreement_edit", agreement)).status_code == 200
    assert client.post(url("agreement_edit", agreement), form).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.title, agreement.last_year, agreement.tolerance) == (
        "Revised Safety Valve agreement",
        2029,
        Decimal("0.025"),
    )
    refused = client.post(url("agreement_edit", agreement), {**form, "last_year": "2025-26"})
    assert "The trajectory has 2026-27, outside that term" in refused.content.decode()
    refused = client.post(url("agreement_edit", agreement), {**form, "kind": "dbv"})
    assert "kind cannot change" in refused.content.decode()
    agreement.refresh_from_db()
    assert (agreement.kind, agreement.last_year) == ("safety_valve", 2029)


@pytest.mark.parametrize("submitted", [False, True])
def test_a_return_page_costs_a_fixed_number_of_queries(agreement, submitted, django_assert_num_queries):
    from agreements import services

    ret = QuarterlyReturnFactory(agreement=agreement)
    client = member_client(agreement.council, Role.FINANCE)
    for n in range(2, 7):
        ConditionFactory(agreement=agreement, number=n)
        TrajectoryYearFactory(agreement=agreement, financial_year=2015 + n)
        CapitalProject.objects.create(agreement=agreement, name=f"School {n}", budget=Decimal(1000))
    if submitted:
        services.return_submit(quarterly_return=ret, user=client.user)
    with django_assert_num_queries(5 if submitted else 13):  # a draft: 12, and its capital projects
        assert client.get(url("return_detail", agreement, ret.pk)).status_code == 200


def test_a_condition_is_changed_and_keeps_an_owner(agreement, home):
    condition = agreement.conditions.get()
    lead = LeadFactory(council=home.council, name="New Owner")
    client = member_client(agreement.council, Role.FINANCE)
    edit = url("condition_edit", agreement, condition.pk)
    assert client.get(edit).status_code == 200
    refused = client.post(edit, {"number": "1", "text": "Balance", "owner": ""})
    assert "Choose the lead officer who owns the condition" in refused.content.decode()
    response = client.post(
        edit,
        {"number": "3", "text": "Balance by 2027-28", "owner": lead.pk, "workstreams": [home.workstream.pk]},
    )
    assert response.status_code == 302
    condition.refresh_from_db()
    assert (condition.number, condition.owner, list(condition.workstreams.all())) == (
        3,
        lead,
        [home.workstream],
    )
    assert member_client(agreement.council, Role.OFFICER).get(edit).status_code == 403


def test_the_payments_sentence_leaves_out_what_is_nothing_and_says_what_is_still_withheld(agreement):
    from agreements import services

    services.payment_record(
        agreement=agreement, user=None, kind="paid", on=date(2026, 3, 31), amount=Decimal("1000000"), note=""
    )
    services.payment_record(
        agreement=agreement,
        user=None,
        kind="withheld",
        on=date(2026, 6, 30),
        amount=Decimal("500000"),
        note="",
    )
    body = (
        member_client(agreement.council, Role.OFFICER)
        .get(url("agreement_detail", agreement))
        .content.decode()
    )
    assert "backdated" not in body  # nothing backdated: no "of which £0 backdated"
    assert "Withheld £500,000, all of it still withheld." in body


def test_a_condition_without_a_due_date_or_workstreams_says_so(agreement):
    body = (
        member_client(agreement.council, Role.OFFICER)
        .get(url("agreement_detail", agreement))
        .content.decode()
    )
    assert "No date set" in body
    assert "Not linked yet" in body


def test_a_dbv_agreement_has_no_tolerance_row(home):
    dbv = AgreementFactory(plan=home.plan, kind="dbv", title="DBV")
    body = member_client(home.council, Role.OFFICER).get(url("agreement_detail", dbv)).content.decode()
    assert "above the agreed deficit" not in body


def test_a_return_says_which_years_the_forecast_does_not_reach(agreement, home):
    from tests.factories import ForecastFactory, ForecastYearFactory

    TrajectoryYearFactory(agreement=agreement, financial_year=2027)
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published", name="Autumn")
    ForecastYearFactory(forecast=forecast, financial_year=2026, scenario="target", cumulative_deficit=1)
    ret = QuarterlyReturnFactory(agreement=agreement)
    body = member_client(agreement.council, Role.FINANCE).get(url("return_detail", agreement, ret.pk))
    text = body.content.decode()
    assert text.count("Not forecast") == 1  # 2027-28 only
    assert "A draft:" not in text  # the tag says Draft; the sentence does not repeat it
    assert "The figures are today's" in text


@pytest.mark.parametrize(
    "name, extra, label",
    [
        ("condition_create", (), "Due"),
        ("condition_edit", ("condition",), "Due"),
        ("condition_update", ("condition",), "Met on"),
        ("capital_project_create", (), "Expected completion"),
    ],
)
def test_an_optional_date_says_optional_once(agreement, name, extra, label):
    args = [agreement.conditions.get().pk if e == "condition" else e for e in extra]
    text = member_client(agreement.council, Role.FINANCE).get(url(name, agreement, *args)).content.decode()
    assert f"{label} (optional)" in text
    assert "(optional) (optional)" not in text


def test_the_status_history_names_who_changed_it_by_name(agreement):
    from agreements import services
    from tests.factories import UserFactory

    named = UserFactory(username="hjames", first_name="Helen", last_name="James")
    services.agreement_status_set(agreement=agreement, user=named, status="under_review")
    unnamed = UserFactory(username="finance-lead", first_name="", last_name="")
    services.agreement_status_set(agreement=agreement, user=unnamed, status="active")
    body = (
        member_client(agreement.council, Role.OFFICER)
        .get(url("agreement_detail", agreement))
        .content.decode()
    )
    history = body[body.index('id="status-history"') :]
    assert "Under review, by Helen James" in history and "hjames" not in history
    assert "Active, by finance-lead" in history  # no name given: the username
