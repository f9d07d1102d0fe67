"""The DfE's "Education, health and care plans" release (SEN2), every layout since 2010, told apart by header.

- 2025 on: ``caseload.csv`` (a row per breakdown_topic/breakdown, a column per setting), ``newplans.csv``
  (calendar years), ``ceased_plans.csv`` (by reason), ``sen_needs_all_plans.csv`` (primary need). The 2026
  release split ``special_academy_free`` into ``special_academy`` + ``special_free_school`` and renamed
  ``AP_PRU_total_pc`` to ``ap_pru_total_pc``: both read.
- 2023 and 2024: ``sen2_estab_caseload.csv``, long (establishment_group, establishment_type, num_caseload).
- 2022 and earlier: ``sen2_estab_caseload.csv``, wide (Total_st, Total_ehc, Total_all and their _pc).

Only the columns read are required; new columns are ignored. A time_period of 202425 is the January 2025
census; new and ceased plans are calendar years. Figures for England and each local authority are returned;
regions are left out.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from dfe.readers.common import (
    DfeFileError,
    Figure,
    LayoutNotRecognised,
    Value,
    area,
    calendar_period,
    census_period,
    csv_rows,
    decode,
    require,
    value,
)
from dfe.readers.sen2_demand import REASONS, caseload_extra, ceased_extra, newplans_extra

RELEASE = "Education, health and care plans"
GEOGRAPHY = ["time_period", "geographic_level", "old_la_code", "new_la_code", "la_name"]

# caseload.csv, the "All EHC plans" topic: column -> series. Optional unless listed in CASELOAD_REQUIRED.
CASELOAD_COLUMNS = {
    "ehcplans": "ehcp_total",
    "mainstream_total": "ehcp_mainstream",
    "mainstream_total_pc": "ehcp_mainstream_pc",
    "special_total": "ehcp_special",
    "special_total_pc": "ehcp_special_pc",
    "special_la_maintained": "ehcp_special_la_maintained",
    "special_independent": "ehcp_special_independent",
    "special_non_maintained": "ehcp_special_non_maintained",
    "ap_pru_total": "ehcp_ap",
    "fe_total": "ehcp_fe",
    "fe_total_pc": "ehcp_fe_pc",
    "placement_unknown": "ehcp_placement_unknown",  # "x" to January 2022: not collected then
}
# Renamed by the DfE: any of these spellings gives the series.
CASELOAD_RENAMED = {"ap_pru_total_pc": "ehcp_ap_pc", "AP_PRU_total_pc": "ehcp_ap_pc"}
CASELOAD_REQUIRED = [
    *GEOGRAPHY,
    "breakdown_topic",
    "breakdown",
    "ehcplans",
    "mainstream_total",
    "special_total",
]
CEASED_REASONS = list(REASONS)  # ceased_plans.csv's ten reason columns, as the demand reader reads them
NEEDS = ["asd", "hi", "mld", "msi", "oth", "pd", "pmld", "semh", "slcn", "sld", "spld", "vi", "need_unknown"]


@dataclass
class FileRead:
    file: str
    layout: str
    figures: list[Figure] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().replace("’", "'").split())


def _is_all_plans(topic: str) -> bool:
    return _norm(topic) in {"all ehc plans", "total", "all"}


def _is_age_topic(topic: str) -> bool:
    t = _norm(topic)
    return "age" in t and "started" not in t and "years" not in t


def _rows(data: bytes, file: str):
    return csv_rows(decode(data, file=file), file=file)


def _emit(row, series, column, *, file, line, period, where, breakdown="") -> Figure:
    code, gss, name = where
    return Figure(
        code,
        gss,
        name,
        series,
        period,
        value(row.get(column), file=file, line=line, column=column),
        file,
        line,
        breakdown,
    )


def read_caseload(data: bytes, *, file: str = "caseload.csv") -> Iterator[Figure]:
    header, rows = _rows(data, file)
    require(header, CASELOAD_REQUIRED, file=file, what="the DfE's caseload.csv (2025 on)")
    columns = {c: s for c, s in {**CASELOAD_COLUMNS, **CASELOAD_RENAMED}.items() if c in header}
    academy_free = ["special_academy_free"] if "special_academy_free" in header else []
    academy_split = [c for c in ("special_academy", "special_free_school") if c in header]
    for line, row in rows:
        where = area(row, file=file, line=line)
        if where is None:
            continue
        period = census_period(row["time_period"], file=file, line=line)
        topic = row.get("breakdown_topic", "")
        yield from _demand(caseload_extra(row, _norm(topic)), where, period, file, line)
        if _is_all_plans(topic):
            for column, series in columns.items():
                yield _emit(row, series, column, file=file, line=line, period=period, where=where)
            # Special academies and free schools: one column to 2025, two from 2026; one series.
            parts = [value(row.get(c), file=file, line=line, column=c) for c in academy_free or academy_split]
            if parts:
                yield Figure(*where, "ehcp_special_academy", period, _sum(parts), file, line)
        elif _is_age_topic(topic):
            yield _emit(
                row,
                "ehcp_total",
                "ehcplans",
                file=file,
                line=line,
                period=period,
                where=where,
                breakdown=row.get("breakdown", "").strip(),
            )


def _demand(extra, where, period, file, line) -> Iterator[Figure]:
    """The demand model's series (dfe.readers.sen2_demand): groups, age × group, new and ceased by age."""
    for series, breakdown, number in extra:
        yield Figure(*where, series, period, Value(Decimal(str(int(number)))), file, line, breakdown)


def _sum(parts: list[Value]) -> Value:
    if all(p.is_number for p in parts):
        return Value(sum(p.number for p in parts))
    symbols = [p.symbol for p in parts if not p.is_number]
    return Value(None, symbols[0])


def read_newplans(data: bytes, *, file: str = "newplans.csv") -> Iterator[Figure]:
    header, rows = _rows(data, file)
    require(
        header, [*GEOGRAPHY, "breakdown_topic", "new_ehc_plans"], file=file, what="the DfE's newplans.csv"
    )
    for line, row in rows:
        where = area(row, file=file, line=line)
        if where is None:
            continue
        period = calendar_period(row["time_period"], file=file, line=line)
        yield from _demand(newplans_extra(row, _norm(row["breakdown_topic"])), where, period, file, line)
        if _norm(row["breakdown_topic"]) != "new ehc plans":
            continue
        yield _emit(row, "ehcp_new", "new_ehc_plans", file=file, line=line, period=period, where=where)


def read_ceased(data: bytes, *, file: str = "ceased_plans.csv") -> Iterator[Figure]:
    header, rows = _rows(data, file)
    require(
        header, [*GEOGRAPHY, "breakdown_topic", "total_ceased"], file=file, what="the DfE's ceased_plans.csv"
    )
    reasons = [r for r in CEASED_REASONS if r in header]
    for line, row in rows:
        where = area(row, file=file, line=line)
        if where is None:
            continue
        period = calendar_period(row["time_period"], file=file, line=line)
        yield from _demand(ceased_extra(row, _norm(row["breakdown_topic"])), where, period, file, line)
        if "all" not in _norm(row["breakdown_topic"]):
            continue
        yield _emit(row, "ehcp_ceased", "total_ceased", file=file, line=line, period=period, where=where)
        for reason in reasons:
            yield _emit(
                row, "ehcp_ceased", reason, file=file, line=line, period=period, where=where, breakdown=reason
            )


def read_needs(data: bytes, *, file: str = "sen_needs_all_plans.csv") -> Iterator[Figure]:
    header, rows = _rows(data, file)
    require(
        header,
        [*GEOGRAPHY, "breakdown_topic", "ehc_plans", "number_asd"],
        file=file,
        what="the DfE's sen_needs_all_plans.csv",
    )
    needs = [n for n in NEEDS if f"number_{n}" in header]
    for line, row in rows:
        where = area(row, file=file, line=line)
        if where is None or not _is_all_plans(row["breakdown_topic"]):
            continue
        # The same header carries primary need of all plans (academic years: the January census) and of
        # new plans (sen_need_newplans.csv, calendar years): the time_identifier tells them apart.
        if "calendar" in _norm(row.get("time_identifier", "")):
            series, period = "ehcp_new_need", calendar_period(row["time_period"], file=file, line=line)
        else:
            series, period = "ehcp_need", census_period(row["time_period"], file=file, line=line)
        for need in needs:
            yield _emit(
                row,
                series,
                f"number_{need}",
                file=file,
                line=line,
                period=period,
                where=where,
                breakdown=need,
            )


def read_estab_long(data: bytes, *, file: str = "sen2_estab_caseload.csv") -> Iterator[Figure]:
    """2023–2024: a row per establishment group and type; totals are the "Total" rows, never sums."""
    header, rows = _rows(data, file)
    require(
        header,
        [*GEOGRAPHY, "establishment_group", "establishment_type", "ehcp_or_statement", "num_caseload"],
        file=file,
        what="the DfE's sen2_estab_caseload.csv (2023–2024, long)",
    )
    yield from _estab(rows, file=file, number="num_caseload", plans_column="ehcp_or_statement")


def read_estab_wide(data: bytes, *, file: str = "sen2_estab_caseload.csv") -> Iterator[Figure]:
    """2022 and earlier: Total_all (EHC plans and statements) per establishment group and type."""
    header, rows = _rows(data, file)
    require(
        header,
        [*GEOGRAPHY, "establishment_group", "establishment_type", "Total_all"],
        file=file,
        what="the DfE's sen2_estab_caseload.csv (2022 and earlier, wide)",
    )
    yield from _estab(rows, file=file, number="Total_all", plans_column=None)


def read_estab_wide_new(data: bytes, *, file: str = "sen2_estab_new_plans.csv") -> Iterator[Figure]:
    """2022 and earlier: new EHC plans in each calendar year (Total_new_all on the Total/Total rows)."""
    header, rows = _rows(data, file)
    require(
        header,
        [*GEOGRAPHY, "establishment_group", "establishment_type", "Total_new_all"],
        file=file,
        what="the DfE's sen2_estab_new_plans.csv (2022 and earlier, wide)",
    )
    for line, row in rows:
        where = area(row, file=file, line=line)
        if where is None:
            continue
        if _norm(row["establishment_group"]) != "total" or _norm(row["establishment_type"]) != "total":
            continue
        period = calendar_period(row["time_period"], file=file, line=line)
        yield _emit(row, "ehcp_new", "Total_new_all", file=file, line=line, period=period, where=where)


_GROUP_SERIES = {
    "total": "ehcp_total",
    "mainstream school": "ehcp_mainstream",
    "special school": "ehcp_special",
}


def _estab(rows, *, file, number, plans_column) -> Iterator[Figure]:
    for line, row in rows:
        where = area(row, file=file, line=line)
        if where is None:
            continue
        if plans_column and _norm(row[plans_column]) not in {"total", "ehcp or statement"}:
            continue
        # The 2022 file names its columns the other way round; one of the two is "Total" on a group row.
        group, etype = _norm(row["establishment_group"]), _norm(row["establishment_type"])
        if etype == "total":
            key = group
        elif group == "total":
            key = etype
        else:
            continue
        series = _GROUP_SERIES.get(key)
        if series is None:
            continue
        period = census_period(row["time_period"], file=file, line=line)
        yield _emit(row, series, number, file=file, line=line, period=period, where=where)


# Recognised by header: (columns that identify it, layout name, reader).
LAYOUTS: list[tuple[set[str], str, Callable[..., Iterator[Figure]]]] = [
    ({"breakdown_topic", "ehcplans"}, "caseload (2025 on)", read_caseload),
    ({"breakdown_topic", "new_ehc_plans"}, "new plans (2025 on)", read_newplans),
    ({"breakdown_topic", "total_ceased"}, "ceased plans (2025 on)", read_ceased),
    (
        {"breakdown_topic", "ehc_plans", "number_asd"},
        "primary need of all or new plans (2025 on)",
        read_needs,
    ),
    ({"establishment_type", "num_caseload"}, "caseload by establishment (2023–2024)", read_estab_long),
    ({"establishment_type", "Total_all"}, "caseload by establishment (2022 and earlier)", read_estab_wide),
    (
        {"establishment_type", "Total_new_all"},
        "new plans by establishment (2022 and earlier)",
        read_estab_wide_new,
    ),
]
READS = (
    "caseload.csv, newplans.csv, ceased_plans.csv and sen_needs_all_plans.csv (2025 on), and "
    "sen2_estab_caseload.csv (2023–2024 long, 2022 and earlier wide) and sen2_estab_new_plans.csv (2022 and "
    "earlier)"
)


def layout_of(header: list[str]) -> tuple[str, Callable[..., Iterator[Figure]]] | None:
    names = set(header)
    for needed, name, reader in LAYOUTS:
        if needed <= names:
            return name, reader
    return None


def describe(header: list[str]) -> str:
    """What an unrecognised file looks like, in words."""
    names = {h.lower() for h in header}
    if "breakdown_topic" in names:
        return "another table of the DfE's EHC plans release (2025 on)"
    if "establishment_type" in names or "establishment_group" in names:
        return "a SEN2 caseload by establishment file in a layout this version does not know"
    if {"category_of_expenditure", "category_of_planned_expenditure"} & names:
        return "an s251 outturn or budget file"
    if "time_period" in names:
        return "a DfE statistics file of another kind"
    return "not a DfE statistics file"


def read_sen2_file(data: bytes, *, file: str) -> FileRead:
    header, _ = _rows(data, file)
    found = layout_of(header)
    if found is None:
        raise LayoutNotRecognised(f"{file}: this looks like {describe(header)}; this version reads {READS}.")
    name, reader = found
    return FileRead(file, name, list(reader(data, file=file)))


MAX_UNZIPPED = 200 * 1024 * 1024  # the 2025 release is 46 MB unzipped


@dataclass
class ReleaseRead:
    files: list[FileRead]
    skipped: list[str]

    @property
    def figures(self) -> Iterator[Figure]:
        for f in self.files:
            yield from f.figures


def read_release_zip(data: bytes, *, file: str = "release.zip") -> ReleaseRead:
    """Every file of a release zip that this version knows; the others are listed as skipped."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile:
        raise DfeFileError(f"{file}: this is not a zip file, or it is damaged or cut short") from None
    if sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise DfeFileError(
            f"{file}: it unzips to more than {MAX_UNZIPPED // 2**20} MB; this is not a DfE release"
        )
    read, skipped = [], []
    for member in members:
        name = member.filename
        if not name.lower().endswith(".csv"):
            skipped.append(name)
            continue
        with archive.open(member) as handle:
            first_line = handle.readline(65536)  # the header only (a fixed-size cut could split a character)
        try:
            header, _ = csv_rows(decode(first_line, file=name), file=name)
        except DfeFileError:
            skipped.append(name)
            continue
        if layout_of(header) is None:
            skipped.append(name)
            continue
        try:
            read.append(read_sen2_file(archive.read(member), file=name))
        except zipfile.BadZipFile:
            raise DfeFileError(f"{file}: {name} is damaged in the zip") from None
    if not read:
        raise LayoutNotRecognised(f"{file}: this zip has none of the files this version reads ({READS}).")
    return ReleaseRead(read, sorted(skipped))
