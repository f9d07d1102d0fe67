"""The demo councils' DSG ledgers: income from the DfE's real DSG allocations (the .ods extracts in
fixtures/dfe/), expenditure and opening balances as each fixture's ``dsg_ledger`` gives them (its
``invented`` list says which figures are invented). Written through dsg.services, as finance would."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings

from core.financial_years import parse_fy
from dfe.readers.dsg import read_dsg_allocations
from dfe.selectors import DSG_LEDGER_SERIES
from dsg.ledger import allocation_income
from dsg.models import Basis, Position
from dsg.services import dsg_line_record
from recovery.models import Council

DFE_DIR = Path(settings.BASE_DIR) / "fixtures" / "dfe"


@cache
def _allocations(name: str) -> dict[tuple[str, str, str], Decimal]:
    """(LA code, ledger key, "2020-21") -> amount, from one allocations file (read once per process)."""
    path = DFE_DIR / name
    found = {}
    for figure in read_dsg_allocations(path.read_bytes(), file=name):
        key = DSG_LEDGER_SERIES.get(figure.series)
        if key and figure.value.number is not None:
            found[(figure.la_code, key, figure.period)] = figure.value.number
    return found


def load_dsg_ledger(council: Council, spec: dict | None) -> None:
    if not spec:
        return
    figures: dict[tuple[str, str], Decimal] = {}
    for name in spec["allocations"]:
        for (code, key, period), amount in _allocations(name).items():
            if code == council.la_code:
                figures[(key, period)] = amount
    for period, year in spec["years"].items():
        overspend = year.get("overspend", {})
        opening = year.get("brought_forward", {})
        for block, income in allocation_income(figures, period).items():
            dsg_line_record(
                council=council,
                user=None,
                financial_year=parse_fy(period),
                block=block,
                position=Position.OUTTURN,
                income=income,
                income_basis=Basis.DSG_ALLOCATION,
                expenditure=income + Decimal(overspend.get(block, "0")),
                expenditure_basis=Basis.ENTERED,
                brought_forward=Decimal(opening[block]) if block in opening else None,
            )
