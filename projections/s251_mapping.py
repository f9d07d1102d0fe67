"""How the DfE's s251 high-needs outturn maps to the forecast's six provision types: the groups, the default
mapping, and the arithmetic (pure: no database here; s251_selectors reads, s251_services writes).

The DfE's file gives each high-needs line's net spend and its phase columns (early years, primary, secondary,
special, AP/PRU, post-16). The benchmarking groups (dfe.readers.s251.GROUPS) do not line up with the
forecast's provision types: top-ups are paid to mainstream schools, special schools and colleges alike. So a
group either maps to one provision type, or is split by its phase columns, or is left out (SEN transport is
paid from the council's general fund, not the High Needs Block).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from projections.engine import PROVISION_TYPES

BY_PHASE = "by_phase"
LEFT_OUT = "left_out"

# The s251 groups in the DfE's line order, with the lines each adds up (dfe.readers.s251.GROUPS).
GROUPS: dict[str, tuple[str, str]] = {
    "place_funding": ("Place funding", "1.0.2"),
    "top_ups": ("Top-up funding", "1.2.1, 1.2.2, 1.2.4, 1.2.11"),
    "independent": ("Independent and non-maintained providers", "1.2.3"),
    "sen_services": ("SEN support and inclusion services", "1.2.5, 1.2.8, 1.2.9"),
    "alternative_provision": ("Alternative provision services", "1.2.7"),
    "hospital": ("Hospital education", "1.2.6"),
    "therapies": ("Therapies and health-related services", "1.2.13"),
    "sen_transport": ("SEN transport", "1.4.11"),
}

# Where each phase column's spend goes when a group is split by phase.
PHASE_TYPES: dict[str, str] = {
    "early_years_establishments": "mainstream_top_ups",
    "primary_schools": "mainstream_top_ups",
    "secondary_schools": "mainstream_top_ups",
    "sen_and_special_schools": "special_schools",
    "pupil_referral_units_and_alt_provision": "alternative_provision",
    "post_16": "post16",
}
PHASE_LABELS: dict[str, str] = {
    "early_years_establishments": "Early years",
    "primary_schools": "Primary",
    "secondary_schools": "Secondary",
    "sen_and_special_schools": "Special schools",
    "pupil_referral_units_and_alt_provision": "AP and pupil referral units",
    "post_16": "Post-16",
}

DEFAULT_MAPPING: dict[str, str] = {
    "place_funding": BY_PHASE,
    "top_ups": BY_PHASE,
    "independent": "inmss",
    "sen_services": "support_services",
    "alternative_provision": "alternative_provision",
    "hospital": "alternative_provision",
    "therapies": "support_services",
    "sen_transport": LEFT_OUT,
}
# A group split by phase in a year whose file has no phase columns goes here whole (and the page says so).
WHOLE_GROUP_FALLBACK = {"place_funding": "special_schools", "top_ups": "mainstream_top_ups"}

CHOICES: list[tuple[str, str]] = [
    *PROVISION_TYPES.items(),
    (BY_PHASE, "Split by the phase columns"),
    (LEFT_OUT, "Leave out of the High Needs figures"),
]
_ALLOWED = {key for key, _ in CHOICES}


def assignment_label(value: str) -> str:
    return dict(CHOICES).get(value, value)


def mapping_errors(assignments: dict[str, str]) -> dict[str, str]:
    """Per group, why an assignment is refused (empty when the mapping is sound)."""
    errors = {group: "Choose where this group goes." for group in GROUPS if group not in assignments}
    for group, value in assignments.items():
        if group not in GROUPS:
            errors[group] = f"“{group}” is not an s251 high-needs group."
        elif value not in _ALLOWED:
            errors[group] = f"“{value}” is not a provision type."
    return errors


@dataclass
class YearSplit:
    """One financial year of s251 outturn spread over the provision types."""

    label: str  # "2023-24"
    by_type: dict[str, Decimal] = field(default_factory=dict)
    left_out: Decimal = Decimal(0)
    total: Decimal = Decimal(0)  # the groups' net spend added up, left-out groups included
    missing: list[str] = field(default_factory=list)  # groups the DfE gave as a symbol (not available)
    notes: list[str] = field(default_factory=list)

    @property
    def mapped_total(self) -> Decimal:
        return sum(self.by_type.values(), Decimal(0))


def split_year(
    label: str,
    groups: dict[str, Decimal | None],
    phases: dict[str, dict[str, Decimal]],
    assignments: dict[str, str],
) -> YearSplit:
    """`groups`: each group's net spend (None when the DfE gave a symbol); `phases`: each group's phase
    columns. A group split by phase is shared out in proportion to its phase columns (gross), so its net total
    is kept to the penny: the last phase takes the rounding."""
    split = YearSplit(label, {key: Decimal(0) for key in PROVISION_TYPES})
    for group in GROUPS:
        if group not in groups:
            continue
        amount = groups[group]
        if amount is None:
            split.missing.append(GROUPS[group][0])
            continue
        split.total += amount
        target = assignments.get(group, DEFAULT_MAPPING[group])
        if target == LEFT_OUT:
            split.left_out += amount
        elif target != BY_PHASE:
            split.by_type[target] += amount
        else:
            _share_by_phase(split, group, amount, phases.get(group, {}))
    return split


def _share_by_phase(split: YearSplit, group: str, amount: Decimal, parts: dict[str, Decimal]) -> None:
    gross = sum(parts.values(), Decimal(0))
    if not parts or gross == 0:
        fallback = WHOLE_GROUP_FALLBACK.get(group, "support_services")
        split.by_type[fallback] += amount
        if amount:
            split.notes.append(
                f"{GROUPS[group][0]} has no phase columns in {split.label}: all of it is counted as "
                f"{PROVISION_TYPES[fallback].lower()}."
            )
        return
    given = Decimal(0)
    phases = [p for p in PHASE_TYPES if p in parts]
    for index, phase in enumerate(phases):
        if index == len(phases) - 1:
            share = amount - given
        else:
            share = (amount * parts[phase] / gross).quantize(Decimal("0.01"), ROUND_HALF_UP)
        given += share
        split.by_type[PHASE_TYPES[phase]] += share


def split_rows(years: list[YearSplit]) -> list[tuple[str, list]]:
    """Years as table rows: a provision type and its amount in each year, then the left-out spend if any."""
    rows = [(label, [year.by_type[key] for year in years]) for key, label in PROVISION_TYPES.items()]
    if any(year.left_out for year in years):
        rows.append(("Left out", [year.left_out for year in years]))
    return rows
