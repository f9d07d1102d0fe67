"""Writes to the DfE store: one transaction per import; unchanged figures untouched; changes said in words.

A newer release (by `Release.as_of`) replaces the figures it covers — the DfE revises earlier years — and
each revision is reported ("Rutland, January 2024: 376 → 379 (revised)"). A figure already taken from a
newer release is kept. Importing the same file again changes nothing. Rows for an LA code the store does not
know are listed, skipped and reported; councils come from the LA list, which is imported first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from dfe.models import Family, Figure, LocalAuthority, Neighbour, Release
from dfe.readers.common import ENGLAND, DfeFileError, period_label
from dfe.readers.detect import Parsed, read_any
from dfe.series import label
from recovery.data_version import every_council_changed
from recovery.models import Council, Region

Progress = Callable[[int, int, str], None]
MAX_LINES = 200
REGIONS = {
    "north east": Region.NORTH_EAST,
    "north west": Region.NORTH_WEST,
    "yorkshire and the humber": Region.YORKSHIRE,
    "east midlands": Region.EAST_MIDLANDS,
    "west midlands": Region.WEST_MIDLANDS,
    "east of england": Region.EAST,
    "london": Region.LONDON,
    "inner london": Region.LONDON,
    "outer london": Region.LONDON,
    "south east": Region.SOUTH_EAST,
    "south west": Region.SOUTH_WEST,
}


@dataclass
class ImportReport:
    file_name: str
    family: str
    citation: str
    dry_run: bool
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    kept_newer: int = 0
    councils_created: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    unknown_codes: list[str] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    release_id: int | None = None

    @property
    def summary(self) -> str:
        if not (self.added or self.changed or self.councils_created):
            what = "Nothing changed: everything in the file is already in the store."
        else:
            noun = {"la_codes": "local authorities", "neighbours": "neighbours"}.get(self.family, "figures")
            what = f"{self.added:,} {noun} added, {self.changed:,} revised, {self.unchanged:,} unchanged."
            if self.councils_created:
                what += f" {len(self.councils_created)} councils created."
        if self.kept_newer:
            what += f" {self.kept_newer:,} kept from a newer release."
        return ("Checked, nothing saved (dry run). " if self.dry_run else "") + what

    def text(self) -> str:
        parts = [f"{self.citation} ({self.file_name})", self.summary]
        if self.files_read:
            parts.append("Read: " + ", ".join(self.files_read))
        if self.skipped_files:
            parts.append("Skipped (not read by this version): " + ", ".join(self.skipped_files))
        if self.unknown_codes:
            parts.append(
                "Skipped, LA codes not in the list of local authorities: " + ", ".join(self.unknown_codes)
            )
        if self.councils_created:
            parts.append("Councils created: " + ", ".join(self.councils_created))
        parts += self.changes[:MAX_LINES]
        if len(self.changes) > MAX_LINES:
            parts.append(f"… and {len(self.changes) - MAX_LINES:,} more changes")
        return "\n".join(parts)


def _shown(value: Decimal | None, symbol: str) -> str:
    if value is None:
        return symbol
    return f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,}"


def release_import(
    *,
    data: bytes,
    file_name: str,
    user: AbstractBaseUser | None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read the file (any family, told by its content) and store what it gives, or raise DfeFileError."""
    now = timezone.now()
    parsed = read_any(data, file_name=file_name, today=timezone.localdate())
    digest = hashlib.sha256(data).hexdigest()
    report = ImportReport(
        file_name=file_name,
        family=parsed.family,
        citation=_citation(parsed),
        dry_run=dry_run,
        files_read=parsed.files_read,
        skipped_files=parsed.skipped,
    )
    release = Release(
        family=parsed.family,
        title=parsed.title,
        published=parsed.published,
        as_of=parsed.as_of,
        file_name=file_name[:255],
        sha256=digest,
        imported_at=now,
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    # Figures are compared before the write transaction opens, so a job's progress is visible as it goes;
    # the writes (release, new and revised figures) are one transaction.
    plan = None
    if parsed.family not in (Family.LA_CODES, Family.NEIGHBOURS):
        plan = _plan_figures(parsed, report=report, release=release, progress=progress)
    try:
        _write(parsed, report=report, release=release, plan=plan, user=user, dry_run=dry_run)
    except IntegrityError:
        raise ImportConflict(
            f"{file_name}: another import changed the same figures at the same moment; nothing was saved. "
            "Import the file again."
        ) from None
    if parsed.family == Family.LA_CODES and not dry_run and not Neighbour.objects.exists():
        # Benchmarking's default group: a store that has the councils but no neighbours gets the list that
        # ships with the app, so a fresh store compares councils as soon as their figures are imported.
        shipped = shipped_neighbours_import(user=user)
        report.changes.insert(0, f"Also loaded: {shipped.citation}. {shipped.summary}")
    return report


SHIPPED_NEIGHBOURS = Path(__file__).resolve().parent / "data" / "statistical_neighbours_may_2025.xlsx"


def shipped_neighbours_import(*, user: AbstractBaseUser | None) -> ImportReport:
    """The DfE's statistical-neighbour list (May 2025, the Local Authority Interactive Tool's file, byte for
    byte) that ships with the app, imported like any DfE file (recorded as a release). Needs the LA list."""
    return release_import(data=SHIPPED_NEIGHBOURS.read_bytes(), file_name="sn_may_2025.xlsx", user=user)


class ImportConflict(DfeFileError):
    """Two imports wrote the same figures at once; the later one saved nothing."""


def _write(parsed: Parsed, *, report: ImportReport, release: Release, plan, user, dry_run: bool) -> None:
    with transaction.atomic():
        if parsed.family == Family.LA_CODES:
            _authorities(parsed, report=report, release=release, user=user)
        elif parsed.family == Family.NEIGHBOURS:
            _neighbours(parsed, report=report, release=release)
        elif not dry_run and plan is not None:
            new, changed = plan
            if new or changed:
                _ensure(release)
                Figure.objects.bulk_create(new, batch_size=2000)
                Figure.objects.bulk_update(
                    changed, ["value", "symbol", "release", "file", "line"], batch_size=1000
                )
                _national_data_changed()
        if release.pk:
            release.figures_added, release.figures_changed = report.added, report.changed
            release.report = report.text()
            release.save(update_fields=["figures_added", "figures_changed", "report"])
            report.release_id = release.pk
        if dry_run:
            transaction.set_rollback(True)
            report.release_id = None


def _national_data_changed() -> None:
    """Every council's cached pages are keyed by its data version; benchmarking compares each council with
    others (its neighbours, its region, England), so a change to any council's figures, to the neighbours or
    to the LA list bumps every council's version. National imports are rare; 153 rows, one UPDATE, and the
    national overview's summary rows are rebuilt at the new versions when the import commits."""
    every_council_changed()


def _citation(parsed: Parsed) -> str:
    if parsed.family == Family.POPULATION:
        return parsed.title
    return f"DfE, {parsed.title}, {parsed.published}"


def _ensure(release: Release) -> Release:
    if release.pk is None:
        release.save()
    return release


def _plan_figures(
    parsed: Parsed, *, report: ImportReport, release: Release, progress: Progress | None
) -> tuple[list[Figure], list[Figure]]:
    """The figures to add and those to revise (reads only); the report counts them and words each change."""
    areas = {a.la_code: a for a in LocalAuthority.objects.all()}
    by_gss = {a.gss_code: a for a in areas.values() if a.gss_code}
    incoming: dict[tuple, tuple] = {}
    unknown: set[str] = set()
    for figure in parsed.figures:
        if figure.la_code == ENGLAND and ENGLAND not in areas:
            continue  # England's figures are stored once its area exists (made by the LA list's import)
        area = areas.get(figure.la_code) if figure.la_code else by_gss.get(figure.gss_code)
        if area is None:
            unknown.add(f"{figure.la_code or figure.gss_code} ({figure.la_name})")
            continue
        incoming[(area.pk, figure.series, figure.breakdown, figure.period)] = (area, figure)
    report.unknown_codes = sorted(unknown)
    series = {key[1] for key in incoming}
    existing = {
        (f.area_id, f.series, f.breakdown, f.period): f
        for f in Figure.objects.filter(series__in=series).select_related("release")
    }
    by_area: dict[int, list] = {}
    for key, pair in incoming.items():
        by_area.setdefault(key[0], []).append((key, pair))
    order = sorted(by_area, key=lambda pk: next(iter(by_area[pk]))[1][0].name)
    new, changed = [], []
    for number, area_pk in enumerate(order, start=1):
        for key, (area, figure) in by_area[area_pk]:
            value, symbol = figure.value.number, "" if figure.value.is_number else figure.value.symbol
            old = existing.get(key)
            if old is None:
                new.append(
                    Figure(
                        area=area,
                        series=figure.series,
                        breakdown=figure.breakdown,
                        period=figure.period,
                        value=value,
                        symbol=symbol,
                        release=release,
                        file=figure.file[:255],
                        line=figure.line,
                    )
                )
                continue
            if old.value == value and old.symbol == symbol:
                report.unchanged += 1
                continue
            if old.release.as_of > release.as_of:
                report.kept_newer += 1
                continue
            what = (
                "" if figure.series == "ehcp_total" and not figure.breakdown else f", {label(figure.series)}"
            )
            if figure.breakdown:
                what += f" ({figure.breakdown})"
            report.changes.append(
                f"{area.name}, {period_label(figure.period)}{what}: "
                f"{_shown(old.value, old.symbol)} → {_shown(value, symbol)} (revised)"
            )
            old.value, old.symbol, old.release, old.file, old.line = (
                value,
                symbol,
                release,
                figure.file[:255],
                figure.line,
            )
            changed.append(old)
        if progress and (number % 10 == 0 or number == len(order)):
            progress(number, len(order), f"council {number} of {len(order)}")
    report.added, report.changed = len(new), len(changed)
    return new, changed


def _authorities(parsed: Parsed, *, report: ImportReport, release: Release, user) -> None:
    # England (the readers' "E") is an area too, so its figures are kept beside the councils' for
    # benchmarking; not current, so no council is made for it.
    LocalAuthority.objects.get_or_create(
        la_code=ENGLAND, defaults={"name": "England", "gss_code": "E92000001", "current": False}
    )
    existing = {a.la_code: a for a in LocalAuthority.objects.all()}
    councils = {c.la_code: c for c in Council.objects.all()}
    slugs = {c.slug for c in councils.values()}
    names = {c.name: c.la_code for c in councils.values()}
    for row in parsed.authorities:
        fields = {
            "gss_code": row.gss_code,
            "name": row.name,
            "region": row.region,
            "current": row.current,
            "ended": row.ended,
            "successors": ",".join(row.successors),
        }
        old = existing.get(row.la_code)
        if old is None:
            LocalAuthority.objects.create(la_code=row.la_code, **fields)
            report.added += 1
        elif any(getattr(old, k) != v for k, v in fields.items()):
            was = f"{old.name}, {'current' if old.current else 'ended ' + old.ended}"
            for k, v in fields.items():
                setattr(old, k, v)
            old.save()
            report.changed += 1
            now = "current" if row.current else f"ended {row.ended}"
            report.changes.append(f"{row.name} ({row.la_code}): was {was}; now {now}")
        else:
            report.unchanged += 1
        if row.current and row.la_code not in councils:
            slug = slugify(row.name)[:60]
            if slug in slugs:
                slug = f"{slug[:55]}-{row.la_code}"
            if row.name in names:
                report.changes.append(
                    f"{row.name} ({row.la_code}): no council created, the council “{row.name}” "
                    f"already exists with LA code {names[row.name]}"
                )
                continue
            region = REGIONS.get(row.region.strip().lower())
            if region is None:
                report.changes.append(
                    f"{row.name} ({row.la_code}): no council created, region “{row.region}” unknown"
                )
                continue
            council = Council(
                name=row.name, slug=slug, la_code=row.la_code, gss_code=row.gss_code, region=region
            )
            council._history_user = user
            council.save()
            slugs.add(slug)
            report.councils_created.append(row.name)
    if report.added or report.changed or report.councils_created:
        _ensure(release)
        _national_data_changed()


def _neighbours(parsed: Parsed, *, report: ImportReport, release: Release) -> None:
    areas = {a.la_code: a for a in LocalAuthority.objects.all()}
    existing = {(n.area_id, n.rank): n for n in Neighbour.objects.all()}
    unknown, writes = set(), []
    for row in parsed.neighbours:
        area = areas.get(row.la_code)
        missing = [c for c, _ in row.neighbours if c not in areas]
        if area is None or missing:
            unknown.update(f"{c}" for c in ([row.la_code] if area is None else missing))
            continue
        for rank, (code, closeness) in enumerate(row.neighbours, start=1):
            old = existing.get((area.pk, rank))
            if old and old.neighbour_id == areas[code].pk and old.closeness == closeness:
                report.unchanged += 1
                continue
            writes.append((old, area, rank, areas[code], closeness, row.line))
    report.unknown_codes = sorted(unknown)
    if not writes:
        return
    _ensure(release)
    for old, area, rank, neighbour, closeness, line in writes:
        if old is None:
            Neighbour.objects.create(
                area=area, rank=rank, neighbour=neighbour, closeness=closeness, release=release, line=line
            )
            report.added += 1
        else:
            report.changes.append(f"{area.name}, neighbour {rank}: {old.neighbour.name} → {neighbour.name}")
            old.neighbour, old.closeness, old.release, old.line = neighbour, closeness, release, line
            old.save()
            report.changed += 1
    _national_data_changed()
