"""A zip that lies about its parts' sizes, or a workbook with broken XML, is refused with the message, never
a 500, and the guard never holds more than a bounded slice of any part in memory."""

import io
import struct
import tracemalloc
import zipfile

import pytest

from spreadsheets.importer import ImportRefused, import_file
from tests.factories import CouncilFactory, UserFactory
from tests.spreadsheets.workbooks import tracker, zip_with
from workstreams.models import Milestone, Workstream

DECLARED = 1_000
REAL = 200 * 1024 * 1024  # 200 MB of XML-ish zeros: compresses to about 200 KB


def lying_zip(part: str = "xl/styles.xml", real: int = REAL) -> bytes:
    """A real workbook whose ``part`` really expands to ``real`` bytes, while the archive declares 1,000."""
    data = bytearray(zip_with({part: b"<a>" + b"0" * real + b"</a>"}))
    central = _central_header(data, part)
    struct.pack_into("<I", data, central + 24, DECLARED)  # uncompressed size in the central directory
    local = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<I", data, local + 22, DECLARED)  # and in the local header
    return bytes(data)


def _central_header(data: bytearray, part: str) -> int:
    """Where ``part``'s entry in the archive's central directory starts."""
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == part.encode():
            return at
        at += 4


@pytest.fixture
def council(db):
    return CouncilFactory(slug="rutland", name="Rutland")


def refused(council, data, name="plan.xlsx") -> str:
    with pytest.raises(ImportRefused) as error:
        import_file(council=council, user=UserFactory(), name=name, data=data, apply=True)
    assert not Workstream.objects.exists() and not Milestone.objects.exists()
    return str(error.value)


def test_the_lying_zip_really_does_declare_a_small_part():
    archive = zipfile.ZipFile(io.BytesIO(lying_zip()))
    assert archive.getinfo("xl/styles.xml").file_size == DECLARED
    assert len(lying_zip()) < 1024 * 1024


def test_it_refuses_a_part_that_expands_past_its_declared_size(council):
    message = refused(council, lying_zip())
    assert "xl/styles.xml" in message and "damaged" in message


def test_it_reads_a_lying_part_in_bounded_chunks(council):
    data = lying_zip()
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused):
            import_file(council=council, user=UserFactory(), name="plan.xlsx", data=data, apply=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024  # today: the whole 200 MB part at once


def test_it_refuses_a_lying_worksheet(council):
    assert "damaged" in refused(council, lying_zip("xl/worksheets/sheet1.xml", real=5 * 1024 * 1024))


def test_it_refuses_a_part_with_a_bad_checksum(council):
    data = bytearray(tracker())
    struct.pack_into("<I", data, _central_header(data, "xl/worksheets/sheet1.xml") + 16, 0)  # its CRC-32
    assert "damaged" in refused(council, bytes(data))


def test_it_refuses_a_worksheet_whose_xml_breaks_after_the_header(council):
    sheet = zipfile.ZipFile(io.BytesIO(tracker())).read("xl/worksheets/sheet1.xml")
    broken = sheet.replace(b"</sheetData>", b"<row r=<</sheetData>")
    message = refused(council, zip_with({"xl/worksheets/sheet1.xml": broken}))
    assert "could not be read" in message
