"""Reading the DfE SEN2 caseload-by-establishment file (``sen2_estab_caseload.csv``, from the "Education,
health and care plans" release) for one council: per census year, the EHC plan caseload and the number and
share in mainstream schools, special schools and other settings.

- The council's rows are found by its LA codes (``new_la_code`` = the GSS code E06000017, ``old_la_code`` =
  857) at ``geographic_level`` "Local authority"; other LAs, regions and England are ignored.
- The caseload is the grand-total row (establishment group and type both "Total"), never a sum of type rows.
  Mainstream and special are their groups' total rows; other is the caseload less the two (and its share
  100 less theirs). "EHCP or statement" is read from its "Total" rows where a year has them, else "EHCP".
- DfE symbols: ``c`` (suppressed), ``x`` and ``:`` (not available), ``low`` (below half the unit) are "not
  available", never 0; ``z`` is "not applicable". Percentages are on the 0 to 100 scale, kept
  to one decimal place as the release's tables show them.
- A file whose columns differ from the release's is refused, naming the column; so is a file without rows
  for the council, and any cell that is neither a number nor a DfE symbol (naming its line and column).

Pure over the file's bytes: pandas reads it in chunks, so a national file (hundreds of thousands of rows)
is read in flat memory.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from core.errors import Refused
from dfe.models import Figure as StoredFigure
from dfe.readers.common import DfeFileError, Value
from dfe.readers.common import Figure as DfeFigure
from dfe.readers.sen2 import describe, layout_of, read_release_zip, read_sen2_file
from indicators.models import Availability, Sen2Measure

REQUIRED_COLUMNS = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "region_code",
    "new_la_code",
    "old_la_code",
    "la_name",
    "establishment_group",
    "establishment_type",
    "ehcp_or_statement",
    "num_caseload",
    "pc_caseload",
]
OPTIONAL_COLUMNS = ["country_name", "region_name"]  # in the release; not needed here
LA_LEVEL = "local authority"
TOTAL = "total"
NOT_AVAILABLE_SYMBOLS = {"c": "suppressed", "x": "not available", ":": "not available", "low": "below half"}
NOT_APPLICABLE_SYMBOLS = {"z"}
SYMBOL_NOTES = {
    "c": "Suppressed by the DfE (c)",
    "x": "Not available from the DfE (x)",
    ":": "Not available from the DfE (:)",
    "low": "Below half the unit (DfE “low”)",
    "z": "Not applicable (DfE z)",
}
CHUNK_ROWS = 20_000
# The columns the figures come from (the others are checked to be there, then left unread).
READ_COLUMNS = [
    "time_period",
    "geographic_level",
    "new_la_code",
    "old_la_code",
    "la_name",
    "establishment_group",
    "establishment_type",
    "ehcp_or_statement",
    "num_caseload",
    "pc_caseload",
]
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class Sen2Refused(Refused):
    """The file cannot be read for this council; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class Figure:
    availability: str
    value: Decimal | None = None
    note: str = ""

    @property
    def is_figure(self) -> bool:
        return self.availability == Availability.VALUE


NOT_AVAILABLE = Figure(Availability.NOT_AVAILABLE)


@dataclass
class Sen2Year:
    year: str
    figures: dict[str, Figure] = field(default_factory=dict)  # Sen2Measure value -> figure


@dataclass
class Sen2Extract:
    la_name: str
    rows_read: int
    years: list[Sen2Year]
    other_rows_ignored: int

    def to_json(self) -> dict:
        return {
            "la_name": self.la_name,
            "rows_read": self.rows_read,
            "other_rows_ignored": self.other_rows_ignored,
            "years": [
                {
                    "year": y.year,
                    "figures": {
                        k: [f.availability, None if f.value is None else str(f.value), f.note]
                        for k, f in y.figures.items()
                    },
                }
                for y in self.years
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> Sen2Extract:
        return cls(
            la_name=data["la_name"],
            rows_read=data["rows_read"],
            other_rows_ignored=data["other_rows_ignored"],
            years=[
                Sen2Year(
                    year=y["year"],
                    figures={
                        k: Figure(a, None if v is None else Decimal(v), n)
                        for k, (a, v, n) in y["figures"].items()
                    },
                )
                for y in data["years"]
            ],
        )


def as_utf8(data: bytes) -> bytes:
    """The file as UTF-8. The DfE's files are UTF-8 (often with a BOM); a file saved again by Excel is
    Windows-1252 ("CSV") or UTF-16 with a BOM ("Unicode text"), so those are read too, and anything else is
    refused saying which encodings are read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise Sen2Refused(
                "The file is not a CSV file that can be read: it starts as UTF-16 text but is not UTF-16"
            ) from None
    if b"\x00" in data[:4096]:
        raise Sen2Refused("The file is not a CSV file (comma-separated text) that can be read")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252").encode("utf-8")
        except UnicodeDecodeError:
            raise Sen2Refused(
                "The file is not a CSV file that can be read: its text is in none of the encodings read "
                "here (UTF-8, UTF-16 or Windows-1252). Save it from Excel as “CSV UTF-8”."
            ) from None
    return data


def _columns(data: bytes) -> list[str]:
    try:
        header = pd.read_csv(io.BytesIO(data), nrows=0, dtype=str, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        raise Sen2Refused("The file is not a CSV file (comma-separated text) that can be read") from None
    return [str(c).strip() for c in header.columns]


def check_columns(columns: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unexpected = [c for c in columns if c not in REQUIRED_COLUMNS and c not in OPTIONAL_COLUMNS]
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    problems = []
    if missing:
        problems.append("it has no column " + ", ".join(f"“{c}”" for c in missing))
    if unexpected:
        problems.append(
            "it has a column " + ", ".join(f"“{c}”" for c in unexpected) + " that the SEN2 file does not have"
        )
    if duplicated:
        problems.append("the column " + ", ".join(f"“{c}”" for c in duplicated) + " appears twice")
    if problems:
        raise Sen2Refused(
            "This is not the SEN2 caseload by establishment type file (sen2_estab_caseload.csv): "
            + "; ".join(problems)
            + "."
        )


def census_year(text: str) -> str | None:
    """ "2024" -> "2024"; an academic-year period "202324" -> its January census, "2024"."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    if re.fullmatch(r"\d{6}", text) and int(text[4:]) == (int(text[:4]) + 1) % 100:
        return str(int(text[:4]) + 1)
    return None


def read_figure(text: str, *, line: int, column: str, share: bool) -> Figure:
    cell = str(text).strip()
    symbol = cell.lower()
    if symbol in NOT_APPLICABLE_SYMBOLS:
        return Figure(Availability.NOT_APPLICABLE, note=SYMBOL_NOTES[symbol])
    if symbol in NOT_AVAILABLE_SYMBOLS:
        return Figure(Availability.NOT_AVAILABLE, note=SYMBOL_NOTES[symbol])
    if not _NUMBER.fullmatch(cell.replace(",", "")):
        shown = cell if cell else "an empty cell"
        raise Sen2Refused(
            f"Line {line}, {column}: “{shown}” is neither a number nor a DfE symbol (c, x, z, :, low)"
            if cell
            else f"Line {line}, {column}: {shown}, not a number or a DfE symbol (c, x, z, :, low)"
        )
    value = Decimal(cell.replace(",", ""))
    if value < 0 or (share and value > 100):
        raise Sen2Refused(
            f"Line {line}, {column}: {cell} is out of range"
            + (" (a percentage is between 0 and 100)" if share else " (a count is not negative)")
        )
    if share:  # the release gives many decimal places; its own tables show one
        value = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Figure(Availability.VALUE, value)


def _council_rows(data: bytes, *, la_code: str, gss_code: str) -> tuple[pd.DataFrame, int]:
    kept, others = [], 0
    reader = pd.read_csv(
        io.BytesIO(data),
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
        chunksize=CHUNK_ROWS,
        skipinitialspace=True,
        usecols=lambda name: str(name).strip() in READ_COLUMNS,
    )
    start_line = 2
    try:
        for chunk in reader:
            chunk.columns = [str(c).strip() for c in chunk.columns]
            chunk = chunk.assign(_line=range(start_line, start_line + len(chunk)))
            start_line += len(chunk)
            level = chunk["geographic_level"].str.strip().str.lower()
            codes = chunk["old_la_code"].str.strip() == la_code
            if gss_code:
                codes |= chunk["new_la_code"].str.strip() == gss_code
            mine = chunk[(level == LA_LEVEL) & codes]
            others += len(chunk) - len(mine)
            kept.append(mine)
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise Sen2Refused(f"The file could not be read as CSV near line {start_line}: {error}") from None
    frame = pd.concat(kept) if kept else pd.DataFrame(columns=[*READ_COLUMNS, "_line"])
    return frame, others


def _one(rows: pd.DataFrame, what: str, year: str) -> pd.Series | None:
    if rows.empty:
        return None
    if len(rows) > 1:
        lines = ", ".join(str(n) for n in rows["_line"].tolist()[:5])
        raise Sen2Refused(f"{year}: the file has {len(rows)} {what} rows for the council (lines {lines})")
    return rows.iloc[0]


def _group_total(rows: pd.DataFrame, prefix: str, year: str) -> pd.Series | None:
    groups = rows["establishment_group"].str.strip().str.lower()
    types = rows["establishment_type"].str.strip().str.lower()
    return _one(rows[groups.str.startswith(prefix) & (types == TOTAL)], f"“{prefix}” group total", year)


def read_sen2(data: bytes, *, la_code: str, gss_code: str, council_name: str) -> Sen2Extract:
    """The council's figures per census year, or Sen2Refused. The 2023–2024 long layout is read here; the
    release zip, the 2025-on caseload.csv and the 2022-and-earlier wide layout through the DfE readers."""
    if data[:4] == b"PK\x03\x04":
        return _read_other_layouts(data, la_code=la_code, gss_code=gss_code, council_name=council_name)
    data = as_utf8(data)
    if _is_other_dfe_layout(_columns(data)):
        return _read_other_layouts(data, la_code=la_code, gss_code=gss_code, council_name=council_name)
    columns = _columns(data)
    if not {"establishment_type", "establishment_group", "num_caseload"} & set(columns):
        # Not even close to the long layout: say what it looks like, not which columns differ.
        raise Sen2Refused(
            f"This looks like {describe(columns)}; this upload reads the release zip as downloaded, its "
            "caseload.csv (2025 on) or sen2_estab_caseload.csv (2024 and earlier)."
        )
    check_columns(columns)
    rows, others = _council_rows(data, la_code=la_code, gss_code=gss_code)
    codes = f"LA code {la_code}" + (f", {gss_code}" if gss_code else "")
    if rows.empty:
        raise Sen2Refused(f"The file has no rows for {council_name} ({codes}) at local authority level")
    years: dict[str, pd.DataFrame] = {}
    for period, group in rows.groupby(rows["time_period"].str.strip(), sort=False):
        year = census_year(period)
        if year is None:
            line = group["_line"].iloc[0]
            raise Sen2Refused(f"Line {line}, time_period: “{period}” is not a census year like 2024")
        years[year] = pd.concat([years[year], group]) if year in years else group
    extracted = []
    for year in sorted(years):
        extracted.append(_year(year, years[year]))
    return Sen2Extract(
        la_name=str(rows["la_name"].iloc[0]).strip(),
        rows_read=len(rows),
        years=extracted,
        other_rows_ignored=others,
    )


def _year(year: str, rows: pd.DataFrame) -> Sen2Year:
    plans = rows["ehcp_or_statement"].str.strip().str.lower()
    rows = rows[plans == TOTAL] if (plans == TOTAL).any() else rows[plans == "ehcp"]
    groups = rows["establishment_group"].str.strip().str.lower()
    types = rows["establishment_type"].str.strip().str.lower()
    total_row = _one(rows[(groups == TOTAL) & (types == TOTAL)], "grand-total", year)
    if total_row is None:
        raise Sen2Refused(
            f"{year}: the file has no grand-total row for the council (establishment group and type “Total”)"
        )

    def figure(row: pd.Series | None, column: str) -> Figure:
        if row is None:
            return NOT_AVAILABLE
        return read_figure(row[column], line=int(row["_line"]), column=column, share=column == "pc_caseload")

    total = figure(total_row, "num_caseload")
    mainstream_row, special_row = _group_total(rows, "mainstream", year), _group_total(rows, "special", year)
    figures = {
        Sen2Measure.TOTAL: total,
        Sen2Measure.MAINSTREAM: figure(mainstream_row, "num_caseload"),
        Sen2Measure.MAINSTREAM_SHARE: figure(mainstream_row, "pc_caseload"),
        Sen2Measure.SPECIAL: figure(special_row, "num_caseload"),
        Sen2Measure.SPECIAL_SHARE: figure(special_row, "pc_caseload"),
    }
    figures[Sen2Measure.OTHER] = _rest(total, figures[Sen2Measure.MAINSTREAM], figures[Sen2Measure.SPECIAL])
    figures[Sen2Measure.OTHER_SHARE] = _rest(
        Figure(Availability.VALUE, Decimal(100)),
        figures[Sen2Measure.MAINSTREAM_SHARE],
        figures[Sen2Measure.SPECIAL_SHARE],
    )
    return Sen2Year(year=year, figures={str(k): v for k, v in figures.items()})


def _rest(whole: Figure, *parts: Figure) -> Figure:
    """The whole less its parts, when all are figures; otherwise what stops it (never a made-up 0)."""
    if whole.availability == Availability.NOT_APPLICABLE:
        return Figure(Availability.NOT_APPLICABLE, note=whole.note)
    if not whole.is_figure or not all(p.is_figure for p in parts):
        return Figure(Availability.NOT_AVAILABLE, note="Not available: a figure it is worked out from is not")
    rest = whole.value - sum((p.value for p in parts), Decimal(0))
    if rest < 0:
        return Figure(
            Availability.NOT_AVAILABLE, note="Not available: the parts add up to more than the total"
        )
    return Figure(Availability.VALUE, rest, note="Worked out: the total less mainstream and special")


# --- the release zip, caseload.csv (2025 on) and the wide layout (2022 and earlier), read by dfe.readers ----

_DFE_SERIES = {
    "ehcp_total": Sen2Measure.TOTAL,
    "ehcp_mainstream": Sen2Measure.MAINSTREAM,
    "ehcp_mainstream_pc": Sen2Measure.MAINSTREAM_SHARE,
    "ehcp_special": Sen2Measure.SPECIAL,
    "ehcp_special_pc": Sen2Measure.SPECIAL_SHARE,
}


def _is_other_dfe_layout(columns: list[str]) -> bool:
    found = layout_of(columns)
    return found is not None and found[0].startswith(("caseload (2025", "caseload by establishment (2022"))


def _dfe_figure(value) -> Figure:
    if value.is_number:
        return Figure(Availability.VALUE, value.number)
    note = SYMBOL_NOTES.get(value.symbol, f"Not available from the DfE ({value.symbol})")
    if value.not_applicable:
        return Figure(Availability.NOT_APPLICABLE, note=note)
    return Figure(Availability.NOT_AVAILABLE, note=note)


def _share(part: Figure, whole: Figure) -> Figure:
    if not (part.is_figure and whole.is_figure) or not whole.value:
        return Figure(Availability.NOT_AVAILABLE, note="Not available: a figure it is worked out from is not")
    share = (part.value / whole.value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Figure(Availability.VALUE, share, note="Worked out: the count as a share of the total")


def _read_other_layouts(data: bytes, *, la_code: str, gss_code: str, council_name: str) -> Sen2Extract:
    try:
        if data[:4] == b"PK\x03\x04":
            figures = list(read_release_zip(data, file="the zip").figures)
        else:
            figures = read_sen2_file(data, file="The file").figures
    except DfeFileError as error:
        raise Sen2Refused(str(error)) from None
    mine = [
        f
        for f in figures
        if (f.la_code == la_code or (gss_code and f.gss_code == gss_code))
        and f.la_code != "E"
        and not f.breakdown
        and f.series in _DFE_SERIES
        and f.period.endswith("-01")
    ]
    if not mine:
        codes = f"LA code {la_code}" + (f", {gss_code}" if gss_code else "")
        raise Sen2Refused(f"The file has no rows for {council_name} ({codes}) at local authority level")
    return _extract(mine)


def extract_from_store(*, la_code: str, council_name: str) -> Sen2Extract:
    """The council's caseload figures as the DfE store holds them (imported once by staff, for every
    council), in the shape of an upload, so the same preview and confirmation load them (1 query)."""
    rows = StoredFigure.objects.filter(
        area__la_code=la_code, breakdown="", series__in=list(_DFE_SERIES), period__endswith="-01"
    ).values_list("area__name", "series", "period", "value", "symbol", "line")
    mine = [
        DfeFigure(la_code, "", name, series, period, Value(_whole(value), symbol), "", line)
        for name, series, period, value, symbol, line in rows
    ]
    if not mine:
        raise Sen2Refused(
            f"No DfE EHC plan figures have been imported for {council_name} yet; upload the release instead"
        )
    return _extract(mine)


def _whole(value: Decimal | None) -> Decimal | None:
    return value.quantize(Decimal(1)) if value is not None and value == value.to_integral_value() else value


def _extract(mine) -> Sen2Extract:
    years: dict[str, dict[str, Figure]] = {}
    for f in mine:
        years.setdefault(f.period[:4], {})[str(_DFE_SERIES[f.series])] = _dfe_figure(f.value)
    extracted = []
    for year in sorted(years):
        got = years[year]
        total = got.get(str(Sen2Measure.TOTAL), NOT_AVAILABLE)
        figures_of_year = {str(m): got.get(str(m), NOT_AVAILABLE) for m in _DFE_SERIES.values()}
        for count, share in (
            (Sen2Measure.MAINSTREAM, Sen2Measure.MAINSTREAM_SHARE),
            (Sen2Measure.SPECIAL, Sen2Measure.SPECIAL_SHARE),
        ):
            if str(share) not in got:  # the wide layout gives counts only
                figures_of_year[str(share)] = _share(figures_of_year[str(count)], total)
            elif figures_of_year[str(share)].is_figure:
                value = figures_of_year[str(share)].value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                figures_of_year[str(share)] = Figure(Availability.VALUE, value)
        figures_of_year[str(Sen2Measure.OTHER)] = _rest(
            total, figures_of_year[str(Sen2Measure.MAINSTREAM)], figures_of_year[str(Sen2Measure.SPECIAL)]
        )
        figures_of_year[str(Sen2Measure.OTHER_SHARE)] = _rest(
            Figure(Availability.VALUE, Decimal(100)),
            figures_of_year[str(Sen2Measure.MAINSTREAM_SHARE)],
            figures_of_year[str(Sen2Measure.SPECIAL_SHARE)],
        )
        extracted.append(Sen2Year(year=year, figures=figures_of_year))
    return Sen2Extract(
        la_name=mine[0].la_name,
        rows_read=len({f.line for f in mine}),
        years=extracted,
        other_rows_ignored=0,
    )
