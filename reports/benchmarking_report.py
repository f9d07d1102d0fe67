"""The Benchmarking section of a Schools Forum report: where the council stands against its ten statistical
neighbours, latest year of each measure, written out as the page writes it (JSON-safe, so a published
report's snapshot freezes it like every other figure). Numbers are kept beside the words for the report
pack."""

from __future__ import annotations

from recovery.models import Council
from reports.benchmarking import Missing, periods_for, round_for, standing
from reports.benchmarking_selectors import Benchmarks, benchmarks_for_council


def _number(measure, result) -> float | None:
    if result is None or isinstance(result, Missing):
        return None
    return float(round_for(measure, result))


def benchmarking_section(*, council: Council) -> dict:
    """{"group", "neighbours", "rows": [...]} with a row per measure the council has a rank on, as of the
    council's data version: read from its stored benchmarking summary (reports.benchmarking_stored: 1
    query), or worked out by `section_of` and stored."""
    from reports.benchmarking_stored import benchmark_summary  # it is built with `section_of`

    return benchmark_summary(council=council).section


def benchmarking_section_read(*, council: Council) -> dict:
    """benchmarking_section read from the tables (3 queries)."""
    return section_of(benchmarks_for_council(council=council))


def section_of(b: Benchmarks) -> dict:
    """The section of benchmarks_for_council's answer against the ten statistical neighbours."""
    if b.council is None:
        return {"group": b.group_words, "neighbours": [], "rows": []}
    me = (b.council.code, b.council.name)
    group = [(a.code, a.name) for a in b.group]
    region = [a.code for a in b.region]
    rows = []
    for measure in b.measures:
        periods = periods_for(measure, b.figures, last=1)
        if not periods:
            continue
        s = standing(
            measure, b.figures, periods[-1], council=me, group=group, region=region, existed=b.existed
        )
        if s.rank is None or not s.median_over:
            continue
        rows.append(
            {
                "key": measure.key,
                "measure": measure.title,
                "unit": measure.unit,
                "period": s.period_words,
                "value": s.council_written,
                "number": _number(measure, s.council.result),
                "position": s.position,
                "median": s.median_written,
                "median_number": _number(measure, s.median),
                "median_over": s.median_over,
                "quartiles": f"{s.lower_quartile_written} to {s.upper_quartile_written}",
                "england": s.england_written,
                "england_number": _number(measure, s.england),
                "formula": measure.formula,
                "source": measure.source,
            }
        )
    return {"group": b.group_words, "neighbours": [a.name for a in b.group], "rows": rows}
