"""Calibration of the demand model on the real June 2025 release (an extract): rates, residuals, shrinkage."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from dfe.readers.sen2_demand import read_demand_zip
from projections.backtest import history_from
from projections.demand import REASON_KEYS, DemandInputError, project
from projections.demand_calibration import AS_COUNT, SOURCE, History, calibrate, prior_from

EXTRACT = Path(__file__).resolve().parents[2] / "fixtures" / "dfe" / "ehcp_2025_demand.zip"


@pytest.fixture(scope="module")
def histories():
    return {
        code: history_from(a) for code, a in read_demand_zip(EXTRACT.read_bytes()).items() if a.level == "la"
    }


def test_it_keeps_the_part_new_minus_ceased_does_not_explain_as_net_migration(histories):
    fit = calibrate(histories["865"], origin=2025)
    by_year = {f["year"]: f for f in fit.flows}
    assert by_year[2024]["migration"] == 179  # Wiltshire: 6383 − (5536 + 993 − 325)
    assert calibrate(histories["937"], origin=2025).flows[-1]["migration"] == -47  # Warwickshire
    assert fit.source == SOURCE


def test_its_origin_stock_is_the_published_census_in_whole_plans(histories):
    fit = calibrate(histories["865"], origin=2025)
    assert fit.stock.sum() == 6383
    assert np.allclose(fit.stock, np.round(fit.stock))


def test_it_never_reads_years_after_the_origin(histories):
    wiltshire = histories["865"]
    fit = calibrate(wiltshire, origin=2022)
    assert fit.years_used == [2019, 2020, 2021]
    assert fit.stock.sum() == wiltshire.total(2022)
    assert any("January 2024" in note for note in fit.notes)  # ages: a shape only, said so


def test_a_small_council_leans_on_its_region(histories):
    south_west = [h for h in histories.values() if h.region == histories["865"].region]
    prior = prior_from(south_west, origin=2025, name="the South West")
    own = calibrate(histories["857"], origin=2025)  # Rutland: under 400 plans
    shrunk = calibrate(histories["857"], origin=2025, prior=prior)
    assert abs(shrunk.rates.joiner_rate - prior.joiner_rate) < abs(own.rates.joiner_rate - prior.joiner_rate)
    big = calibrate(histories["865"], origin=2025, prior=prior)
    assert abs(big.rates.joiner_rate - calibrate(histories["865"], origin=2025).rates.joiner_rate) < abs(
        shrunk.rates.joiner_rate - own.rates.joiner_rate
    )


def test_with_one_year_each_the_prior_takes_its_variation_from_the_councils_spread(histories):
    # January 2020: every council has one flow year (2019), so no council's year-to-year variation is known;
    # the spread of the councils' 2019 rates stands in for it (never the guessed default).
    from projections.demand_calibration import DEFAULT_SD, flow_years

    councils = [h for h in histories.values() if {2019, 2020} <= set(h.stock) and 2019 in h.new]
    prior = prior_from(councils, origin=2020, name="England")
    migration = [(h.total(2020) - h.total(2019) - h.new[2019]) / h.total(2019) for h in councils]
    joiners = [h.new[2019] / h.total(2019) for h in councils]
    assert len(migration) >= 2
    assert prior.migration_var == pytest.approx(np.var(migration, ddof=1))
    assert prior.joiner_var == pytest.approx(np.var(joiners, ddof=1) / prior.joiner_rate**2)
    assert prior.migration_var != DEFAULT_SD["migration"] ** 2
    assert prior.leaver_var == DEFAULT_SD["leaver"] ** 2  # no ceased plans published before 2022
    later = prior_from(councils, origin=2022, name="England")  # two or more years: within councils
    own = [
        [(h.total(y + 1) - h.total(y) - h.new[y]) / h.total(y) for y in flow_years(h, 2022)] for h in councils
    ]
    own = [v for v in own if len(v) >= 2]
    assert later.migration_var == pytest.approx(np.mean([np.var(v, ddof=1) for v in own]))


def test_it_forecasts_growth_for_a_council_that_has_grown_every_year(histories):
    fit = calibrate(histories["865"], origin=2025)
    path = project(stock=fit.stock, rates=fit.rates, start_year=2025, years=3)
    assert path.totals()[1] > path.totals()[0]  # Wiltshire grows, as it has every year


def test_it_names_a_missing_census_and_a_council_with_no_rows():
    with pytest.raises(DemandInputError, match="no SEN2 figures"):
        calibrate(History(code="999", name="Nowhere"), origin=2025)
    history = History(code="1", name="Somewhere", stock={2024: np.ones(7)})
    with pytest.raises(DemandInputError, match="no January 2025 census"):
        calibrate(history, origin=2025)
    with pytest.raises(DemandInputError, match="two January censuses"):
        calibrate(history, origin=2024)


def test_it_leaves_out_a_years_new_plans_that_cannot_be_right_and_says_so():
    # York in the June 2025 release: 6,078 new plans in 2022 against 1,179 plans in January 2022.
    totals = {2019: 846, 2020: 936, 2021: 1058, 2022: 1179, 2023: 1207}
    share = np.array([0.5, 0.05, 0.2, 0.05, 0.02, 0.13, 0.05])
    ages = np.zeros((26, 7))
    ages[5:20] = share * 10
    york = History(
        code="816",
        name="York",
        stock={y: share * t for y, t in totals.items()},
        stock_by_age={2023: ages},
        new={2019: 150.0, 2020: 154.0, 2021: 192.0, 2022: 6078.0},
    )
    fit = calibrate(york, origin=2023)
    assert fit.years_used == [2019, 2020, 2021]
    assert any("6,078" in note and "left out" in note for note in fit.notes)
    assert fit.rates.joiner_rate < 0.25


def test_an_all_suppressed_census_by_age_is_not_an_age_profile():
    share = np.array([0.5, 0.05, 0.2, 0.05, 0.02, 0.13, 0.05])
    ages = np.zeros((26, 7))
    ages[5:20] = share * 10
    history = History(
        code="204",
        name="Hackney",
        stock={y: np.round(share * t) for y, t in ((2023, 3243), (2024, 3525), (2025, 3681))},
        stock_by_age={2024: np.zeros((26, 7)), 2025: ages},
        new={2023: 333.0, 2024: 487.0},
    )
    fit = calibrate(history, origin=2024)
    assert fit.stock.sum() == history.total(2024)
    assert any("January 2025" in note for note in fit.notes)


SNPP = EXTRACT.parent / "snpp_2022_extract.csv"


def _population(gss: str) -> dict[int, np.ndarray]:
    """One council's ONS 2022-based SNPP, mid-year → [26] persons (fixtures/dfe/snpp_2022_extract.csv)."""
    from dfe.readers.population import BY_AGE, read_population

    out: dict[int, np.ndarray] = {}
    for f in read_population(SNPP.read_bytes(), file=SNPP.name):
        if f.series == BY_AGE and f.gss_code == gss:
            out.setdefault(int(f.period), np.zeros(26))[int(f.breakdown)] = float(f.value.number)
    return out


@pytest.fixture(scope="module")
def wiltshire_with_people(histories):
    from dataclasses import replace

    return replace(histories["865"], population=_population("E06000054"))


def test_with_population_joiners_are_a_rate_per_head_of_each_age(wiltshire_with_people):
    fit = calibrate(wiltshire_with_people, origin=2025)
    assert fit.per_head and fit.rates.joiner_base == "population"
    assert fit.joiner_basis.startswith("Joiners as a rate of the population of each age")
    assert "2022, 2023, 2024" in fit.joiner_basis
    # The rate per head times the people of the calibration years gives back the new plans of those years
    # (calibrated without a prior here: within 15% of Wiltshire's own new plans a year on average).
    people = np.mean([wiltshire_with_people.population[y].sum() for y in (2022, 2023, 2024)])
    own = np.mean([wiltshire_with_people.new[y] for y in (2022, 2023, 2024)])
    assert fit.rates.joiner_rate * people == pytest.approx(own, rel=0.15)
    path = project(
        stock=fit.stock, rates=fit.rates, start_year=2025, years=10, population=fit.population_for(10)
    )
    assert path.totals()[1] > path.totals()[0]


def test_a_shrinking_cohort_brings_fewer_joiners(wiltshire_with_people):
    from dataclasses import replace

    fewer = {y: (v * 0.8 if y >= 2025 else v) for y, v in wiltshire_with_people.population.items()}
    fits = [
        calibrate(h, origin=2025)
        for h in (wiltshire_with_people, replace(wiltshire_with_people, population=fewer))
    ]
    paths = [
        project(stock=f.stock, rates=f.rates, start_year=2025, years=3, population=f.population_for(3))
        for f in fits
    ]
    assert paths[1].joiners.sum() == pytest.approx(0.8 * paths[0].joiners.sum())
    assert paths[1].totals()[3] < paths[0].totals()[3]


def test_calibration_reads_no_population_after_the_origin(wiltshire_with_people):
    """Only the forecast years' projected people change with a later population; the rates do not."""
    from dataclasses import replace

    later = {y: (v * 3 if y >= 2024 else v) for y, v in wiltshire_with_people.population.items()}
    a = calibrate(wiltshire_with_people, origin=2024, horizon=1)
    b = calibrate(replace(wiltshire_with_people, population=later), origin=2024, horizon=1)
    assert a.rates.joiner_rate == b.rates.joiner_rate
    assert np.array_equal(a.rates.joiner_population, b.rates.joiner_population)
    assert "population of 2022, 2023" in a.joiner_basis
    assert b.population_for(1) == pytest.approx(3 * a.population_for(1))


def test_without_population_joiners_are_a_count_and_it_says_so(histories, wiltshire_with_people):
    assert calibrate(histories["937"], origin=2025).joiner_basis == AS_COUNT  # Warwickshire: a county
    assert not calibrate(histories["937"], origin=2025).per_head
    early = calibrate(wiltshire_with_people, origin=2022)  # calibrated on 2019–2021; people from 2022
    assert not early.per_head
    assert "cover none of the years calibrated on (2019–2021)" in early.joiner_basis
    beyond = calibrate(wiltshire_with_people, origin=2025, horizon=25)  # SNPP ends in 2047
    assert not beyond.per_head
    assert "do not cover the forecast years 2048–2049" in beyond.joiner_basis


def test_it_gives_each_reasons_share_of_the_leavers_checked_by_hand(histories):
    fit = calibrate(histories["865"], origin=2025)
    needs_met = REASON_KEYS.index("needs_met")
    # Wiltshire's "All ceased EHC plans" rows, 2022–2024: needs_met 7 + 24 + 32 = 63 of 237 + 352 + 325 = 914.
    assert fit.reason_years == [2022, 2023, 2024]
    assert fit.reasons_overall[needs_met] == pytest.approx(63 / 914)
    # "age 18", 2023 and 2024: needs_met 5 + 8 = 13 of 66 + 47 = 113 ceased at that age.
    assert fit.reasons[18, needs_met] == pytest.approx(13 / 113)
    assert np.allclose(fit.reasons.sum(axis=1), 1.0)


def test_reason_shares_are_shrunk_towards_the_regions(histories):
    wiltshire = histories["865"]
    prior = prior_from([h for h in histories.values() if h.region == wiltshire.region], origin=2025)
    fit = calibrate(wiltshire, origin=2025, prior=prior)
    needs_met = REASON_KEYS.index("needs_met")
    region = prior.ceased_reason[needs_met] / prior.ceased_reason.sum()
    own = 63 / 914
    assert min(own, region) < fit.reasons_overall[needs_met] < max(own, region)
    assert np.allclose(fit.reasons.sum(axis=1), 1.0)
    assert not np.isnan(fit.reasons).any()


def test_reason_shares_do_not_change_the_central_line(histories):
    wiltshire = histories["865"]
    without = replace(wiltshire, ceased_by_reason={}, ceased_by_age_reason={})
    with_reasons, plain = calibrate(wiltshire, origin=2025), calibrate(without, origin=2025)
    assert plain.reasons is None and plain.reason_rows() == []
    assert np.array_equal(with_reasons.rates.leaver_hazard, plain.rates.leaver_hazard)
    assert np.array_equal(
        project(stock=with_reasons.stock, rates=with_reasons.rates, years=5, start_year=2025).totals(),
        project(stock=plain.stock, rates=plain.rates, years=5, start_year=2025).totals(),
    )


def test_the_pages_reason_rows_name_each_reason_with_its_shares(histories):
    rows = calibrate(histories["865"], origin=2025).reason_rows()
    assert [r["key"] for r in rows] == list(REASON_KEYS)
    by = {r["key"]: r for r in rows}
    assert by["needs_met"]["label"] == "needs were met"
    assert sum(r["overall"] for r in rows) == pytest.approx(1.0)
    assert len(by["transfer"]["bands"]) == 5


# --- leavers by last setting --------------------------------------------------------------------------------

# Wiltshire's "Type of placement" rows, by group (mainstream, resourced, special, independent, ap, post16,
# other): 2023 52, 6, 17, 10, 1, 103, 163 (352 ceased); 2024 54, 11, 22, 15, 0, 110, 113 (325 ceased).
WILTSHIRE_BY_SETTING = np.array([106, 17, 39, 25, 1, 213, 276]) / 677


def _age_only(history: History) -> History:
    return replace(history, ceased_by_setting={})


def test_it_gives_each_settings_share_of_the_ceased_plans_checked_by_hand(histories):
    fit = calibrate(histories["865"], origin=2025)
    assert fit.settings.basis == "council"
    assert fit.settings.years == [2023, 2024]
    assert fit.settings.own == pytest.approx(WILTSHIRE_BY_SETTING)
    assert fit.settings.used == pytest.approx(WILTSHIRE_BY_SETTING)  # no prior: the council's own


def test_setting_shares_are_shrunk_towards_the_regions(histories):
    wiltshire = histories["865"]
    prior = prior_from([h for h in histories.values() if h.region == wiltshire.region], origin=2025)
    fit = calibrate(wiltshire, origin=2025, prior=prior)
    region = prior.ceased_setting / prior.ceased_setting.sum()
    assert fit.settings.prior == pytest.approx(region)
    assert fit.settings.used.sum() == pytest.approx(1.0)
    for g in range(7):
        low, high = sorted((WILTSHIRE_BY_SETTING[g], region[g]))
        assert low - 1e-12 <= fit.settings.used[g] <= high + 1e-12
    # Rutland has 85 ceased plans in 2023–2024 against the prior's 200: it leans further towards the region.
    rutland = calibrate(histories["857"], origin=2025, prior=prior).settings
    assert abs(rutland.used - region).sum() < abs(rutland.own - region).sum() / 2


def test_the_hazard_by_setting_keeps_the_leavers_at_each_age_and_meets_the_shares(histories):
    wiltshire = histories["865"]
    fit, plain = calibrate(wiltshire, origin=2025), calibrate(_age_only(wiltshire), origin=2025)
    hazard, h = fit.rates.leaver_hazard, plain.rates.leaver_hazard
    assert hazard.shape == (26, 7) and h.shape == (26,)
    at_each_age = (fit.stock * hazard).sum(axis=1)
    assert at_each_age == pytest.approx(fit.stock.sum(axis=1) * h)  # so the total, and the age-25 cap
    assert (hazard[25] == 1).all()
    total = at_each_age.sum()
    shares = (fit.stock * hazard).sum(axis=0) / total
    met = [g for g in range(7) if g != 4]  # no plans below 25 in AP in January 2025: the notes say so
    assert shares[met] == pytest.approx(fit.settings.used[met], abs=0.002)
    assert any("alternative provision" in note for note in fit.notes)
    assert fit.settings.by_group.sum() == pytest.approx(fit.settings.by_age.sum())


def test_the_first_year_of_the_central_line_has_the_same_leavers(histories):
    wiltshire = histories["865"]
    fit, plain = calibrate(wiltshire, origin=2025), calibrate(_age_only(wiltshire), origin=2025)
    by_setting = project(stock=fit.stock, rates=fit.rates, years=3, start_year=2025)
    by_age = project(stock=plain.stock, rates=plain.rates, years=3, start_year=2025)
    assert by_setting.leavers[0].sum() == pytest.approx(by_age.leavers[0].sum())
    assert by_setting.totals()[1] == pytest.approx(by_age.totals()[1])
    assert by_setting.leavers[0].sum(axis=0) != pytest.approx(by_age.leavers[0].sum(axis=0))


def test_without_its_own_rows_a_council_takes_the_regions_settings(histories):
    wiltshire = histories["865"]
    prior = prior_from([h for h in histories.values() if h.region == wiltshire.region], origin=2025)
    fit = calibrate(_age_only(wiltshire), origin=2025, prior=prior)
    assert fit.settings.basis == "region" and fit.settings.own is None
    assert fit.settings.used == pytest.approx(prior.ceased_setting / prior.ceased_setting.sum())
    assert any("leavers' settings follow" in note for note in fit.notes)


def test_without_any_rows_the_hazard_is_by_age_alone_and_it_says_so(histories):
    wiltshire = histories["865"]
    fit = calibrate(_age_only(wiltshire), origin=2025)
    assert fit.settings is None and fit.rates.leaver_hazard.shape == (26,)
    assert any("leavers depend on age alone" in note for note in fit.notes)
    # Before January 2024 no origin may read them (the 2023 rows are the flow into January 2024).
    early = calibrate(wiltshire, origin=2023)
    assert early.settings is None and early.rates.leaver_hazard.shape == (26,)


def test_a_placement_the_reader_did_not_know_is_in_the_notes(histories):
    named = replace(
        histories["865"], notes=["Ceased plans of 2024 from the placement 'x' … counted in other"]
    )
    assert named.notes[0] in calibrate(named, origin=2025).notes


def test_the_pages_setting_rows_name_each_group_with_its_shares_and_multiplier(histories):
    rows = calibrate(histories["865"], origin=2025).settings.rows()
    assert [r["key"] for r in rows] == [
        "mainstream",
        "resourced",
        "special",
        "independent",
        "ap",
        "post16",
        "other",
    ]
    by = {r["key"]: r for r in rows}
    assert by["post16"]["label"] == "Post-16 and further education"
    assert by["post16"]["own"] == pytest.approx(213 / 677)
    assert by["post16"]["multiplier"] == pytest.approx(by["post16"]["by_group"] / by["post16"]["by_age"])
    assert by["ap"]["multiplier"] is None  # no plans to leave there: no multiplier, never a zero or NaN
