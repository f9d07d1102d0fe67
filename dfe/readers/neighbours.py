"""The DfE's children's services statistical neighbours (``sn_may_2025.xlsx``, sheet "LA SN Groups").

The header is on row 3 (``LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP … SN10, SNP``): ten neighbours
per council, in order, each with its closeness ("Very close", "Close", "Somewhat close" …).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dfe.readers.common import DfeFileError, LayoutNotRecognised

RELEASE = "Children's services statistical neighbours"
SHEET = "LA SN Groups"


@dataclass(frozen=True)
class Neighbours:
    la_code: str
    la_name: str
    region: str
    neighbours: tuple[tuple[str, str], ...]  # (LA code, closeness), nearest first
    file: str
    line: int


def read_neighbours(data: bytes, *, file: str) -> Iterator[Neighbours]:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds on damaged files
        raise DfeFileError(f"{file}: this is not an Excel workbook, or it is damaged") from None
    frame = sheets.get(SHEET)
    if frame is None:
        raise LayoutNotRecognised(
            f"{file}: this looks like a workbook without the sheet “{SHEET}”; this version reads the DfE's "
            "statistical neighbours file (sn_may_2025.xlsx)"
        )
    header_row = next(
        (r for r in range(min(10, len(frame))) if str(frame.iat[r, 0]).strip().lower() == "la num"), None
    )
    if header_row is None:
        raise LayoutNotRecognised(f"{file}, sheet {SHEET}: no heading “LA num” in the first rows")
    header = [str(h).strip() for h in frame.iloc[header_row]]
    try:
        code_col, name_col = header.index("LA num"), header.index("LA Name")
        firsts = [header.index(f"SN{n}") for n in range(1, 11)]
    except ValueError as missing:
        column = str(missing).split("'")[1] if "'" in str(missing) else str(missing)
        raise LayoutNotRecognised(
            f"{file}, sheet {SHEET}: no column headed “{column}” on the heading row"
        ) from None
    region_col = header.index("GOReg") if "GOReg" in header else None
    for index in range(header_row + 1, len(frame)):
        line = index + 1
        code = str(frame.iat[index, code_col]).strip()
        if code in {"", "nan"}:
            continue
        if not re.fullmatch(r"\d{3}", code):
            raise DfeFileError(
                f"{file}, sheet {SHEET}, row {line}, column LA num: “{code}” is not an LA code"
            )
        pairs = []
        for n, column in enumerate(firsts, start=1):
            neighbour = str(frame.iat[index, column]).strip()
            if not re.fullmatch(r"\d{3}", neighbour):
                raise DfeFileError(
                    f"{file}, sheet {SHEET}, row {line}, column SN{n}: “{neighbour}” is not an LA code"
                )
            closeness = str(frame.iat[index, column + 1]).strip()
            pairs.append((neighbour, "" if closeness == "nan" else closeness))
        region = "" if region_col is None else str(frame.iat[index, region_col]).strip()
        yield Neighbours(code, str(frame.iat[index, name_col]).strip(), region, tuple(pairs), file, line)
