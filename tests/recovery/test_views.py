import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.conftest import ROLES, member_client
from tests.factories import CouncilFactory, MembershipFactory


def test_it_sends_anonymous_visitors_to_sign_in(client, home):
    for url in ["/", f"/councils/{home.council.slug}/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_only_the_users_councils(home, foreign, role):
    client = member_client(home.council, role)
    third = CouncilFactory(name="Third Council")
    MembershipFactory(user=client.user, council=third, role=Role.FORUM)
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert home.council.name in body and third.name in body
    assert foreign.council.name not in body
    assert role.label in body


@pytest.mark.parametrize("role", ROLES)
def test_it_lands_a_member_of_one_council_on_its_dashboard(home, foreign, role):
    response = member_client(home.council, role).get("/")
    assert response.status_code == 302
    assert response.url == f"/councils/{home.council.slug}/"


def test_it_shows_each_councils_next_forum_meeting(home, foreign, staff_client):
    from datetime import timedelta

    from django.utils import timezone

    from forum.services.meetings import meeting_create

    today = timezone.localdate()
    meeting_create(council=home.council, user=None, meets_on=today + timedelta(days=20))
    meeting_create(council=home.council, user=None, meets_on=today + timedelta(days=90))
    meeting_create(council=home.council, user=None, meets_on=today - timedelta(days=30))
    body = staff_client.get("/").content.decode()
    soon = today + timedelta(days=20)
    assert f"{soon.day} {soon:%B %Y}" in body and "updates due by" in body


def test_it_lists_councils_for_a_forum_member_of_two_councils(home, foreign):
    client = member_client(home.council, Role.FORUM)
    MembershipFactory(user=client.user, council=foreign.council, role=Role.FORUM)
    body = client.get("/").content.decode()
    assert home.council.name in body and foreign.council.name in body


def test_it_lists_every_council_for_staff(staff_client, home, foreign):
    body = staff_client.get("/").content.decode()
    assert home.council.name in body and foreign.council.name in body


def test_it_tells_a_user_without_councils_what_to_do(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())
    assert "not a member of any council" in client.get("/").content.decode()


def test_it_signs_in_and_out(db, home):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="rutland-officer")
    MembershipFactory(user=user, council=home.council)
    client = Client()
    response = client.post(reverse("login"), {"username": "rutland-officer", "password": "pw-for-tests-1"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").url == f"/councils/{home.council.slug}/"  # one council: its dashboard
    assert client.get(reverse("logout")).status_code == 405  # sign-out is a POST, never a link
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_it_shows_a_clear_error_for_a_wrong_password(db):
    from tests.factories import UserFactory

    UserFactory(username="someone")
    response = Client().post(reverse("login"), {"username": "someone", "password": "wrong"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "enter a correct username and password" in response.content.decode()


def test_it_locks_a_username_after_five_failed_sign_ins(db):
    from tests.factories import UserFactory

    UserFactory(username="target")
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "target", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "target", "password": "pw-for-tests-1"})
    assert response.status_code == 429
    assert "locked there for 1 hour" in response.content.decode()


def test_it_costs_a_fixed_number_of_queries(home, django_assert_max_num_queries):
    client = member_client(home.council, ROLES[0])
    for n in range(20):
        CouncilFactory()  # councils the user cannot see do not add queries
    with django_assert_max_num_queries(6):
        client.get("/")
