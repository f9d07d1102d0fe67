"""Reordering a reform plan's sections: up or down one place, through the service (each move recorded),
finance and council admins only; the first stays first when moved up; another council's section is a 404."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from agreements import services
from agreements.models import ReformSection
from agreements.services import AgreementDetails
from core.errors import Refused
from tests.conftest import member_client
from tests.factories import UserFactory


def make_reform(world):
    return services.agreement_create(
        council=world.council,
        plan=world.plan,
        user=None,
        details=AgreementDetails("reform_plan", "Reform plan", date(2026, 3, 31), 2026, 2028, Decimal(0)),
    )


@pytest.fixture
def reform(home):
    return make_reform(home)


def order(reform) -> list[str]:
    return list(
        ReformSection.objects.filter(agreement=reform)
        .order_by("position")
        .values_list("principle", flat=True)
    )


def section(reform, principle):
    return ReformSection.objects.get(agreement=reform, principle=principle)


def test_it_moves_a_section_up_and_down_and_records_who(reform):
    user = UserFactory()
    services.section_move(section=section(reform, "Fair"), user=user, direction="up")
    assert order(reform) == ["Early", "Fair", "Local", "Effective", "Shared"]
    services.section_move(section=section(reform, "Early"), user=user, direction="down")
    assert order(reform) == ["Fair", "Early", "Local", "Effective", "Shared"]
    assert section(reform, "Fair").history.latest().history_user == user


def test_the_first_stays_first_and_the_last_last(reform):
    services.section_move(section=section(reform, "Early"), user=None, direction="up")
    services.section_move(section=section(reform, "Shared"), user=None, direction="down")
    assert order(reform) == ["Early", "Local", "Fair", "Effective", "Shared"]


def test_it_refuses_a_direction_other_than_up_or_down(reform):
    with pytest.raises(Refused, match="up or down"):
        services.section_move(section=section(reform, "Fair"), user=None, direction="sideways")


@pytest.mark.parametrize("role", [Role.FINANCE, Role.COUNCIL_ADMIN])
def test_editors_move_a_section_from_the_page(reform, role):
    client = member_client(reform.council, role)
    page = client.get(reverse("agreement_detail", args=["home-council", reform.pk])).content.decode()
    assert "move Fair up" in page
    fair = section(reform, "Fair")
    url = reverse("section_move", args=["home-council", reform.pk, fair.pk])
    response = client.post(url, {"direction": "up"}, follow=True)
    assert "Section “Fair” moved up." in response.content.decode()
    assert order(reform)[:3] == ["Early", "Fair", "Local"]
    assert client.post(url, {"direction": "left"}).status_code == 404


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FORUM])
def test_readers_may_not_move_sections(reform, role):
    client = member_client(reform.council, role)
    assert (
        "move Fair up"
        not in client.get(reverse("agreement_detail", args=["home-council", reform.pk])).content.decode()
    )
    url = reverse("section_move", args=["home-council", reform.pk, section(reform, "Fair").pk])
    assert client.post(url, {"direction": "up"}).status_code == 403
    assert order(reform)[2] == "Fair"


def test_another_councils_section_is_a_404(reform, foreign):
    theirs = make_reform(foreign)
    client = member_client(foreign.council, Role.COUNCIL_ADMIN)
    mine = section(reform, "Fair")
    for agreement_pk in (reform.pk, theirs.pk):
        url = reverse("section_move", args=["foreign-council", agreement_pk, mine.pk])
        assert client.post(url, {"direction": "up"}).status_code == 404
    assert order(reform)[2] == "Fair"
