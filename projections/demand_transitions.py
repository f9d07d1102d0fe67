"""A council's own pupil-level data in witan.send's shape, and calibration from it: pure, no database.

``transitions.csv`` (witan.send's input): one row per child per year, ``calendar-year, setting-1,
need-1, academic-year-1, setting-2, need-2, academic-year-2`` — the child's setting, primary need and
national curriculum year (NCY) at the January census of ``calendar-year`` (…-1) and at the next January
(…-2). ``NONSEND`` as setting marks no plan on that side: a joiner when it is setting-1, a leaver when it
is setting-2. ``population.csv`` (optional): ``calendar-year, academic-year, population`` by NCY.

Ages: the model's age is SEN2's, the age on 31 August before the census; witan.send's NCY is the year
group at the census, reception being NCY 0. A reception child is 4 on that 31 August, so
**age = NCY + 4** (witan.send's own ``ncy->age-at-start-of-school-year`` uses the same offset: NCY −4 … 20
for ages 0 … 24). NCYs outside −4 … 21 (ages 0 … 25) are refused in transitions and left out of the
population.

Settings are the council's own codes: a mapping takes each to one of the seven placement groups
(``default_group`` guesses from witan.send's usual codes: MSS… maintained special, NMSS/ISS… independent
and non-maintained special, MMS/IMS… mainstream, MU… resourced provision, MAP/AP/PRU… AP, FE…/SP16…
post-16, EO/EHE/EYS/OOE… other; the rest none — a code with no group is listed and the file is not used
until it has one).

Calibration (``calibrate_transitions``): the last ``WINDOW`` calendar years of observed flows — joiners
per plan in stock (or per head of each age, when population covers a calibration year and every forecast
year), the joiners' age × group mix, the leaver hazard by age and last setting (each cell shrunk to its
age's rate by ``CELL_WEIGHT`` plan-years), and each age's movers between groups, all as observed; the
stock at the last census (setting-2 of the last year) is the origin. Observed transitions explain every
change, so net migration is zero. "Calibrated from observed transitions", never from published totals.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from projections.demand import AGES, GROUP_KEYS, GROUPS, MAX_AGE, N_GROUPS, DemandInputError, Rates
from projections.demand_calibration import (
    DEFAULT_SD,
    HORIZON,
    MAX_HAZARD,
    WINDOW,
    Calibration,
    History,
    _per_head,
    _pooled_var,
)

COLUMNS = (
    "calendar-year",
    "setting-1",
    "need-1",
    "academic-year-1",
    "setting-2",
    "need-2",
    "academic-year-2",
)
POPULATION_COLUMNS = ("calendar-year", "academic-year", "population")
NONSEND = "NONSEND"
AGE_OFFSET = 4  # age on 31 August before the census = NCY + 4 (reception, NCY 0, is 4)
MIN_NCY, MAX_NCY = -AGE_OFFSET, MAX_AGE - AGE_OFFSET
MAX_ERRORS = 10
CELL_WEIGHT = 20.0  # plan-years of an age's leaver rate behind each age × setting cell
MAX_ROWS = 500_000
MAX_BYTES = 20 * 2**20  # an upload of transitions.csv or population.csv
# witan.send's usual setting codes → placement group; first matching prefix wins (longest first).
PREFIXES: tuple[tuple[str, str], ...] = (
    ("NMSS", "independent"),
    ("ISS", "independent"),
    ("INMSS", "independent"),
    ("MSS", "special"),
    ("SPEC", "special"),
    ("MMS", "mainstream"),
    ("IMS", "mainstream"),
    ("MAIN", "mainstream"),
    ("MU", "resourced"),
    ("ARP", "resourced"),
    ("RP", "resourced"),
    ("MAP", "ap"),
    ("AP", "ap"),
    ("PRU", "ap"),
    ("FE", "post16"),
    ("SP16", "post16"),
    ("SPI", "post16"),
    ("IPSI", "post16"),
    ("EO", "other"),
    ("EHE", "other"),
    ("EYS", "other"),
    ("OOE", "other"),
    ("OTH", "other"),
)


class TransitionsError(DemandInputError):
    """A file the model cannot take; ``problems`` lists each (the first few named, then how many more)."""

    def __init__(self, file: str, problems: Sequence[str]):
        self.problems = list(problems)
        shown = self.problems[:MAX_ERRORS]
        more = len(self.problems) - len(shown)
        text = f"{file}: " + "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
        super().__init__(text)


@dataclass(frozen=True)
class Transition:
    year: int
    setting_1: str
    need_1: str
    ncy_1: int
    setting_2: str
    need_2: str
    ncy_2: int


def default_group(code: str) -> str:
    """The placement group witan.send's usual code names suggest, or "" when nothing does."""
    upper = code.strip().upper()
    for prefix, group in sorted(PREFIXES, key=lambda p: -len(p[0])):
        if upper.startswith(prefix):
            return group
    return ""


def _rows(data: bytes, file: str, expected: Sequence[str]) -> tuple[list[str], Iterable[tuple[int, dict]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TransitionsError(file, ["the file is not UTF-8 text (save it as CSV UTF-8)"]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in expected if c not in header]
    unknown = [h for h in header if h not in expected]
    problems = []
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)} (the columns are {', '.join(expected)})")
    if problems:
        raise TransitionsError(file, problems)
    reader.fieldnames = header
    return header, ((i + 2, row) for i, row in enumerate(reader))


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def read_transitions(data: bytes, *, file: str = "transitions.csv") -> list[Transition]:
    """Every row of a transitions file, or TransitionsError naming each bad row (and a gap in the years)."""
    _, rows = _rows(data, file, COLUMNS)
    out: list[Transition] = []
    problems: list[str] = []
    for line, row in rows:
        if len(out) + len(problems) >= MAX_ROWS:
            problems.append(f"more than {MAX_ROWS:,} rows")
            break
        year = _int(row["calendar-year"])
        ncy1, ncy2 = _int(row["academic-year-1"]), _int(row["academic-year-2"])
        s1, s2 = (row["setting-1"] or "").strip(), (row["setting-2"] or "").strip()
        bad = []
        if year is None or not 2000 <= year <= 2100:
            bad.append(f"calendar-year “{row['calendar-year']}” is not a year")
        for name, ncy in (("academic-year-1", ncy1), ("academic-year-2", ncy2)):
            if ncy is None or not MIN_NCY <= ncy <= MAX_NCY + 1:
                bad.append(
                    f"{name} “{row[name]}” is not a national curriculum year from {MIN_NCY} to {MAX_NCY}"
                )
        if not s1 or not s2:
            bad.append("a setting is blank (NONSEND marks no plan)")
        elif s1 == NONSEND and s2 == NONSEND:
            bad.append("NONSEND on both sides: not a child with a plan")
        if bad:
            problems.append(f"line {line}: " + ", ".join(bad))
            continue
        out.append(
            Transition(
                year,
                s1,
                (row["need-1"] or "").strip(),
                ncy1,
                s2,
                (row["need-2"] or "").strip(),
                ncy2,
            )
        )
    if not out and not problems:
        problems.append("no transitions in the file")
    years = sorted({t.year for t in out})
    gaps = [y for y in range(years[0], years[-1] + 1) if y not in years] if years else []
    if gaps:
        problems.append(
            f"no transitions for {', '.join(str(y) for y in gaps)} (the years run {years[0]}–{years[-1]}): "
            "every calendar year between the first and the last is needed"
        )
    if problems:
        raise TransitionsError(file, problems)
    return out


def read_population_csv(data: bytes, *, file: str = "population.csv") -> dict[int, np.ndarray]:
    """calendar-year → [26] people aged 0–25 (age = NCY + 4; NCYs outside −4 … 21 are left out)."""
    _, rows = _rows(data, file, POPULATION_COLUMNS)
    out: dict[int, np.ndarray] = {}
    problems: list[str] = []
    for line, row in rows:
        year, ncy = _int(row["calendar-year"]), _int(row["academic-year"])
        try:
            people = float((row["population"] or "").replace(",", ""))
        except ValueError:
            people = -1.0
        if year is None or not 2000 <= year <= 2100 or ncy is None or not np.isfinite(people) or people < 0:
            problems.append(
                f"line {line}: needs a calendar-year, an academic-year and a population of zero or more"
            )
            continue
        age = ncy + AGE_OFFSET
        if 0 <= age < AGES:
            out.setdefault(year, np.zeros(AGES))[age] += people
    if problems:
        raise TransitionsError(file, problems)
    if not out:
        raise TransitionsError(file, ["no population for ages 0–25 (academic years −4 to 21)"])
    return out


def settings_in(transitions: Iterable[Transition]) -> list[str]:
    """The council's setting codes the file uses (NONSEND aside), sorted."""
    codes = set()
    for t in transitions:
        codes.update((t.setting_1, t.setting_2))
    codes.discard(NONSEND)
    return sorted(codes)


def unmapped(transitions: Iterable[Transition], mapping: dict[str, str]) -> list[str]:
    return [code for code in settings_in(transitions) if mapping.get(code) not in GROUPS]


@dataclass
class Observed:
    """Per calendar year: plans at the January census [26, 7], joiners and leavers [26, 7], movers [25, 7, 7]
    (from age a in group g to group h a year later), and the plans at the next census [26, 7]."""

    years: list[int]
    start: dict[int, np.ndarray]
    joiners: dict[int, np.ndarray]
    leavers: dict[int, np.ndarray]
    moves: dict[int, np.ndarray]
    end: dict[int, np.ndarray]
    count: int


def _age(ncy: int) -> int:
    return min(max(ncy + AGE_OFFSET, 0), MAX_AGE)


def observe(transitions: Sequence[Transition], mapping: dict[str, str]) -> Observed:
    """Counts by year, age (NCY + 4) and group; a code without a group is an error listing every such code."""
    missing = unmapped(transitions, mapping)
    if missing:
        raise TransitionsError(
            "transitions.csv", [f"settings without a placement group: {', '.join(missing)}"]
        )
    years = sorted({t.year for t in transitions})
    blank = {y: np.zeros((AGES, N_GROUPS)) for y in years}
    start, joiners, leavers, end = ({y: v.copy() for y, v in blank.items()} for _ in range(4))
    moves = {y: np.zeros((MAX_AGE, N_GROUPS, N_GROUPS)) for y in years}
    index = {key: i for i, key in enumerate(GROUP_KEYS)}
    for t in transitions:
        a1, a2 = _age(t.ncy_1), _age(t.ncy_2)
        if t.setting_1 == NONSEND:
            joiners[t.year][a2, index[mapping[t.setting_2]]] += 1
            end[t.year][a2, index[mapping[t.setting_2]]] += 1
            continue
        g = index[mapping[t.setting_1]]
        start[t.year][a1, g] += 1
        if t.setting_2 == NONSEND or a1 == MAX_AGE:
            leavers[t.year][a1, g] += 1
            continue
        h = index[mapping[t.setting_2]]
        moves[t.year][a1, g, h] += 1
        end[t.year][a2, h] += 1
    return Observed(years, start, joiners, leavers, moves, end, len(transitions))


def source_of(observed: Observed) -> str:
    return (
        f"calibrated from observed transitions ({observed.count:,} transitions, years "
        f"{observed.years[0]}–{observed.years[-1]})"
    )


def calibrate_transitions(
    observed: Observed,
    *,
    population: dict[int, np.ndarray] | None = None,
    horizon: int = HORIZON,
    name: str = "the council",
) -> Calibration:
    """Rates from the last WINDOW years of observed flows; the origin is the census after the last year."""
    years = observed.years[-WINDOW:]
    origin = observed.years[-1] + 1
    stock = observed.end[observed.years[-1]]
    start = sum(observed.start[y] for y in years)
    exposure = [float(observed.start[y].sum()) for y in years]
    if sum(exposure) <= 0:
        raise DemandInputError(f"{name}: the transitions have no child with a plan at a January census")
    joined = sum(observed.joiners[y] for y in years)
    if joined.sum() <= 0:
        raise DemandInputError(f"{name}: the transitions of {years[0]}–{years[-1]} have no joiners (NONSEND)")
    joiner_rate = float(joined.sum()) / sum(exposure)
    left = sum(observed.leavers[y] for y in years)
    at_age = start.sum(axis=1)
    by_age = np.divide(left.sum(axis=1), at_age, out=np.zeros(AGES), where=at_age > 0)
    # Leavers by age and last setting, each cell shrunk to its age's rate (few plans: mostly the age's).
    hazard = np.minimum((left + CELL_WEIGHT * by_age[:, None]) / (start + CELL_WEIGHT), MAX_HAZARD)
    moved = sum(observed.moves[y] for y in years)
    totals = moved.sum(axis=2, keepdims=True)
    movers = np.where(totals > 0, moved / np.maximum(totals, 1e-300), np.eye(N_GROUPS)[None, :, :])
    yearly_joiners = [observed.joiners[y].sum() / e for y, e in zip(years, exposure, strict=True) if e > 0]
    yearly_leavers = [observed.leavers[y].sum() / e for y, e in zip(years, exposure, strict=True) if e > 0]
    leaver_rate = float(left.sum()) / sum(exposure)
    joiner_var = _pooled_var([r / joiner_rate for r in yearly_joiners], DEFAULT_SD["joiner"] ** 2)
    leaver_var = _pooled_var(
        [r / leaver_rate for r in yearly_leavers] if leaver_rate else [], DEFAULT_SD["leaver"] ** 2
    )
    # Joiners per head of each age when the population allows: the same rule as for published totals.
    history = History(
        code="",
        name=name,
        stock={y: observed.start[y].sum(axis=0) for y in observed.years} | {origin: stock.sum(axis=0)},
        population=population or {},
    )
    per_head = _per_head(history, years, origin, horizon, joiner_rate)
    try:
        rates = Rates(
            joiner_rate=per_head["rate"],
            joiner_base=per_head["base"],
            joiner_population=per_head["reference"],
            joiner_mix=joined / joined.sum(),
            leaver_hazard=hazard,
            migration_rate=0.0,
            movers=movers,
            joiner_sd=float(np.sqrt(joiner_var + 1.0 / max(float(joined.sum()), 1.0))),
            leaver_sd=float(np.sqrt(leaver_var)),
            migration_sd=0.0,
        )
    except DemandInputError as error:
        raise DemandInputError(f"{name}, from its transitions: {error}") from None
    flows = [
        {
            "year": y,
            "start": float(observed.start[y].sum()),
            "new": float(observed.joiners[y].sum()),
            "ceased": float(observed.leavers[y].sum()),
            "leavers": float(observed.leavers[y].sum()),
            "migration": 0.0,
            "end": float(observed.end[y].sum()),
        }
        for y in years
    ]
    notes = [
        "Observed transitions explain every change from one census to the next: net migration is zero",
        f"Ages are national curriculum year + {AGE_OFFSET} (reception, year 0, is age 4 on 31 August), "
        "as SEN2 counts them",
    ]
    return Calibration(
        rates,
        np.round(stock),
        origin,
        years,
        flows,
        notes,
        source=source_of(observed),
        joiner_basis=per_head["basis"],
        population=per_head["path"],
    )
