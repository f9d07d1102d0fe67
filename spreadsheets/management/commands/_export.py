"""Shared by the export commands: find the council and its plan, write the workbook, say where."""

from pathlib import Path

from django.core.management.base import CommandError

from recovery.models import Council
from recovery.selectors import plan_for_council


def council_and_plan(slug: str):
    council = Council.objects.filter(slug=slug).first()
    if council is None:
        known = ", ".join(Council.objects.order_by("slug").values_list("slug", flat=True)[:10])
        raise CommandError(f"No council {slug!r}. Councils include: {known}")
    plan = plan_for_council(council=council)
    if plan is None:
        raise CommandError(f"{council.name} has no active recovery plan to export")
    return council, plan


def write(path: str, data: bytes) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise CommandError(f"--out must name an .xlsx file, got {path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
