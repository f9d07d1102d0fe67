"""Counties from their districts. The ONS publishes population by district and unitary authority; a county
council (Warwickshire, E10000031) is the sum of its districts. The lookup is the ONS's own "Lower Tier Local
Authority to Upper Tier Local Authority (December 2022) Lookup in England and Wales" (dfe/data/, Open
Government Licence v3.0, as MastodonC/witan.population keeps it).

A county's figure is made only when every one of its districts is in the file (a partial sum would be a wrong
number, never a rough one) and the file has no row for the county itself (a file that already counts North
Yorkshire as one unitary authority keeps its own figure). The districts' figures are used up: the store has no
district councils to keep them for.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from dfe.readers.common import Figure, Value

LOOKUP = Path(__file__).resolve().parent.parent / "data" / "ltla_to_utla_december_2022.csv"


@cache
def districts_of_counties() -> dict[str, tuple[str, tuple[str, ...]]]:
    """County GSS code -> (its name, its districts' GSS codes), for upper tiers made of several districts."""
    counties: dict[str, tuple[str, list[str]]] = {}
    with LOOKUP.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["LTLA22CD"] != row["UTLA22CD"]:
                counties.setdefault(row["UTLA22CD"], (row["UTLA22NM"], []))[1].append(row["LTLA22CD"])
    return {code: (name, tuple(sorted(districts))) for code, (name, districts) in counties.items()}


def with_counties(figures: Iterable[Figure]) -> Iterator[Figure]:
    """`figures` with each county's districts replaced by the county: their values added up per series,
    breakdown and period, the county's name, and the line of its first district's row."""
    figures = list(figures)
    present = {f.gss_code for f in figures}
    county_of = {}
    for county, (name, districts) in districts_of_counties().items():
        if county not in present and all(d in present for d in districts):
            county_of.update({d: (county, name) for d in districts})
    sums: dict[tuple, list[Figure]] = {}
    for figure in figures:
        if figure.gss_code not in county_of:
            yield figure
            continue
        county, _ = county_of[figure.gss_code]
        sums.setdefault((county, figure.series, figure.breakdown, figure.period), []).append(figure)
    for (county, _, _, _), parts in sums.items():
        first = min(parts, key=lambda f: f.line)
        total = sum((p.value.number for p in parts if p.value.is_number), Decimal(0))
        if all(p.value.is_number for p in parts) and len(parts) == len(districts_of_counties()[county][1]):
            yield replace(first, gss_code=county, la_name=county_of[first.gss_code][1], value=Value(total))
