"""Small SEN2 caseload-by-establishment CSVs in the release's shape (sen2_estab_caseload.csv), for tests."""

from __future__ import annotations

import csv
import io

COLUMNS = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "establishment_group",
    "establishment_type",
    "ehcp_or_statement",
    "num_caseload",
    "pc_caseload",
]
RUTLAND = {"new_la_code": "E06000017", "old_la_code": "857", "la_name": "Rutland", "region_code": "E12000004"}
LEICESTER = {
    "new_la_code": "E06000016",
    "old_la_code": "856",
    "la_name": "Leicester",
    "region_code": "E12000004",
}


def row(year, la, group, etype, num, pc, plans="Total", level="Local authority") -> dict:
    return {
        "time_period": str(year),
        "time_identifier": "Calendar year",
        "geographic_level": level,
        "country_code": "E92000001",
        "country_name": "England",
        "region_code": la.get("region_code", ""),
        "region_name": "East Midlands",
        "new_la_code": la.get("new_la_code", ""),
        "old_la_code": la.get("old_la_code", ""),
        "la_name": la.get("la_name", ""),
        "establishment_group": group,
        "establishment_type": etype,
        "ehcp_or_statement": plans,
        "num_caseload": str(num),
        "pc_caseload": str(pc),
    }


def year_rows(year, la, *, total, mainstream, mainstream_pc, special, special_pc) -> list[dict]:
    """A council's rows for one year: the grand total, group totals and type rows (which must never be
    added to the group totals), for 'Total' and for 'EHCP'."""
    rows = []
    for plans in ("Total", "EHCP"):
        rows += [
            row(year, la, "Total", "Total", total, 100, plans),
            row(year, la, "Mainstream school", "Total", mainstream, mainstream_pc, plans),
            row(year, la, "Mainstream school", "Academy", mainstream, mainstream_pc, plans),
            row(year, la, "Mainstream school", "LA maintained", "0", "0", plans),
            row(year, la, "Special school", "Total", special, special_pc, plans),
            row(year, la, "Special school", "Independent special school", special, special_pc, plans),
            row(year, la, "Alternative provision/Pupil referral unit", "Total", "c", "c", plans),
        ]
    return rows


def good_rows() -> list[dict]:
    """Rutland 2023 and 2024, Leicester and England rows around them."""
    return [
        *year_rows(2023, RUTLAND, total=300, mainstream=150, mainstream_pc=50, special=90, special_pc=30),
        *year_rows(
            2024, RUTLAND, total=330, mainstream=170, mainstream_pc="51.5151515", special=99, special_pc=30
        ),
        *year_rows(
            2024, LEICESTER, total=4000, mainstream=2000, mainstream_pc=50, special=1500, special_pc=37.5
        ),
        row(2024, {}, "Total", "Total", 434354, 100, level="National"),
    ]


def to_csv(rows: list[dict], columns: list[str] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
