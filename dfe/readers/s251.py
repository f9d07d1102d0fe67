"""The DfE's section 251 outturn and budget files (``s251_alleducation_la_regional_national.csv``,
``schools_othereducation_la_unrounded_data.csv`` and its older names).

Lines are matched by their code prefix ("1.2.3 Top-up and other funding – …"), never by their name, which the
DfE rewords. The column set is the one the DfE's own benchmarking pipeline reads
(DFE-Digital/education-benchmarking-and-insights, data-pipeline input_schemas/local_authority.py): a category
column (``category_of_expenditure`` in outturn, ``category_of_planned_expenditure`` in budgets), six phase
columns, gross, income, net. Files before 2025 are cp1252 with en dashes; both encodings read. The high-needs
groups are the benchmarking tool's; the DSG carried forward (1.9.3, its gross column, as the pipeline reads
it) is the council's reported DSG position (a negative figure is a deficit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfe.readers.common import (
    Figure,
    LayoutNotRecognised,
    Value,
    area,
    csv_rows,
    decode,
    financial_period,
    value,
)

RELEASE = "LA and school expenditure (section 251)"
GROUPS = {
    "1.0.2": "place_funding",
    "1.2.1": "top_ups",
    "1.2.2": "top_ups",
    "1.2.4": "top_ups",
    "1.2.11": "top_ups",
    "1.2.3": "independent",
    "1.2.5": "sen_services",
    "1.2.8": "sen_services",
    "1.2.9": "sen_services",
    "1.2.7": "alternative_provision",
    "1.2.6": "hospital",
    "1.2.13": "therapies",
    "1.4.11": "sen_transport",
}
CARRIED_FORWARD = "1.9.3"
# The phase columns of a line (they add up to its gross figure). Kept as the breakdown of a group's figure,
# so a council can split top-ups and place funding between mainstream, special, AP and post-16 (the s251
# mapping of projections). Read when present: the DfE may drop them, and nothing else depends on them.
PHASES = (
    "early_years_establishments",
    "primary_schools",
    "secondary_schools",
    "sen_and_special_schools",
    "pupil_referral_units_and_alt_provision",
    "post_16",
)
KINDS = {
    "category_of_expenditure": ("outturn", "net_expenditure", "gross_expenditure"),
    "category_of_planned_expenditure": ("budget", "net_planned_expenditure", "gross_planned_expenditure"),
}
_CODE = re.compile(r"^\s*(\d+\.\d+\.\d+)\b")


def read_s251(data: bytes, *, file: str) -> Iterator[Figure]:
    """Per council and year: s251_<kind>_<group> (net), s251_<kind>_high_needs (their sum) and
    s251_<kind>_dsg_carried_forward. A group's lines are added up; a symbol in any makes the sum a symbol.
    Each group's phase columns (gross, added up over its lines) follow as the same series with the phase as
    breakdown; a phase that is a symbol in any line is left out."""
    text = decode(data, file=file, fallback="cp1252").replace("\u2013", "–")
    header, rows = csv_rows(text, file=file)
    category = next((c for c in KINDS if c in header), None)
    if category is None:
        raise LayoutNotRecognised(
            f"{file}: this looks like a file without a category_of_expenditure column; "
            "this version reads the DfE's s251 outturn (category_of_expenditure) "
            "and budget (category_of_planned_expenditure) files"
        )
    kind, net, gross = KINDS[category]
    missing = [c for c in ("time_period", "geographic_level", "old_la_code", net, gross) if c not in header]
    if missing:
        raise LayoutNotRecognised(
            f"{file}: this looks like an s251 {kind} file, but it has no “{missing[0]}” column"
        )
    phases = [p for p in PHASES if p in header]
    totals: dict[tuple, list] = {}
    parts: dict[tuple, list] = {}
    for line, row in rows:
        where = area(row, file=file, line=line)
        if where is None:
            continue
        found = _CODE.match(row.get(category, ""))
        if not found:
            continue
        code = found.group(1)
        if code != CARRIED_FORWARD and code not in GROUPS:
            continue
        period = financial_period(row["time_period"], file=file, line=line)
        if code == CARRIED_FORWARD:
            amount = value(row.get(gross), file=file, line=line, column=gross)
            yield Figure(*where, f"s251_{kind}_dsg_carried_forward", period, amount, file, line)
            continue
        amount = value(row.get(net), file=file, line=line, column=net)
        for group in (GROUPS[code], "high_needs"):
            key = (where, group, period)
            totals.setdefault(key, []).append((amount, line))
        for phase in phases:
            amount = value(row.get(phase), file=file, line=line, column=phase)
            parts.setdefault((where, GROUPS[code], period, phase), []).append((amount, line))
    for (where, group, period), found in totals.items():
        yield Figure(*where, f"s251_{kind}_{group}", period, _sum(found), file, found[0][1])
    for (where, group, period, phase), found in parts.items():
        total = _sum(found)
        if total.is_number:
            yield Figure(*where, f"s251_{kind}_{group}", period, total, file, found[0][1], breakdown=phase)


def _sum(found: list[tuple[Value, int]]) -> Value:
    """Lines' amounts added up; a symbol in any of them makes the sum that symbol."""
    amounts = [a for a, _ in found]
    if all(a.is_number for a in amounts):
        return Value(sum(a.number for a in amounts))
    return next(a for a in amounts if not a.is_number)
