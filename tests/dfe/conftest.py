"""DfE tests read the real extracts in fixtures/dfe/ (cut by scripts/cut_dfe_extracts.py)."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "dfe"
NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def imported(db):
    """The DfE's files the national DfE table reads: every council's codes, the EHC plans release, the DSG
    allocations and the s251 outturn sample."""
    from dfe.services import release_import

    for name in (
        "la_codes.csv",
        "ehcp_2025_extract.zip",
        "dedicated-schools-grant_2024_07_20.ods",
        "s251_outturn_sample.csv",
    ):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
