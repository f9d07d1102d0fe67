"""The list of local authorities: the DfE's three-digit code, the nine-character GSS code, name and region,
and the first and last January census each appears in (``fixtures/dfe/la_codes.csv``, cut from the SEN2
releases by scripts/cut_dfe_extracts.py; header ``old_la_code, new_la_code, la_name, region_name,
first_census, last_census``).

A council that no longer exists (its last census is before the list's latest) is kept, for history, with
the councils that replaced it as the DfE names them in REORGANISATIONS — never silently merged into one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dfe.readers.common import DfeFileError, csv_rows, decode, require

# Old code -> (the April the council ended, the codes of the councils that replaced it).
REORGANISATIONS = {
    "835": ("2019-04", ("838", "839")),  # Dorset (county) -> Dorset; BCP
    "836": ("2019-04", ("839",)),  # Poole -> Bournemouth, Christchurch and Poole
    "837": ("2019-04", ("839",)),  # Bournemouth -> Bournemouth, Christchurch and Poole
    "928": ("2021-04", ("940", "941")),  # Northamptonshire -> North and West Northamptonshire
    "909": ("2023-04", ("942", "943")),  # Cumbria -> Cumberland; Westmorland and Furness
}
COLUMNS = ["old_la_code", "new_la_code", "la_name", "region_name", "first_census", "last_census"]


@dataclass(frozen=True)
class LocalAuthorityRow:
    la_code: str
    gss_code: str
    name: str
    region: str
    first_census: int
    last_census: int
    current: bool
    ended: str  # "2021-04" for a council that no longer exists
    successors: tuple[str, ...]
    line: int


def read_la_codes(data: bytes, *, file: str) -> list[LocalAuthorityRow]:
    header, rows = csv_rows(decode(data, file=file), file=file)
    require(header, COLUMNS, file=file, what="the list of local authorities (la_codes.csv)")
    raw = []
    for line, row in rows:
        code, gss = row["old_la_code"].strip(), row["new_la_code"].strip()
        if not re.fullmatch(r"\d{3}", code):
            raise DfeFileError(
                f"{file}, line {line}, column old_la_code: “{code}” is not a three-digit LA code"
            )
        if not re.fullmatch(r"E\d{8}", gss):
            raise DfeFileError(
                f"{file}, line {line}, column new_la_code: “{gss}” is not a GSS code like E06000017"
            )
        years = []
        for column in ("first_census", "last_census"):
            text = row[column].strip()
            if not re.fullmatch(r"20\d\d", text):
                raise DfeFileError(f"{file}, line {line}, column {column}: “{text}” is not a year")
            years.append(int(text))
        raw.append((line, code, gss, row["la_name"].strip(), row["region_name"].strip(), *years))
    if not raw:
        raise DfeFileError(f"{file}: the list has no local authorities")
    latest = max(r[6] for r in raw)
    out = []
    for line, code, gss, name, region, first, last in raw:
        ended, successors = REORGANISATIONS.get(code, ("", ()))
        current = last == latest
        out.append(LocalAuthorityRow(code, gss, name, region, first, last, current, ended, successors, line))
    return out


def current(rows: list[LocalAuthorityRow]) -> Iterator[LocalAuthorityRow]:
    return (r for r in rows if r.current)
