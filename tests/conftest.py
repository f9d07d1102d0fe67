"""Shared fixtures: a council with a plan, and one signed-in client per role, plus a foreign council."""

import os
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from accounts.models import Role
from tests.clock import NOW
from tests.factories import (
    CouncilFactory,
    MembershipFactory,
    MilestoneFactory,
    PlanFactory,
    UserFactory,
    WorkstreamFactory,
)

ROLES = [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN]


@pytest.fixture(autouse=True)
def frozen_clock():
    """Every test starts on 5 December 2026 at 10:00 (tests.clock), whatever the machine's date. The clock
    then ticks: "saved after" and "stale since" need time to pass between two writes, and browsers,
    LibreOffice and threads wait on it."""
    with time_machine.travel(NOW, tick=True):
        yield


@dataclass
class CouncilWorld:
    council: object
    plan: object
    workstream: object
    milestone: object


def _world(slug: str, name: str) -> CouncilWorld:
    council = CouncilFactory(slug=slug, name=name)
    plan = PlanFactory(council=council)
    workstream = WorkstreamFactory(plan=plan, code="1", title=f"{name} nurture approach")
    milestone = MilestoneFactory(workstream=workstream, title=f"{name} outreach function")
    return CouncilWorld(council, plan, workstream, milestone)


@pytest.fixture
def home(db) -> CouncilWorld:
    return _world("home-council", "Home Council")


@pytest.fixture
def foreign(db) -> CouncilWorld:
    return _world("foreign-council", "Foreign Council")


def member_client(council, role: Role, username: str | None = None) -> Client:
    user = UserFactory(username=username or f"{council.slug}-{role}")
    MembershipFactory(user=user, council=council, role=role)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def client_for(home):
    """client_for(role) -> a client signed in as a member of the home council with that role."""
    return lambda role: member_client(home.council, role)


@pytest.fixture
def staff_client(db) -> Client:
    user = UserFactory(username="staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def needs_postgresql():
    """For tests of real concurrency: skipped unless the suite runs on PostgreSQL (CI runs both)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. The database cache is rolled back with each test anyway; Redis
    (REDIS_URL) outlives tests, and a council's id and version can repeat from one test to the next."""
    if os.environ.get("REDIS_URL"):
        from django.core.cache import cache

        cache.clear()
    yield


def cache_queries() -> int:
    """SQL queries a cache miss of a page costs in the cache itself: a read and a write (2 statements) on the
    database cache; none on Redis (CI's REDIS_URL pass). For tests that count a page's queries exactly."""
    from django.core.cache import caches

    from core.cache_backends import DatabaseCache

    return 3 if isinstance(caches["default"], DatabaseCache) else 0
