"""Checks on an uploaded workbook before anything parses it: type by name and content, size, the zip
archive's declared sizes and compression ratio (a zip bomb is refused before it is expanded), then every
part read in bounded chunks up to its declared size and checked against its CRC (a part that expands past
what the archive declares is refused without ever being held whole), macros, XML entity declarations
(billion laughs), then a read-only, defusedxml-backed open.

Every refusal is an ``ImportRefused`` whose message a council admin can act on; nothing is written.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePath

from defusedxml import DefusedXmlException
from openpyxl import load_workbook

from core.errors import Refused

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a real tracker is well under 1 MB
MAX_EXPANDED_BYTES = 60 * 1024 * 1024  # all parts together, as the archive declares them
MAX_RATIO = 120  # expanded / compressed, per part: XML compresses well, bombs far better
MAX_PARTS = 500
MAX_ROWS = 2000
MAX_COLUMNS = 60
CHUNK_BYTES = 64 * 1024  # the most of any part held at once while checking it
# What reading a damaged part raises (an unknown compression method, an encrypted part, a bad CRC…), and
# what parsing damaged XML raises (ElementTree's and lxml's parse errors are SyntaxErrors).
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)
BROKEN_XML = (*UNREADABLE, SyntaxError, DefusedXmlException)


class ImportRefused(Refused):
    """The file cannot be imported; ``str(error)`` says why and what to do."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_name(name: str) -> None:
    suffix = PurePath(name or "").suffix.lower()
    if suffix == ".xlsx":
        return
    if suffix == ".xls":
        raise ImportRefused(
            f"{name} is an old-style Excel file (.xls). Open it in Excel, save it as an Excel Workbook "
            "(.xlsx) and upload that."
        )
    if suffix in (".xlsm", ".xltm", ".xlsb"):
        raise ImportRefused(
            f"{name} is a macro-enabled workbook ({suffix}); macros are never imported. Save it as an Excel "
            "Workbook (.xlsx) and upload that."
        )
    raise ImportRefused(
        f"{name or 'The file'} is not an Excel workbook: upload the tracker as an .xlsx file."
    )


def check_archive(name: str, data: bytes) -> None:
    """The archive itself: size, zip structure, declared sizes and ratios, macros, entity declarations."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            f"{name} is {_megabytes(len(data))}; the most that can be imported is "
            f"{_megabytes(MAX_UPLOAD_BYTES)}."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(
            f"{name} is not a readable .xlsx workbook (it may be damaged, or another kind of file renamed): "
            "open it in Excel and save it again as an Excel Workbook."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportRefused(f"{name} is damaged and cannot be read ({error}).") from None
    if len(parts) > MAX_PARTS:
        raise ImportRefused(
            f"{name} has {len(parts)} parts inside; a tracker has far fewer. It was not read."
        )
    expanded = sum(part.file_size for part in parts)
    if expanded > MAX_EXPANDED_BYTES:
        raise ImportRefused(
            f"{name} would expand to {_megabytes(expanded)}, more than the {_megabytes(MAX_EXPANDED_BYTES)} "
            "allowed, so it was not opened (it may be a zip bomb)."
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise ImportRefused(
                f"{name}: the part {part.filename} would expand {ratio:.0f} times, more than a workbook ever "
                "does, so the file was not opened (it may be a zip bomb)."
            )
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportRefused(
            f"{name} is a zip archive but not an Excel workbook: upload the tracker as .xlsx."
        )
    if "xl/vbaProject.bin" in names:
        raise _macros(name)
    for part in parts:
        xml = part.filename.endswith((".xml", ".rels"))
        tail = b""
        for chunk in _chunks(name, archive, part):
            window = tail + chunk  # a marker may straddle two chunks
            if part.filename == "[Content_Types].xml" and b"macroEnabled" in window:
                raise _macros(name)
            if xml and (b"<!DOCTYPE" in window or b"<!ENTITY" in window):
                raise ImportRefused(
                    f"{name}: the part {part.filename} declares XML entities, which a workbook never needs "
                    "(it may be a 'billion laughs' attack), so it was not read."
                )
            tail = chunk[-16:]


def _macros(name: str) -> ImportRefused:
    return ImportRefused(
        f"{name} contains macros (a macro-enabled workbook renamed .xlsx); macros are never imported. "
        "Save it as an Excel Workbook (.xlsx) and upload that."
    )


def _damaged(name: str, part: str, why: str) -> ImportRefused:
    return ImportRefused(
        f"{name} is damaged and cannot be read: the part {part} {why}. Open it in Excel and save it again "
        "as an Excel Workbook."
    )


def _chunks(name: str, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes, CHUNK_BYTES at a time, never more than it declares; the CRC is checked at its end
    (zipfile stops a part at its declared size, so one that expands further fails the CRC check)."""
    read = 0
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                read += len(chunk)
                if read > part.file_size:
                    raise _damaged(name, part.filename, "holds more than the archive declares")
                yield chunk
    except UNREADABLE as error:
        raise _damaged(name, part.filename, f"cannot be read ({error})") from None
    if read != part.file_size:
        raise _damaged(name, part.filename, "holds less than the archive declares")


def open_workbook(name: str, data: bytes):
    """Check, then open read-only (openpyxl parses with defusedxml when it is installed, as here)."""
    check_name(name)
    check_archive(name, data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for damaged parts; none may become a 500
        raise ImportRefused(
            f"{name} could not be read as a workbook ({type(error).__name__}: {error})."
        ) from None
