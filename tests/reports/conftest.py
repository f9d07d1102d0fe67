from datetime import date

import pytest

from dfe.models import LocalAuthority, Neighbour, Release
from dfe.services import release_import
from reports import services
from tests.dfe.conftest import fixture_bytes
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


# Benchmarking against the DfE's real files (committed extracts): the councils' codes, the EHC plans release
# and the statistical neighbours; Stockton-on-Tees (808) is the council whose neighbours the tests read.
# The task backend as production runs it: a task waits in the queue for the worker (the tests' is immediate).
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BENCHMARKING_FILES = ("la_codes.csv", "ehcp_2025_extract.zip", "sn_may_2025.xlsx")


def import_dfe_files(*names: str) -> None:
    for name in names:
        release_import(data=fixture_bytes(name), file_name=name, user=None)


def as_stockton(council) -> None:
    """The council takes Stockton-on-Tees's codes, so the DfE's figures for Stockton are its own."""
    council.la_code, council.gss_code = "808", "E06000004"
    council.save()


def stand_in_neighbours(codes: tuple[str, ...] = ("857", "937", "865")) -> None:
    """Stockton's neighbours are not in the extract: councils that are (`codes`, in rank order) stand in."""
    Neighbour.objects.filter(area__la_code="808").delete()
    release = Release.objects.filter(family="neighbours").get()
    area = LocalAuthority.objects.get(la_code="808")
    for rank, code in enumerate(codes, start=1):
        Neighbour.objects.create(
            area=area, rank=rank, neighbour=LocalAuthority.objects.get(la_code=code), release=release, line=1
        )
