"""Removing a DfE payment or a DBV allocation recorded in error: finance and council admins only, through the
service (recorded in the history with who removed it, the council's data version bumped), a clear message,
and another council's row a 404."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from agreements import services
from agreements.models import GrantSpend, Payment
from core.errors import Refused
from recovery.models import Council
from tests.conftest import member_client
from tests.factories import AgreementFactory, UserFactory

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN]
READERS = [Role.OFFICER, Role.FORUM]


@pytest.fixture
def payment(home):
    agreement = AgreementFactory(plan=home.plan, title="Home Safety Valve")
    return services.payment_record(
        agreement=agreement, user=None, kind="withheld", on=date(2026, 3, 31), amount=Decimal("1500000")
    )


@pytest.fixture
def allocation(home):
    dbv = AgreementFactory(plan=home.plan, kind="dbv", title="DBV", dfe_contribution=Decimal(1_000_000))
    return services.grant_spend_set(
        agreement=dbv, user=None, workstream=home.workstream, financial_year=2024,
        allocated=Decimal("400000"), spent=Decimal("250000"),
    )  # fmt: skip


def delete_url(name, row, key):
    return reverse(name, args=[row.agreement.council.slug, row.agreement.pk, row.pk])


def version(council) -> int:
    return Council.objects.values_list("data_version", flat=True).get(pk=council.pk)


def test_the_service_removes_a_payment_recorded_and_says_what(home, payment):
    user, before = UserFactory(), version(home.council)
    words = services.payment_delete(payment=payment, user=user)
    assert words == "the withheld payment of £1,500,000 on 31 March 2026"
    assert not Payment.objects.exists()
    removed = Payment.history.get(history_type="-")
    assert removed.history_user == user and removed.amount == Decimal("1500000")
    assert version(home.council) > before


def test_removing_twice_is_refused_clearly(payment):
    services.payment_delete(payment=payment, user=None)
    with pytest.raises(Refused, match="removed already"):
        services.payment_delete(payment=payment, user=None)


def test_the_service_removes_an_allocation_recorded(home, allocation):
    user = UserFactory()
    words = services.grant_spend_delete(grant_spend=allocation, user=user)
    assert (
        words == "the allocation of £400,000 to 1 Home Council nurture approach in 2024-25 (spent £250,000)"
    )
    assert not GrantSpend.objects.exists()
    assert GrantSpend.history.get(history_type="-").history_user == user


@pytest.mark.parametrize("role", EDITORS)
def test_editors_remove_a_payment_from_the_agreement_page(payment, role):
    client = member_client(payment.agreement.council, role)
    page = client.get(reverse("agreement_detail", args=["home-council", payment.agreement.pk]))
    assert (
        'Remove<span class="govuk-visually-hidden"> the withheld payment of £1,500,000'
        in page.content.decode()
    )
    confirm = client.get(delete_url("payment_delete", payment, "payment_pk")).content.decode()
    assert "Remove the withheld payment of £1,500,000 on 31 March 2026?" in confirm
    assert Payment.objects.count() == 1  # asking removes nothing
    response = client.post(delete_url("payment_delete", payment, "payment_pk"), follow=True)
    assert "Removed: the withheld payment of £1,500,000 on 31 March 2026." in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.parametrize("role", EDITORS)
def test_editors_remove_an_allocation_from_the_agreement_page(allocation, role):
    client = member_client(allocation.agreement.council, role)
    confirm = client.get(delete_url("grant_spend_delete", allocation, "grant_spend_pk")).content.decode()
    assert "Remove the allocation of £400,000 to " in confirm and "(spent £250,000)?" in confirm
    response = client.post(delete_url("grant_spend_delete", allocation, "grant_spend_pk"), follow=True)
    assert "Removed: the allocation of £400,000" in response.content.decode()
    assert not GrantSpend.objects.exists()


@pytest.mark.parametrize("role", READERS)
def test_readers_may_not_remove_and_see_no_button(payment, allocation, role):
    client = member_client(payment.agreement.council, role)
    page = client.get(reverse("agreement_detail", args=["home-council", payment.agreement.pk]))
    assert "Remove" not in page.content.decode()
    for url in (delete_url("payment_delete", payment, ""), delete_url("grant_spend_delete", allocation, "")):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert Payment.objects.count() == 1 and GrantSpend.objects.count() == 1


def test_a_get_asks_first_and_removes_nothing(payment):
    client = member_client(payment.agreement.council, Role.FINANCE)
    page = client.get(delete_url("payment_delete", payment, ""))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<button type="submit" class="govuk-button govuk-button--warning"' in html
    assert f'href="/councils/home-council/agreements/{payment.agreement.pk}/#payments">Cancel</a>' in html
    assert Payment.objects.count() == 1
    assert client.put(delete_url("payment_delete", payment, "")).status_code == 405


@pytest.mark.parametrize("role", EDITORS)
def test_another_councils_rows_are_a_404(home, foreign, payment, allocation, role):
    client = member_client(foreign.council, role)
    foreign_agreement = AgreementFactory(plan=foreign.plan)
    for name, row in (("payment_delete", payment), ("grant_spend_delete", allocation)):
        # The other council's agreement, and its own agreement with the other council's row id:
        for agreement_pk in (row.agreement.pk, foreign_agreement.pk):
            url = reverse(name, args=["foreign-council", agreement_pk, row.pk])
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
    assert Payment.objects.count() == 1 and GrantSpend.objects.count() == 1
