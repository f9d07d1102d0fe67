"""Every series the store keeps: how pages and reports name it, its unit, and the page section it is in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    unit: str  # "count", "percent", "pounds", "people"
    section: str


_S = [
    Series("ehcp_total", "EHC plans", "count", "EHC plans"),
    Series(
        "ehcp_mainstream", "In mainstream schools", "count", "Where children and young people with plans are"
    ),
    Series("ehcp_special", "In special schools", "count", "Where children and young people with plans are"),
    Series("ehcp_special_la_maintained", "In LA maintained special schools", "count", "Special schools"),
    Series("ehcp_special_academy", "In special academies and free schools", "count", "Special schools"),
    Series("ehcp_special_independent", "In independent special schools", "count", "Special schools"),
    Series("ehcp_special_non_maintained", "In non-maintained special schools", "count", "Special schools"),
    Series(
        "ehcp_ap",
        "In alternative provision or pupil referral units",
        "count",
        "Where children and young people with plans are",
    ),
    Series("ehcp_fe", "In further education", "count", "Where children and young people with plans are"),
    Series(
        "ehcp_placement_unknown",
        "Placement not recorded",
        "count",
        "Where children and young people with plans are",
    ),
    Series("ehcp_mainstream_pc", "Share in mainstream schools", "percent", "Shares"),
    Series("ehcp_special_pc", "Share in special schools", "percent", "Shares"),
    Series("ehcp_ap_pc", "Share in alternative provision", "percent", "Shares"),
    Series("ehcp_fe_pc", "Share in further education", "percent", "Shares"),
    Series("ehcp_new", "New EHC plans in the calendar year", "count", "New and ceased plans"),
    Series("ehcp_ceased", "EHC plans ceased in the calendar year", "count", "New and ceased plans"),
    Series("ehcp_need", "EHC plans by primary need", "count", "Primary need"),
    Series("ehcp_new_need", "New EHC plans by primary need", "count", "Primary need"),
    Series("ehcp_group", "EHC plans by placement group", "count", "Demand model inputs"),
    Series("ehcp_age_group", "EHC plans by age and placement group", "count", "Demand model inputs"),
    Series("ehcp_new_group", "New EHC plans by placement group", "count", "Demand model inputs"),
    Series("ehcp_new_age", "New EHC plans by age when the plan started", "count", "Demand model inputs"),
    Series("ehcp_ceased_age", "Ceased EHC plans by age", "count", "Demand model inputs"),
    Series("ehcp_ceased_reason", "Ceased EHC plans by age and reason", "count", "Demand model inputs"),
    Series("dsg_high_needs", "High needs block before academy deductions", "pounds", "High needs funding"),
    Series(
        "dsg_high_needs_deductions",
        "Deducted for places the DfE funds directly",
        "pounds",
        "High needs funding",
    ),
    Series("dsg_high_needs_after", "High needs block after deductions", "pounds", "High needs funding"),
    Series("dsg_schools", "Schools block", "pounds", "DSG allocation"),
    Series("dsg_central", "Central school services block", "pounds", "DSG allocation"),
    Series("dsg_early_years", "Early years block", "pounds", "DSG allocation"),
    Series("dsg_total", "Total DSG before deductions", "pounds", "DSG allocation"),
    Series("dsg_total_after", "Total DSG after deductions", "pounds", "DSG allocation"),
    Series("population_2_18", "Population aged 2 to 18", "people", "Population"),
    Series("population_0_25", "Population aged 0 to 25", "people", "Population"),
    Series("population_age", "Population by single year of age", "people", "Demand model inputs"),
]
for kind, word in (("outturn", "spent"), ("budget", "budgeted")):
    section = f"High-needs {kind} (s251)"
    _S += [
        Series(f"s251_{kind}_high_needs", f"High needs, {word} in total", "pounds", section),
        Series(f"s251_{kind}_place_funding", "Place funding", "pounds", section),
        Series(f"s251_{kind}_top_ups", "Top-up funding", "pounds", section),
        Series(f"s251_{kind}_independent", "Independent and non-maintained providers", "pounds", section),
        Series(f"s251_{kind}_sen_services", "SEN support and inclusion services", "pounds", section),
        Series(f"s251_{kind}_alternative_provision", "Alternative provision services", "pounds", section),
        Series(f"s251_{kind}_hospital", "Hospital education", "pounds", section),
        Series(f"s251_{kind}_therapies", "Therapies and health-related services", "pounds", section),
        Series(f"s251_{kind}_sen_transport", "SEN transport", "pounds", section),
        Series(
            f"s251_{kind}_dsg_carried_forward",
            "DSG carried forward (a negative figure is a deficit)",
            "pounds",
            section,
        ),
    ]
SERIES: dict[str, Series] = {s.key: s for s in _S}


def label(key: str) -> str:
    return SERIES[key].label if key in SERIES else key


# Primary need, as the DfE's release names it (sen_needs_all_plans.csv: number_<key>).
NEED_LABELS: dict[str, str] = {
    "asd": "Autistic spectrum disorder",
    "slcn": "Speech, language and communication needs",
    "semh": "Social, emotional and mental health",
    "mld": "Moderate learning difficulty",
    "sld": "Severe learning difficulty",
    "spld": "Specific learning difficulty",
    "pmld": "Profound and multiple learning difficulty",
    "pd": "Physical disability",
    "hi": "Hearing impairment",
    "vi": "Visual impairment",
    "msi": "Multi-sensory impairment",
    "oth": "Other difficulty or disability",
    "need_unknown": "Primary need not recorded",
}
