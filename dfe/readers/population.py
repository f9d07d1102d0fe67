"""ONS sub-national population projections (SNPP) or mid-year estimates in the SNPP CSV layout:
``AREA_CODE, AREA_NAME, COMPONENT, SEX, AGE_GROUP, 2022 … 2047`` — one row per area, sex and single year of
age, one column per year. Read: persons, summed over ages 2 to 18 and 0 to 25, per year, per GSS code; and
persons at each single age 0 to 25 (``population_age``, breakdown the age: the demand model's joiners per
head of each age).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from dfe.readers.common import DfeFileError, Figure, LayoutNotRecognised, Value, csv_rows, decode, require

RELEASE = "ONS subnational population projections"
BANDS = {"population_2_18": range(2, 19), "population_0_25": range(0, 26)}
BY_AGE = "population_age"
AGES = range(0, 26)


def read_population(data: bytes, *, file: str) -> Iterator[Figure]:
    header, rows = csv_rows(decode(data, file=file), file=file)
    require(header, ["AREA_CODE", "AREA_NAME", "SEX", "AGE_GROUP"], file=file, what="an ONS population file")
    years = [h for h in header if re.fullmatch(r"(19|20)\d\d", h)]
    if not years:
        raise LayoutNotRecognised(
            f"{file}: this looks like an ONS population file, but it has no year columns"
        )
    sums: dict[tuple, Decimal] = {}
    first: dict[tuple, tuple[str, int]] = {}
    for line, row in rows:
        if row["SEX"].strip().lower() not in {"persons", "all persons"}:
            continue
        component = (row.get("COMPONENT") or "Population").strip().lower()
        if component != "population":
            continue
        age_text = row["AGE_GROUP"].strip()
        if not re.fullmatch(r"\d+", age_text):
            continue  # "90 and over", "All ages"
        age = int(age_text)
        gss = row["AREA_CODE"].strip()
        bands = [(band, ages, "") for band, ages in BANDS.items()]
        for band, ages, breakdown in [*bands, (BY_AGE, AGES, str(age))]:
            if age not in ages:
                continue
            for year in years:
                cell = row[year].strip().replace(",", "")
                try:
                    number = Decimal(cell)
                except ArithmeticError:
                    raise DfeFileError(
                        f"{file}, line {line}, column {year}: “{cell}” is not a number"
                    ) from None
                key = (gss, band, breakdown, year)
                sums[key] = sums.get(key, Decimal(0)) + number
                first.setdefault(key, (row["AREA_NAME"].strip(), line))
    for (gss, band, breakdown, year), total in sums.items():
        name, line = first[(gss, band, breakdown, year)]
        # Population files carry GSS codes only; the store finds the council by its GSS code. Single ages keep
        # two of the ONS's decimals (a projection is not whole people); the bands are rounded as before.
        value = total.quantize(Decimal("0.01") if breakdown else Decimal(1))
        yield Figure("", gss, name, band, year, Value(value), file, line, breakdown=breakdown)
