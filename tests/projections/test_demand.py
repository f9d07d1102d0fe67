"""The demand model (pure): mass balance, Monte Carlo against the expectation, seeds, levers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.demand import (
    AGES,
    MAX_AGE,
    N_GROUPS,
    REASON_KEYS,
    DemandInputError,
    LeverRefused,
    Rates,
    joiners_moved,
    joiners_scaled,
    leavers_scaled,
    movers_from_profile,
    project,
    simulate,
    without_uncertainty,
)


def _profile(seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ages = np.exp(-(((np.arange(AGES) - 12) / 6.0) ** 2))
    mix = rng.dirichlet(np.ones(N_GROUPS), size=AGES)
    return np.round(ages[:, None] * mix * 400)


def _rates(*, joiner=0.12, leaver=0.06, migration=0.01, sd=(0.1, 0.15, 0.01), seed=1) -> Rates:
    profile = _profile(seed)
    shape = profile.sum(axis=1) / profile.sum()
    hazard = np.minimum(leaver * shape * AGES / 2, 0.9)
    mix = np.outer(np.exp(-(((np.arange(AGES) - 6) / 5.0) ** 2)), np.ones(N_GROUPS)) * (profile + 1)
    return Rates(
        joiner_rate=joiner,
        joiner_mix=mix / mix.sum(),
        leaver_hazard=hazard,
        migration_rate=migration,
        movers=movers_from_profile(profile),
        joiner_sd=sd[0],
        leaver_sd=sd[1],
        migration_sd=sd[2],
    )


def test_it_moves_nobody_when_the_mix_is_the_same_at_every_age():
    profile = np.outer(np.arange(AGES) + 1.0, np.arange(N_GROUPS) + 1.0)
    assert np.allclose(movers_from_profile(profile), np.eye(N_GROUPS))


def test_its_movers_turn_one_age_mix_into_the_next():
    profile = _profile()
    movers = movers_from_profile(profile)
    p = profile / profile.sum(axis=1, keepdims=True)
    for a in range(MAX_AGE):
        assert np.allclose(p[a] @ movers[a], p[a + 1])


def test_it_balances_each_year_of_the_expectation():
    path = project(stock=_profile(), rates=_rates(), start_year=2025, years=10)
    for k in range(10):
        flows = path.joiners[k].sum() - path.leavers[k].sum() + path.migration[k].sum()
        assert path.stock[k + 1].sum() == pytest.approx(path.stock[k].sum() + flows)


def test_it_caps_plans_at_25():
    path = project(stock=_profile(), rates=_rates(), start_year=2025, years=3)
    assert np.allclose(path.leavers[:, MAX_AGE], path.stock[:-1, MAX_AGE])


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    joiner=st.floats(0.0, 0.3),
    migration=st.floats(-0.2, 0.2),
    leaver=st.floats(0.0, 0.3),
)
def test_every_simulation_balances(seed, joiner, migration, leaver):
    sim = simulate(
        stock=_profile(),
        rates=_rates(joiner=joiner, leaver=leaver, migration=migration),
        start_year=2025,
        years=5,
        simulations=50,
        seed=seed,
    )
    totals = sim.totals()
    assert (sim.by_group >= 0).all()
    assert np.array_equal(totals[:, 1:], totals[:, :-1] + sim.joiners - sim.leavers + sim.migration)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_fixed_seed_gives_identical_results(seed):
    runs = [
        simulate(stock=_profile(), rates=_rates(), start_year=2025, years=4, simulations=40, seed=seed)
        for _ in "ab"
    ]
    assert np.array_equal(runs[0].by_group, runs[1].by_group)
    assert np.array_equal(runs[0].migration, runs[1].migration)


def test_another_seed_gives_other_results():
    a, b = (
        simulate(stock=_profile(), rates=_rates(), start_year=2025, years=4, simulations=40, seed=s)
        for s in (1, 2)
    )
    assert not np.array_equal(a.by_group, b.by_group)


@pytest.mark.parametrize("migration", [0.03, -0.04])
def test_the_monte_carlo_mean_is_within_1pc_of_the_expectation_at_10000_simulations(migration):
    rates = without_uncertainty(_rates(migration=migration))
    path = project(stock=_profile(), rates=rates, start_year=2025, years=10)
    sim = simulate(
        stock=_profile(),
        rates=rates,
        start_year=2025,
        years=10,
        simulations=10_000,
        seed=7,
        parameter_uncertainty=False,
    )
    mean = sim.by_group.mean(axis=0)
    expected = path.by_group()
    assert np.abs(sim.totals().mean(axis=0) - path.totals()).max() / path.totals().min() < 0.01
    big = expected > 200  # group lines: within 1% where counts are not tiny
    assert (np.abs(mean - expected)[big] / expected[big]).max() < 0.01


def test_with_drawn_rates_the_mean_stays_close_to_the_central_line_and_the_band_holds_it():
    rates = _rates()
    path = project(stock=_profile(), rates=rates, start_year=2025, years=10)
    sim = simulate(stock=_profile(), rates=rates, start_year=2025, years=10, simulations=10_000, seed=3)
    q = sim.quantiles()
    total = path.totals()
    assert (q["p5"][:, -1] <= total).all() and (total <= q["p95"][:, -1]).all()
    assert (q["p2_5"] <= q["p5"]).all() and (q["p95"] <= q["p97_5"]).all()
    # Growth compounds: the mean of drawn-rate paths sits a little above the central line, not far.
    assert np.abs(q["mean"][:, -1] / total - 1).max() < 0.05


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 1000), start=st.integers(2025, 2034))
def test_a_zero_lever_equals_the_unmitigated_run(seed, start):
    rates = _rates()
    levers = [
        joiners_scaled(workstream="Early help", start_year=start, factor=1.0, ages=(5, 10)),
        joiners_moved(
            workstream="Local special places",
            start_year=start,
            share=0.0,
            from_group="independent",
            to_group="special",
        ),
        leavers_scaled(workstream="Preparing for adulthood", start_year=start, factor=1.0, ages=(19, 25)),
    ]
    base = project(stock=_profile(), rates=rates, start_year=2025, years=10)
    lever = project(stock=_profile(), rates=rates, start_year=2025, years=10, levers=levers)
    assert np.allclose(base.stock, lever.stock)
    a = simulate(stock=_profile(), rates=rates, start_year=2025, years=10, simulations=30, seed=seed)
    b = simulate(
        stock=_profile(), rates=rates, start_year=2025, years=10, simulations=30, seed=seed, levers=levers
    )
    assert np.array_equal(a.by_group, b.by_group)


def test_fewer_joiners_aged_5_to_10_from_2027_lowers_the_line_from_january_2028():
    rates = _rates()
    base = project(stock=_profile(), rates=rates, start_year=2025, years=6)
    lever = joiners_scaled(workstream="Early help", start_year=2027, factor=0.9, ages=(5, 10))
    less = project(stock=_profile(), rates=rates, start_year=2025, years=6, levers=[lever])
    assert np.allclose(less.stock[:3], base.stock[:3])
    assert np.allclose(less.joiners[2, 5:11], base.joiners[2, 5:11] * 0.9)
    assert less.totals()[3] < base.totals()[3]
    assert lever.describe() == "New plans aged 5–10 −10% from 2027-28"


def test_moving_joiners_from_independent_to_maintained_special_keeps_the_number_of_joiners():
    rates = _rates()
    lever = joiners_moved(
        workstream="Local special places",
        start_year=2025,
        share=0.15,
        from_group="independent",
        to_group="special",
    )
    base = project(stock=_profile(), rates=rates, start_year=2025, years=1)
    moved = project(stock=_profile(), rates=rates, start_year=2025, years=1, levers=[lever])
    assert moved.joiners.sum() == pytest.approx(base.joiners.sum())
    assert moved.joiners[0, :, 3].sum() == pytest.approx(base.joiners[0, :, 3].sum() * 0.85)


def test_more_ceased_plans_at_19_and_over_lowers_the_line():
    rates = _rates()
    lever = leavers_scaled(workstream="Preparing for adulthood", start_year=2026, factor=1.2, ages=(19, 25))
    base = project(stock=_profile(), rates=rates, start_year=2025, years=3)
    more = project(stock=_profile(), rates=rates, start_year=2025, years=3, levers=[lever])
    assert np.allclose(more.leavers[1, 19:25], base.leavers[1, 19:25] * 1.2)
    assert more.totals()[3] < base.totals()[3]


@pytest.mark.parametrize(
    ("lever", "words"),
    [
        (joiners_scaled(workstream="Early help", start_year=2027, factor=-0.1), "negative"),
        (
            joiners_moved(
                workstream="Local places",
                start_year=2027,
                share=1.5,
                from_group="independent",
                to_group="special",
            ),
            "negative",
        ),
        (
            leavers_scaled(workstream="Adulthood", start_year=2027, factor=100.0, ages=(19, 24)),
            "cannot cease",
        ),
    ],
)
def test_it_refuses_a_lever_that_would_make_a_count_negative(lever, words):
    with pytest.raises(LeverRefused, match=words) as refused:
        project(stock=_profile(), rates=_rates(), start_year=2025, years=5, levers=[lever])
    assert lever.workstream in str(refused.value)


def test_it_refuses_an_unknown_group():
    lever = joiners_moved(
        workstream="X", start_year=2027, share=0.1, from_group="independent", to_group="moon"
    )
    with pytest.raises(DemandInputError, match="'moon' is not a setting group"):
        project(stock=_profile(), rates=_rates(), start_year=2025, years=5, levers=[lever])


def test_it_refuses_a_negative_stock():
    stock = _profile()
    stock[3, 2] = -1
    with pytest.raises(DemandInputError, match="negative"):
        project(stock=stock, rates=_rates(), start_year=2025, years=5)


def test_joiners_can_be_a_rate_of_population():
    rates = without_uncertainty(_rates())
    from dataclasses import replace

    rates = replace(rates, joiner_base="population", joiner_rate=0.01)
    population = np.full((3, AGES), 5000.0)
    path = project(stock=_profile(), rates=rates, start_year=2025, years=3, population=population)
    assert path.joiners[0].sum() == pytest.approx(0.01 * 5000 * AGES)
    with pytest.raises(DemandInputError, match="no population"):
        project(stock=_profile(), rates=rates, start_year=2025, years=3)


def _per_head(rates: Rates, reference: np.ndarray) -> Rates:
    from dataclasses import replace

    return replace(rates, joiner_base="population", joiner_rate=0.002, joiner_population=reference)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 1000),
    factor=st.floats(0.25, 4.0),
    age=st.integers(0, MAX_AGE),
    years=st.integers(1, 6),
)
def test_doubling_the_population_doubles_the_expected_joiners(seed, factor, age, years):
    """Joiners per head of each age: scaling every age's people scales the joiners of every year by as much;
    a cohort that changes alone changes the joiners of its own age only."""
    rng = np.random.default_rng(seed)
    reference = rng.uniform(500, 3000, AGES)
    rates = _per_head(without_uncertainty(_rates(seed=seed % 7 + 1)), reference)
    population = reference[None, :] * rng.uniform(0.8, 1.2, (years, AGES))
    base = project(stock=_profile(), rates=rates, start_year=2025, years=years, population=population)
    doubled = project(stock=_profile(), rates=rates, start_year=2025, years=years, population=2 * population)
    assert doubled.joiners == pytest.approx(2 * base.joiners)
    scaled = project(
        stock=_profile(), rates=rates, start_year=2025, years=years, population=factor * population
    )
    assert scaled.joiners.sum() == pytest.approx(factor * base.joiners.sum())
    one = population.copy()
    one[:, age] *= factor
    cohort = project(stock=_profile(), rates=rates, start_year=2025, years=years, population=one)
    others = np.arange(AGES) != age
    assert cohort.joiners[:, others] == pytest.approx(base.joiners[:, others])
    assert cohort.joiners[:, age] == pytest.approx(factor * base.joiners[:, age])


def test_at_the_reference_population_joiners_per_head_are_the_rate_times_the_people():
    reference = np.full(AGES, 1000.0)
    rates = _per_head(without_uncertainty(_rates()), reference)
    path = project(
        stock=_profile(), rates=rates, start_year=2025, years=2, population=np.tile(reference, (2, 1))
    )
    assert path.joiners[0].sum() == pytest.approx(0.002 * 1000 * AGES)
    assert path.joiners[0] == pytest.approx(0.002 * 1000 * AGES * rates.joiner_mix)


def test_the_simulations_follow_the_population_too():
    reference = np.full(AGES, 1000.0)
    rates = _per_head(without_uncertainty(_rates()), reference)
    population = np.tile(reference, (3, 1))
    args = dict(stock=_profile(), rates=rates, start_year=2025, years=3, simulations=4000, seed=3)
    base = simulate(**args, population=population).joiners.mean()
    assert simulate(**args, population=3 * population).joiners.mean() == pytest.approx(3 * base, rel=0.02)


def test_it_refuses_new_plans_at_an_age_with_no_people():
    reference = np.full(AGES, 1000.0)
    reference[6] = 0
    with pytest.raises(DemandInputError, match="no population"):
        _per_head(_rates(), reference)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), spread=st.floats(0.0, 2.0))
def test_leavers_by_age_and_setting_balance_and_match_the_expectation(seed, spread):
    """A hazard by age × group (observed transitions): every simulation balances, and at 1-D it is the
    same run as the hazard by age alone."""
    from dataclasses import replace

    base = without_uncertainty(_rates())
    rng = np.random.default_rng(seed % 1000)
    by_group = np.clip(
        base.leaver_hazard[:, None] * rng.uniform(1 - spread / 2, 1 + spread / 2, (AGES, N_GROUPS)), 0, 1
    )
    rates = replace(base, leaver_hazard=by_group)
    sim = simulate(stock=_profile(), rates=rates, start_year=2025, years=4, simulations=40, seed=seed)
    totals = sim.totals()
    assert np.array_equal(totals[:, 1:], totals[:, :-1] + sim.joiners - sim.leavers + sim.migration)
    path = project(stock=_profile(), rates=rates, start_year=2025, years=4)
    assert path.leavers[0] == pytest.approx(_profile() * rates.leaver_hazard)
    flat = replace(base, leaver_hazard=np.tile(base.leaver_hazard[:, None], (1, N_GROUPS)))
    args = dict(stock=_profile(), start_year=2025, years=4, simulations=20, seed=seed)
    assert np.array_equal(simulate(rates=flat, **args).by_group, simulate(rates=base, **args).by_group)


def _with_reasons(rates: Rates, seed: int = 1) -> Rates:
    from dataclasses import replace

    shares = np.random.default_rng(seed).dirichlet(np.ones(len(REASON_KEYS)), size=AGES)
    shares[:, REASON_KEYS.index("not_rec")] = 0.0  # a reason the data never give
    return replace(rates, leaver_reasons=shares / shares.sum(axis=1, keepdims=True))


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(0, 1000),
    start=st.integers(2025, 2030),
    reason=st.sampled_from([r for r in REASON_KEYS if r != "not_rec"]),
)
def test_a_reason_lever_of_factor_1_equals_the_unmitigated_run(seed, start, reason):
    rates = _with_reasons(_rates(), seed)
    lever = leavers_scaled(workstream="Adulthood", start_year=start, factor=1.0, ages=(16, 25), reason=reason)
    base = project(stock=_profile(), rates=rates, start_year=2025, years=8)
    same = project(stock=_profile(), rates=rates, start_year=2025, years=8, levers=[lever])
    assert np.array_equal(base.stock, same.stock)
    a = simulate(stock=_profile(), rates=rates, start_year=2025, years=8, simulations=20, seed=seed)
    b = simulate(
        stock=_profile(), rates=rates, start_year=2025, years=8, simulations=20, seed=seed, levers=[lever]
    )
    assert np.array_equal(a.by_group, b.by_group)


@settings(max_examples=10, deadline=None)
@given(factor=st.floats(0.0, 1.5), ages=st.sampled_from([(0, 25), (5, 10), (19, 25)]))
def test_a_lever_on_every_reason_equals_the_old_lever(factor, ages):
    rates = _with_reasons(_rates())
    old = leavers_scaled(workstream="Adulthood", start_year=2026, factor=factor, ages=ages)
    plain = _rates()  # no reasons at all: the lever as it was
    assert old.reason is None
    before = project(stock=_profile(), rates=plain, start_year=2025, years=5, levers=[old])
    now = project(stock=_profile(), rates=rates, start_year=2025, years=5, levers=[old])
    assert np.array_equal(before.stock, now.stock)


def test_a_reason_lever_scales_only_that_reasons_part_of_the_hazard():
    rates = _with_reasons(_rates())
    needs_met = REASON_KEYS.index("needs_met")
    lever = leavers_scaled(
        workstream="Adulthood", start_year=2025, factor=1.2, ages=(19, 24), reason="needs_met"
    )
    base = project(stock=_profile(), rates=rates, start_year=2025, years=1)
    more = project(stock=_profile(), rates=rates, start_year=2025, years=1, levers=[lever])
    share = rates.leaver_reasons[19:25, needs_met]
    expected = base.leavers[0, 19:25] * (1 + 0.2 * share)[:, None]
    assert np.allclose(more.leavers[0, 19:25], expected)
    assert np.allclose(more.leavers[0, :19], base.leavers[0, :19])
    assert lever.describe() == "Ceased plans aged 19–24 because needs were met +20% from 2025-26"
    everyone = leavers_scaled(workstream="A", start_year=2027, factor=1.2, reason="needs_met")
    assert everyone.describe() == "Ceased plans because needs were met +20% from 2027-28"


def test_it_refuses_an_unknown_reason_and_one_the_data_do_not_give():
    rates = _with_reasons(_rates())
    unknown = leavers_scaled(workstream="A", start_year=2026, factor=1.2, reason="boredom")
    with pytest.raises(LeverRefused, match="not a reason"):
        project(stock=_profile(), rates=rates, start_year=2025, years=3, levers=[unknown])
    absent = leavers_scaled(workstream="A", start_year=2026, factor=1.2, reason="not_rec")
    with pytest.raises(LeverRefused, match="no ceased plans aged 0–25 because the reason was not recorded"):
        project(stock=_profile(), rates=rates, start_year=2025, years=3, levers=[absent])
    without = leavers_scaled(workstream="A", start_year=2026, factor=1.2, reason="needs_met")
    with pytest.raises(LeverRefused, match="nothing for this lever to change"):
        project(stock=_profile(), rates=_rates(), start_year=2025, years=3, levers=[without])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), cap=st.booleans())
def test_the_hazard_fitted_to_leavers_by_setting_keeps_each_ages_leavers(seed, cap):
    """Any stock, age hazard and shares: the fitted hazard is a chance, 1 at 25, and gives the same expected
    leavers at each age at the stock it was fitted on (so the same total)."""
    from projections.demand_calibration import _setting_hazard

    rng = np.random.default_rng(seed)
    stock = np.round(rng.gamma(1.0, 30.0, (AGES, N_GROUPS)) * (rng.random((AGES, N_GROUPS)) > 0.2))
    hazard = rng.uniform(0.0, 0.9 if cap else 0.2, AGES)
    hazard[MAX_AGE] = 1.0
    shares = rng.dirichlet(np.ones(N_GROUPS))
    fitted, _notes = _setting_hazard(hazard, stock, shares)
    assert fitted.shape == (AGES, N_GROUPS)
    assert (fitted >= 0).all() and (fitted <= 1).all() and (fitted[MAX_AGE] == 1).all()
    kept = (stock * fitted).sum(axis=1)
    assert kept == pytest.approx(stock.sum(axis=1) * hazard, rel=1e-6, abs=1e-6)


def test_a_leavers_lever_on_one_setting_group_scales_only_that_groups_hazard():
    rates = _rates()
    lever = leavers_scaled(workstream="Adulthood", start_year=2025, factor=1.5, ages=(16, 24), group="post16")
    base = project(stock=_profile(), rates=rates, start_year=2025, years=1)
    more = project(stock=_profile(), rates=rates, start_year=2025, years=1, levers=[lever])
    post16 = 5  # GROUP_KEYS.index("post16")
    assert np.allclose(more.leavers[0, 16:25, post16], base.leavers[0, 16:25, post16] * 1.5)
    others = [g for g in range(N_GROUPS) if g != post16]
    assert np.allclose(more.leavers[0][:, others], base.leavers[0][:, others])
    assert np.allclose(more.leavers[0, 25], base.leavers[0, 25])  # the age-25 cap stays 1
    assert lever.describe() == "Ceased plans aged 16–24 in post-16 and further education +50% from 2025-26"
    # With drawn counts too, and a factor of 1 is the unmitigated run.
    same = leavers_scaled(workstream="A", start_year=2025, factor=1.0, group="post16")
    runs = [
        simulate(
            stock=_profile(), rates=rates, start_year=2025, years=3, simulations=50, seed=4, levers=levers
        )
        for levers in ([], [same])
    ]
    assert np.array_equal(runs[0].by_group, runs[1].by_group)


def test_a_leavers_lever_on_a_group_is_refused_where_it_would_take_more_plans_than_there_are():
    lever = leavers_scaled(workstream="A", start_year=2026, factor=1000.0, ages=(0, 24), group="other")
    with pytest.raises(LeverRefused, match="more plans cannot cease than exist"):
        project(stock=_profile(), rates=_rates(), start_year=2025, years=3, levers=[lever])
    unknown = leavers_scaled(workstream="A", start_year=2026, factor=1.2, group="moon")
    with pytest.raises(DemandInputError, match="not a setting group"):
        project(stock=_profile(), rates=_rates(), start_year=2025, years=3, levers=[unknown])
