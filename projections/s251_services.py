"""The one write of the s251 mapping: a new version. Atomic, recorded (who, when, and the version kept), and
it bumps the council's data version so the actuals page and every cached page that shows the split refresh."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core.errors import Refused
from projections.models import S251Mapping
from projections.s251_mapping import DEFAULT_MAPPING, mapping_errors
from recovery.data_version import council_lock, data_changed
from recovery.models import Council


class S251MappingError(Refused):
    """A mapping the rules refuse; ``errors`` names each group's problem."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@transaction.atomic
def s251_mapping_save(
    *, council: Council, user: AbstractBaseUser | None, assignments: dict[str, str], note: str = ""
) -> S251Mapping | None:
    """Save `assignments` as the council's next mapping version. Returns None, and writes nothing, when they
    are the mapping already in use."""
    errors = mapping_errors(assignments)
    if errors:
        raise S251MappingError(errors)
    council_lock(council=council)
    latest = S251Mapping.objects.filter(council=council).first()
    in_use = {**DEFAULT_MAPPING, **latest.assignments} if latest else DEFAULT_MAPPING
    if dict(assignments) == in_use:
        return None
    version = S251Mapping.objects.create(
        council=council,
        version=(latest.version + 1) if latest else 1,
        assignments=dict(assignments),
        note=note.strip()[:500],
        created_by=user,
    )
    data_changed(council=council)
    return version
