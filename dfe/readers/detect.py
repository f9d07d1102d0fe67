"""Which DfE file this is, told by its content (never its name), read by the right reader.

Pure: bytes in, a Parsed (figures or rows, with the release's title and date as pages cite it) out.
"""

from __future__ import annotations

import calendar
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

from dfe.readers import counties, dsg, la_codes, neighbours, population, s251, sen2
from dfe.readers.common import DfeFileError, Figure, LayoutNotRecognised, csv_rows, decode

READS = (
    "the EHC plans release (zip, or caseload.csv, newplans.csv, ceased_plans.csv, sen_needs_all_plans.csv, "
    "sen2_estab_caseload.csv), DSG allocations (.ods or .xlsx), s251 outturn or budget (CSV), statistical "
    "neighbours (sn_may_2025.xlsx), the LA list (la_codes.csv) and ONS population (SNPP CSV)"
)
_MONTHS = [m.lower() for m in calendar.month_name[1:]]


@dataclass
class Parsed:
    family: str  # dfe.models.Family values
    title: str
    published: str
    as_of: date
    figures: list[Figure] = field(default_factory=list)
    neighbours: list[neighbours.Neighbours] = field(default_factory=list)
    authorities: list[la_codes.LocalAuthorityRow] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _date_in_name(name: str) -> date | None:
    found = re.search(r"(20\d\d)[_-](\d\d)[_-](\d\d)", name)
    if found:
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            return None
    found = re.search(r"(" + "|".join(_MONTHS) + r")[_ -]?(20\d\d)", name.lower())
    if found:
        return date(int(found.group(2)), _MONTHS.index(found.group(1)) + 1, 1)
    return None


def _sen2(figures: list[Figure], file_name: str, read: list[str], skipped: list[str]) -> Parsed:
    census = [int(f.period[:4]) for f in figures if f.period.endswith("-01")]
    calendar = [int(f.period) + 1 for f in figures if len(f.period) == 4]
    year = max(census + calendar, default=None)
    if year is None:
        raise DfeFileError(f"{file_name}: the file has no figures for England or any local authority")
    # The release comes out each June with the January census of that year.
    return Parsed(
        "sen2", sen2.RELEASE, f"June {year}", date(year, 6, 1), figures, files_read=read, skipped=skipped
    )


def read_any(data: bytes, *, file_name: str, today: date) -> Parsed:
    if not data:
        raise DfeFileError(f"{file_name}: the file is empty")
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise DfeFileError(f"{file_name}: the file is damaged or cut short") from None
        if "content.xml" in names or "xl/workbook.xml" in names:
            return _spreadsheet(data, file_name=file_name, names=names, today=today)
        release = sen2.read_release_zip(data, file=file_name)
        figures = list(release.figures)
        return _sen2(figures, file_name, [f.file for f in release.files], release.skipped)
    # The header line only: cutting a large file at a fixed size could split a character in two.
    first_line = data.split(b"\n", 1)[0]
    header, _ = csv_rows(decode(first_line, file=file_name, fallback="cp1252"), file=file_name)
    names = set(header)
    if set(la_codes.COLUMNS) <= names:
        rows = la_codes.read_la_codes(data, file=file_name)
        year = max(r.last_census for r in rows)
        return Parsed(
            "la_codes",
            "Local authorities and their codes",
            f"January {year}",
            date(year, 1, 1),
            authorities=rows,
            files_read=[file_name],
        )
    if {"AREA_CODE", "AGE_GROUP"} <= names:
        figures = list(counties.with_counties(population.read_population(data, file=file_name)))
        return Parsed(
            "population", population.RELEASE, f"{today.year}", today, figures, files_read=[file_name]
        )
    if names & set(s251.KINDS):
        figures = list(s251.read_s251(data, file=file_name))
        if not figures:
            raise DfeFileError(f"{file_name}: the file has no high-needs lines for any local authority")
        latest = max(f.period for f in figures)
        kind = "outturn" if "category_of_expenditure" in names else "budget"
        year = int(latest[:4])
        as_of = date(year + 1, 12, 1) if kind == "outturn" else date(year, 6, 1)
        return Parsed("s251", s251.RELEASE, f"{latest} {kind}", as_of, figures, files_read=[file_name])
    if sen2.layout_of(header) is not None:
        read = sen2.read_sen2_file(data, file=file_name)
        return _sen2(read.figures, file_name, [file_name], [])
    raise LayoutNotRecognised(
        f"{file_name}: this looks like {sen2.describe(header)}; this version reads {READS}."
    )


def _spreadsheet(data: bytes, *, file_name: str, names: list[str], today: date) -> Parsed:
    archive = zipfile.ZipFile(io.BytesIO(data))
    listing = archive.read("content.xml" if "content.xml" in names else "xl/workbook.xml")
    when = _date_in_name(file_name)
    if b"LA SN Groups" in listing:
        rows = list(neighbours.read_neighbours(data, file=file_name))
        when = when or today
        return Parsed(
            "neighbours",
            neighbours.RELEASE,
            when.strftime("%B %Y"),
            when,
            neighbours=rows,
            files_read=[file_name],
        )
    if b"Allocations_summary" in listing or b"High_needs_block" in listing:
        figures = list(dsg.read_dsg_allocations(data, file=file_name))
        when = when or today
        return Parsed("dsg", dsg.RELEASE, when.strftime("%B %Y"), when, figures, files_read=[file_name])
    raise LayoutNotRecognised(
        f"{file_name}: this looks like a spreadsheet of another kind; this version reads {READS}."
    )
