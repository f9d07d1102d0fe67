"""Importing a tracker a council already keeps: guards (file safety), parse (layout), apply (changes)."""

from collections.abc import Mapping

from django.utils import timezone

from spreadsheets.importer.apply import ImportResult, tracker_import
from spreadsheets.importer.guards import BROKEN_XML, ImportRefused, open_workbook
from spreadsheets.importer.parse import ParsedTracker, parse_tracker


def import_file(
    *, council, user, name: str, data: bytes, apply: bool, seen: Mapping[int, int] | None = None
) -> ImportResult:
    """Check, parse and preview or apply one uploaded file. Raises ImportRefused for an unsafe or unreadable
    file; every problem inside a readable one is in the result, and then nothing is written."""
    workbook = open_workbook(name, data)
    try:
        parsed = parse_tracker(workbook)
    except BROKEN_XML as error:  # read-only sheets are parsed as they are read: broken XML shows up here
        raise ImportRefused(
            f"{name} could not be read as a workbook ({type(error).__name__}: {error})."
        ) from None
    finally:
        workbook.close()
    source = f"{name} ({timezone.localdate():%-d %B %Y})"
    return tracker_import(council=council, user=user, parsed=parsed, source=source, apply=apply, seen=seen)


__all__ = ["ImportRefused", "ImportResult", "ParsedTracker", "import_file"]
