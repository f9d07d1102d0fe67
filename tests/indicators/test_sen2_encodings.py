"""A SEN2 file saved again by Excel is read whatever its encoding (Windows-1252 "CSV", UTF-16 "Unicode
text"), and a file in no encoding read here is refused saying so, never "not a CSV file"."""

import pytest

from indicators.sen2 import Sen2Refused, read_sen2
from tests.indicators.sen2_files import good_rows, to_csv


def with_accents() -> str:
    """The good file with a Windows-1252-only character in another council's name (Excel keeps it)."""
    text = to_csv(good_rows()).decode("utf-8")
    return text.replace("Leicester", "Leicester – Café")


def read(data: bytes):
    return read_sen2(data, la_code="857", gss_code="E06000017", council_name="Rutland")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig", "utf-8"])
def test_it_reads_a_file_saved_in_the_encodings_excel_writes(encoding):
    extract = read(with_accents().encode(encoding))  # today: "not a CSV file" for cp1252 and utf-16
    assert extract.la_name == "Rutland" and [y.year for y in extract.years] == ["2023", "2024"]
    assert extract.other_rows_ignored == 15


def test_a_broken_utf16_file_is_refused_naming_the_encoding():
    with pytest.raises(Sen2Refused, match="starts as UTF-16 text but is not UTF-16"):
        read("\ufeffabc".encode("utf-16-le") + b"\x00")
