"""The SEN2 figures the demand model calibrates on, from the DfE's EHC plans release (2025 on): pure.

Per area (each local authority by its three-digit code, each region by its code, England as "england"):
- ``stock``: January census → plans in each of the seven placement groups (the "All EHC plans" rows);
- ``stock_by_age``: January census → [age 0–25][group] (the "Child or young persons age" rows);
- ``new``, ``new_by_group``, ``new_by_age``: calendar year → new plans (newplans.csv);
- ``ceased``, ``ceased_by_age``: calendar year → ceased plans (ceased_plans.csv);
- ``ceased_by_reason``: calendar year → [reason] (the LA total row's ten reason columns, in ``REASONS``
  order) and ``ceased_by_age_reason``: → [age 0–25][reason] (the "Age plan ceased" rows, 2023 on). A
  suppressed reason cell counts as none of that reason (the shares come from the reasons' own sum);
- ``ceased_by_setting``: calendar year → [group] ceased plans by the setting the plan was last in (the
  "Type of placement" rows, 2023 on; not crossed with age). Each placement label maps to a group through
  the caseload.csv column of the same placement (``CEASED_PLACEMENTS``); the "- total" rows are skipped so
  nothing is counted twice. A label this version does not know is counted in "other" and the area's
  ``setting_notes`` name it (never dropped, never guessed into a named group).

The seven groups are the DSG management plan's: mainstream; resourced provision and SEN units; maintained
special schools and special academies; independent and non-maintained special; AP and PRUs (hospital schools
are not separate in SEN2); post-16 and FE; and other — every plan the six do not name (home education, other
arrangements, NEET, early years, unknown), taken as the total less the six, so groups always sum to the
total. A suppressed or unavailable setting cell (c, x, z, low, u) counts in "other", never as a lost plan; a
suppressed total leaves that row out, and the area's ``notes`` say so.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from dfe.readers.common import DfeFileError, csv_rows, decode

AGES = 26
GROUP_COLUMNS: dict[str, list[str]] = {
    "mainstream": [
        "mainstream_la_maintained",
        "mainstream_academy",
        "mainstream_free_school",
        "mainstream_independent",
    ],
    "resourced": [
        "mainstream_la_maintained_resourced_provision",
        "mainstream_la_maintained_senunit",
        "mainstream_academy_resourced_provision",
        "mainstream_academy_senunit",
        "mainstream_free_school_resourced_provision",
        "mainstream_free_school_senunit",
    ],
    "special": ["special_la_maintained", "special_academy_free", "special_academy", "special_free_school"],
    "independent": ["special_independent", "special_non_maintained"],
    "ap": ["ap_pru_academy", "ap_pru_free_school", "ap_pru_la_maintained"],
    "post16": ["general_fe_tertiary_colleges", "specialist_post_16_institutions", "ukrlp_provider"],
}
GROUPS = [*GROUP_COLUMNS, "other"]
# Why a plan ceased (ceased_plans.csv's columns): the maximum age; needs met without a plan; higher education;
# employment; transferred to another LA; no longer wishes to engage; moved outside England; deceased; not
# recorded; other.
REASONS = (
    "max_age",
    "needs_met",
    "he",
    "employ",
    "transfer",
    "no_engage",
    "moved_outside_eng",
    "deceased",
    "not_rec",
    "other",
)
ENGLAND = "england"
# ceased_plans.csv's "Type of placement" labels (lower case, spaces collapsed) → the caseload.csv column of
# the same placement, whose group GROUP_COLUMNS gives (a column it does not list is "other"). Every label of
# the June 2025 release (2023 and 2024); the DfE spelt special academies two ways.
CEASED_PLACEMENTS: dict[str, str] = {
    "mainstream - la maintained": "mainstream_la_maintained",
    "mainstream - academy": "mainstream_academy",
    "mainstream - free school": "mainstream_free_school",
    "mainstream - independent": "mainstream_independent",
    "mainstream - la maintained (resourced provision)": "mainstream_la_maintained_resourced_provision",
    "mainstream - la maintained (sen unit)": "mainstream_la_maintained_senunit",
    "mainstream - academy (resourced provision)": "mainstream_academy_resourced_provision",
    "mainstream - academy (sen unit)": "mainstream_academy_senunit",
    "mainstream - free school (resourced provision)": "mainstream_free_school_resourced_provision",
    "mainstream - free school (sen unit)": "mainstream_free_school_senunit",
    "special - la maintained": "special_la_maintained",
    "special - academy/free school": "special_academy_free",
    "special - academy/free schools": "special_academy_free",
    "special - independent": "special_independent",
    "special - non-maintained": "special_non_maintained",
    "ap/pru - academy": "ap_pru_academy",
    "ap/pru - free school": "ap_pru_free_school",
    "ap/pru - la maintained": "ap_pru_la_maintained",
    "fe - general fe and tertiary colleges": "general_fe_tertiary_colleges",
    "fe - specialist post-16 institutions": "specialist_post_16_institutions",
    "fe - ukrlp provider": "ukrlp_provider",
    "educated elsewhere - elective home education": "elective_home_education",
    "educated elsewhere - other arrangements by la": "other_arrangements_la",
    "educated elsewhere - other arrangements by parents": "other_arrangements_parents",
    "educated elsewhere - online provider": "online_provider",
    "educated elsewhere - welsh establishment": "w_settings",
    "educated elsewhere - other schools and establishments": "other_schools",
    "educated elsewhere - other placement settings": "other_placement_settings",
    "educated elsewhere - neet": "neet",
    "educated elsewhere - not in education or training (notice to cease issued)": "neet_ntci",
    "educated elsewhere - not in education or training (other)": "neet_other",
    "non-maintained early years": "nm_early_years",
    "placement not recorded": "placement_unknown",
}
PLACEMENT_TOPIC = "type of placement"
_COLUMN_GROUP = {column: group for group, columns in GROUP_COLUMNS.items() for column in columns}


def placement_column(label: str) -> str | None:
    """The caseload.csv column of a ceased plan's "Type of placement" label; None for a label not known."""
    return CEASED_PLACEMENTS.get(" ".join(label.lower().split()))


def is_placement_total(label: str) -> bool:
    """ "Mainstream - total", "FE - total"…: the sum of the rows above it, skipped (counted once)."""
    return " ".join(label.lower().split()).endswith("- total")


def column_group(column: str) -> str:
    """The group of a caseload.csv placement column (the six named groups' columns; every other is other)."""
    return _COLUMN_GROUP.get(column, "other")


@dataclass
class AreaSeries:
    code: str
    name: str
    level: str  # "la", "region", "england"
    region: str = ""
    stock: dict[int, list[float]] = field(default_factory=dict)
    stock_by_age: dict[int, list[list[float]]] = field(default_factory=dict)
    new: dict[int, float] = field(default_factory=dict)
    new_by_group: dict[int, list[float]] = field(default_factory=dict)
    new_by_age: dict[int, list[float]] = field(default_factory=dict)
    ceased: dict[int, float] = field(default_factory=dict)
    ceased_by_age: dict[int, list[float]] = field(default_factory=dict)
    ceased_by_reason: dict[int, list[float]] = field(default_factory=dict)
    ceased_by_age_reason: dict[int, list[list[float]]] = field(default_factory=dict)
    ceased_by_setting: dict[int, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    setting_notes: list[str] = field(default_factory=list)  # placement labels not known (counted in other)


def _number(text: str | None) -> float | None:
    text = (text or "").strip().replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _groups(row: dict, total: float) -> list[float]:
    named = [sum(_number(row.get(c)) or 0.0 for c in columns) for columns in GROUP_COLUMNS.values()]
    return [*named, max(total - sum(named), 0.0)]


def _census_year(text: str) -> int:
    return int(text.strip()[:4]) + 1  # 202425 is the January 2025 census


def _ages(breakdown: str) -> list[int] | None:
    """The census ages a breakdown covers: "age 12" → [12]; "under 3" / "age 2 and under" → [2]."""
    b = " ".join(breakdown.lower().split())
    if b in ("under 3", "age 2 and under"):
        return [2]
    if b == "age 20 and over":
        return list(range(20, AGES))
    if b.startswith("age ") and b[4:].isdigit() and int(b[4:]) < AGES:
        return [int(b[4:])]
    return None


class _Areas:
    def __init__(self) -> None:
        self.areas: dict[str, AreaSeries] = {}

    def get(self, row: dict) -> AreaSeries | None:
        level = row.get("geographic_level", "").strip()
        if level == "National":
            key, name, kind, region = ENGLAND, "England", "england", ""
        elif level == "Regional":
            key, name, kind, region = row["region_code"].strip(), row["region_name"].strip(), "region", ""
        elif level == "Local authority":
            key, name, kind = row["old_la_code"].strip(), row["la_name"].strip(), "la"
            region = row.get("region_code", "").strip()
        else:
            return None
        if key not in self.areas:
            self.areas[key] = AreaSeries(key, name, kind, region)
        return self.areas[key]


def _spread(target: list[float], ages: list[int], count: float, weights: list[float] | None = None) -> None:
    w = [weights[a] if weights else 1.0 for a in ages]
    if sum(w) <= 0:
        w = [1.0] * len(ages)
    for a, share in zip(ages, w, strict=True):
        target[a] += count * share / sum(w)


def read_demand_series(files: dict[str, bytes]) -> dict[str, AreaSeries]:
    """From caseload.csv, newplans.csv and ceased_plans.csv (bytes by file name): every area's series."""
    for needed in ("caseload.csv", "newplans.csv"):
        if needed not in files:
            raise DfeFileError(f"the EHC plans release has no {needed}: the demand model needs it")
    areas = _Areas()
    header, rows = csv_rows(decode(files["caseload.csv"], file="caseload.csv"), file="caseload.csv")
    for column in ("breakdown_topic", "breakdown", "ehcplans", "time_period"):
        if column not in header:
            raise DfeFileError(f"caseload.csv has no {column} column: not the 2025-on layout")
    by_age: dict[tuple[str, int], list[list[float]]] = {}
    for line, row in rows:
        series = areas.get(row)
        if series is None:
            continue
        topic = " ".join(row["breakdown_topic"].lower().split())
        total = _number(row["ehcplans"])
        year = _census_year(row["time_period"])
        if topic == "all ehc plans":
            if total is None:
                series.notes.append(f"caseload.csv line {line}: the total for January {year} is suppressed")
                continue
            series.stock[year] = _groups(row, total)
        elif topic == "child or young persons age":
            ages = _ages(row["breakdown"])
            if ages is None:
                continue
            grid = by_age.setdefault((series.code, year), [[0.0] * len(GROUPS) for _ in range(AGES)])
            if total is None:
                series.notes.append(
                    f"caseload.csv line {line}: {row['breakdown']} in January {year} is suppressed"
                )
                continue
            for g, count in enumerate(_groups(row, total)):
                grid[ages[0]][g] += count
    for (code, year), grid in by_age.items():
        areas.areas[code].stock_by_age[year] = grid
    _read_new(files["newplans.csv"], areas)
    if "ceased_plans.csv" in files:
        _read_ceased(files["ceased_plans.csv"], areas)
    return areas.areas


def _read_flow(
    data: bytes,
    areas: _Areas,
    *,
    file: str,
    column: str,
    total_topic: str,
    age_topic: str,
    age_rows: dict[tuple[str, int], list[tuple[list[int], dict]]] | None = None,
    other=None,
) -> tuple[dict[tuple[str, int], list[float]], dict[tuple[str, int], tuple[float, dict]]]:
    """One flow file (new or ceased plans) of the 2025-on layout: per (area code, year), the plans by single
    age (from the age topic) and the total with its row (from the total topic); the age rows themselves
    (with the ages they cover) into ``age_rows`` when it is given; every other topic's rows to ``other``
    (line, row, topic, area) when it is given."""
    header, rows = csv_rows(decode(data, file=file), file=file)
    if column not in header:
        raise DfeFileError(f"{file} has no {column} column: not the 2025-on layout")
    ages_seen: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0.0] * AGES)
    totals: dict[tuple[str, int], tuple[float, dict]] = {}
    for _line, row in rows:
        series = areas.get(row)
        if series is None:
            continue
        topic = " ".join(row["breakdown_topic"].lower().split())
        total = _number(row[column])
        year = int(row["time_period"].strip()[:4])
        if total is None:
            continue
        if topic == total_topic:
            totals[(series.code, year)] = (total, row)
        elif topic == age_topic:
            ages = _ages(row["breakdown"])
            if ages is not None:
                _spread(ages_seen[(series.code, year)], ages, total)
                if age_rows is not None:
                    age_rows.setdefault((series.code, year), []).append((ages, row))
        elif other is not None:
            other(_line, row, topic, series)
    return ages_seen, totals


def _read_new(data: bytes, areas: _Areas) -> None:
    by_age, totals = _read_flow(
        data, areas, file="newplans.csv", column="new_ehc_plans",
        total_topic="new ehc plans", age_topic="age when plan started",
    )  # fmt: skip
    for (code, year), (total, row) in totals.items():
        areas.areas[code].new[year] = total
        areas.areas[code].new_by_group[year] = _groups(row, total)
    for (code, year), values in by_age.items():
        areas.areas[code].new_by_age[year] = values


def _reasons(row: dict) -> list[float]:
    return [_number(row.get(r)) or 0.0 for r in REASONS]


def _read_ceased(data: bytes, areas: _Areas) -> None:
    age_rows: dict[tuple[str, int], list[tuple[list[int], dict]]] = {}
    by_age, totals = _read_flow(
        data, areas, file="ceased_plans.csv", column="total_ceased",
        total_topic="all ceased ehc plans", age_topic="age plan ceased", age_rows=age_rows,
        other=_ceased_setting_row,
    )  # fmt: skip
    for (code, year), (total, row) in totals.items():
        areas.areas[code].ceased[year] = total
        if any(r in row for r in REASONS):
            areas.areas[code].ceased_by_reason[year] = _reasons(row)
    for (code, year), values in by_age.items():
        areas.areas[code].ceased_by_age[year] = values
    for (code, year), rows in age_rows.items():
        grid = [[0.0] * len(REASONS) for _ in range(AGES)]
        for ages, row in rows:
            for a in ages:
                grid[a] = [g + v / len(ages) for g, v in zip(grid[a], _reasons(row), strict=True)]
        if any(r in rows[0][1] for r in REASONS):
            areas.areas[code].ceased_by_age_reason[year] = grid


def _ceased_setting_row(line: int, row: dict, topic: str, series: AreaSeries) -> None:
    """A "Type of placement" row: the ceased plans of its year by the group of the last setting."""
    label = row.get("breakdown", "").strip()
    total = _number(row.get("total_ceased"))
    if topic != PLACEMENT_TOPIC or total is None or is_placement_total(label):
        return
    year = int(row["time_period"].strip()[:4])
    column = placement_column(label)
    if column is None:
        series.setting_notes.append(
            f"ceased_plans.csv line {line}: the placement {label!r} is not one this version knows; its "
            f"{total:,.0f} ceased plans of {year} are counted in other"
        )
    by_group = series.ceased_by_setting.setdefault(year, [0.0] * len(GROUPS))
    by_group[GROUPS.index(column_group(column or ""))] += total


def read_demand_zip(data: bytes, *, file: str = "release.zip") -> dict[str, AreaSeries]:
    """The same from a release zip as downloaded (files under data/)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DfeFileError(f"{file}: this is not a zip file, or it is damaged or cut short") from None
    wanted = {"caseload.csv", "newplans.csv", "ceased_plans.csv"}
    files = {}
    for member in archive.infolist():
        base = member.filename.rsplit("/", 1)[-1]
        if base in wanted:
            files[base] = archive.read(member)
    return read_demand_series(files)


# --- the same figures for the store (dfe.readers.sen2 emits them beside its own series) -------------------
# ehcp_group "<group>" (January census), ehcp_age_group "<age>|<group>" (January census, non-zero cells
# only), ehcp_new_group "<group>" and ehcp_new_age "<DfE age band>" (calendar year), ehcp_ceased_age "<DfE
# age band>" and ehcp_ceased_reason "<DfE age band>|<reason>" (non-zero cells only). Ceased plans by reason
# on the total rows are dfe.readers.sen2's own ehcp_ceased series, breakdown "<reason>".


def caseload_extra(row: dict, topic: str) -> list[tuple[str, str, float]]:
    total = _number(row.get("ehcplans"))
    if total is None:
        return []
    if topic == "all ehc plans":
        return [("ehcp_group", g, v) for g, v in zip(GROUPS, _groups(row, total), strict=True)]
    if topic == "child or young persons age":
        ages = _ages(row.get("breakdown", ""))
        if ages is None:
            return []
        return [
            ("ehcp_age_group", f"{ages[0]}|{g}", v)
            for g, v in zip(GROUPS, _groups(row, total), strict=True)
            if v
        ]
    return []


def newplans_extra(row: dict, topic: str) -> list[tuple[str, str, float]]:
    total = _number(row.get("new_ehc_plans"))
    if total is None:
        return []
    if topic == "new ehc plans":
        return [("ehcp_new_group", g, v) for g, v in zip(GROUPS, _groups(row, total), strict=True)]
    if topic == "age when plan started" and _ages(row.get("breakdown", "")) is not None:
        return [("ehcp_new_age", row["breakdown"].strip(), total)]
    return []


def ceased_extra(row: dict, topic: str) -> list[tuple[str, str, float]]:
    total = _number(row.get("total_ceased"))
    if total is not None and topic == PLACEMENT_TOPIC:
        return _ceased_setting(row, total)
    if total is None or topic != "age plan ceased" or _ages(row.get("breakdown", "")) is None:
        return []
    band = row["breakdown"].strip()
    by_reason = [
        ("ehcp_ceased_reason", f"{band}|{reason}", value)
        for reason in REASONS
        if (value := _number(row.get(reason)))
    ]
    return [("ehcp_ceased_age", band, total), *by_reason]


def _ceased_setting(row: dict, total: float) -> list[tuple[str, str, float]]:
    """ehcp_ceased_setting "<caseload.csv column>" for a known placement label (the label itself can be longer
    than the store's breakdown); a label this version does not know is kept under its own words (cut to the
    store's 60 characters), which the demand model counts in other and names in its notes."""
    label = row.get("breakdown", "").strip()
    if is_placement_total(label):
        return []
    return [("ehcp_ceased_setting", placement_column(label) or label[:60], total)]


def ages_of(breakdown: str) -> list[int] | None:
    return _ages(breakdown)
