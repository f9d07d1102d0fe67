import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import ANY_ROLE, FINANCE_EDITORS, MILESTONE_EDITORS, PLAN_MANAGERS, council_access
from accounts.models import Role
from tests.conftest import ROLES
from tests.factories import MembershipFactory, UserFactory

# What DESIGN.md's table says each role may change (everyone in the council may read).
EXPECTED = {
    Role.OFFICER: {"milestones"},
    Role.FINANCE: {"finance"},
    Role.FORUM: set(),
    Role.COUNCIL_ADMIN: {"milestones", "plan", "finance", "reports"},
}


@pytest.mark.parametrize("role", ROLES)
def test_it_gives_each_member_their_council_and_role(home, role):
    user = UserFactory()
    MembershipFactory(user=user, council=home.council, role=role)
    access = council_access(user, home.council.slug)
    assert access.council == home.council
    assert access.role == role
    granted = {
        name
        for name, flag in [
            ("milestones", access.can_update_milestones),
            ("plan", access.can_manage_plan),
            ("finance", access.can_edit_finance),
            ("reports", access.can_publish_reports),
        ]
        if flag
    }
    assert granted == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_a_member_of_another_council(home, foreign, role):
    user = UserFactory()
    MembershipFactory(user=user, council=home.council, role=role)
    with pytest.raises(Http404):
        council_access(user, foreign.council.slug)


def test_it_is_a_404_for_an_unknown_slug(home):
    user = UserFactory()
    MembershipFactory(user=user, council=home.council)
    with pytest.raises(Http404):
        council_access(user, "no-such-council")


def test_it_is_a_404_for_anonymous(home):
    with pytest.raises(Http404):
        council_access(AnonymousUser(), home.council.slug)


@pytest.mark.parametrize(
    "roles, allowed",
    [
        (MILESTONE_EDITORS, {Role.OFFICER, Role.COUNCIL_ADMIN}),
        (FINANCE_EDITORS, {Role.FINANCE, Role.COUNCIL_ADMIN}),
        (PLAN_MANAGERS, {Role.COUNCIL_ADMIN}),
        (ANY_ROLE, set(ROLES)),
    ],
)
def test_it_forbids_roles_outside_the_allowed_set(home, roles, allowed):
    for role in ROLES:
        user = UserFactory()
        MembershipFactory(user=user, council=home.council, role=role)
        if role in allowed:
            assert council_access(user, home.council.slug, roles).role == role
        else:
            with pytest.raises(PermissionDenied):
                council_access(user, home.council.slug, roles)


def test_it_lets_staff_do_everything_everywhere(home, foreign):
    staff = UserFactory(is_staff=True, is_superuser=True)
    for world in (home, foreign):
        access = council_access(staff, world.council.slug, PLAN_MANAGERS)
        assert access.is_staff and access.can_manage_plan and access.can_edit_finance


def test_it_costs_one_query(home, django_assert_num_queries):
    user = UserFactory()
    MembershipFactory(user=user, council=home.council, role=Role.FORUM)
    with django_assert_num_queries(1):
        council_access(user, home.council.slug)
