from datetime import date

import pytest

from reports import services
from tests.factories import UserFactory


@pytest.fixture
def draft(home):
    return services.report_create(
        plan=home.plan,
        user=UserFactory(),
        meeting_date=date(2025, 2, 13),
        title="Spring term update",
        summary="All on track.",
    )


@pytest.fixture
def published(home):
    author = UserFactory()
    report = services.report_create(
        plan=home.plan,
        user=author,
        meeting_date=date(2024, 11, 7),
        title="Autumn term update",
        summary="Good progress.",
    )
    return services.report_publish(report=report, user=author)


@pytest.fixture
def foreign_published(foreign):
    author = UserFactory()
    report = services.report_create(
        plan=foreign.plan, user=author, meeting_date=date(2024, 11, 7), title="Foreign update"
    )
    return services.report_publish(report=report, user=author)
