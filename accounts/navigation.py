"""A council's navigation, grouped by task: one row of sections (Plan, Schools Forum, Money, Data), and the
pages of the current section beneath it. Each page belongs to one section by its URL name, so the current
section is marked on every page of it, forms and details included."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    also: tuple[str, ...] = ()  # other URL names that are part of this page (its forms and details)
    shown_if: str = ""  # a CouncilAccess flag the reader needs ("" for everyone of the council)


@dataclass(frozen=True)
class Section:
    label: str
    pages: tuple[Page, ...]


SECTIONS = (
    Section(
        "Plan",
        (
            Page(
                "Workstreams",
                "workstream_list",
                also=(
                    "workstream_create", "workstream_detail", "workstream_edit", "workstream_savings",
                    "workstream_archive", "workstream_move", "milestone_create", "category_list",
                    "category_edit", "tracker_import", "tracker_import_confirm",
                ),
            ),
            Page(
                "Milestones",
                "milestone_list",
                also=(
                    "milestone_detail", "milestone_update", "milestone_edit", "milestone_archive",
                    "milestone_move",
                ),
            ),
            Page("My milestones", "milestone_mine", shown_if="can_update_milestones"),
            Page("Changes", "milestone_changes"),
            Page("Leads", "lead_list", also=("lead_create", "lead_edit")),
        ),
    ),
    Section(
        "Schools Forum",
        (
            Page(
                "Calendar",
                "meeting_list",
                also=("meeting_create", "meeting_edit", "meeting_delete", "forum_cycle_edit"),
            ),
            Page("Update return", "return_mine", also=("update_return",), shown_if="can_update_milestones"),
            Page("Return status", "return_status", also=("return_chase",), shown_if="can_manage_plan"),
            Page(
                "Reports",
                "report_list",
                also=("report_create", "report_detail", "report_edit", "report_publish", "report_visibility"),
            ),
        ),
    ),
    Section(
        "Money",
        (
            Page(
                "Forecasts",
                "forecast_list",
                also=(
                    "forecast_create", "forecast_detail", "forecast_inputs", "forecast_figures",
                    "forecast_savings_carry_forward", "forecast_run", "forecast_publish",
                    "forecast_make_current", "forecast_copy", "forecast_delete",
                ),
            ),
            Page("Demand model", "demand_model", also=("demand_lever_add",)),
            Page(
                "DSG ledger",
                "dsg_ledger",
                also=(
                    "dsg_line_edit",
                    "dsg_transfer_create",
                    "dsg_transfer_delete",
                    "dsg_income_from_dfe",
                    "dsg_expenditure_from_s251",
                ),
            ),
            Page("Actuals", "actual_list", also=("actual_edit", "s251_mapping"), shown_if="can_edit_finance"),
        ),
    ),
    # What the DfE asks of the council: the DSG management plan (a condition of grant), the High Needs
    # Stability Grant evidence, and its agreements (Safety Valve, DBV, the local SEND reform plan).
    Section(
        "DfE returns",
        (
            Page(
                "DSG management plan",
                "dsg_plan",
                also=(
                    "dsg_engagement_create", "dsg_sign_off_create", "dsg_narrative_edit", "dsg_plan_publish",
                    "dsg_plan_version",
                ),
            ),
            Page(
                "Stability grant",
                "dsg_stability",
                also=("dsg_stability_figure", "dsg_stability_claim"),
                shown_if="can_edit_finance",
            ),
            Page(
                "Agreements",
                "agreement_list",
                also=(
                    "agreement_create", "agreement_detail", "agreement_edit", "agreement_status",
                    "trajectory_year_edit", "trajectory_revise", "grant_spend_edit", "cost_avoidance_edit",
                    "section_create", "section_edit", "reform_plan_publish", "reform_version_detail",
                    "payment_create", "condition_create", "condition_update", "condition_edit",
                    "return_create", "return_detail", "return_submit",
                    "payment_delete", "grant_spend_delete", "section_move",
                    "capital_project_create", "capital_project_edit", "capital_project_delete",
                ),
            ),
        ),
    ),
    Section(
        "Data",
        (
            Page(
                "Indicators",
                "indicator_list",
                also=(
                    "indicator_create", "indicator_detail", "indicator_edit", "indicator_target_set",
                    "indicator_value_create", "indicator_target_delete", "indicator_value_edit",
                    "sen2_import", "sen2_import_confirm",
                ),
            ),
            Page("Benchmarking", "benchmarking", also=("dashboard_measures",)),
            Page("DfE figures", "dfe_figures"),
        ),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool  # this page, or a page of it
    exact: bool  # this very page (aria-current="page"), not one of its forms or details


@dataclass(frozen=True)
class SectionLink(Link):
    pages: tuple[Link, ...]


def council_navigation(*, access, url_name: str) -> list[SectionLink]:
    """The sections the reader may open in this council, each linking to its first page, and the current
    one with its pages. ``access`` is an accounts.access.CouncilAccess."""
    slug = access.council.slug
    sections = []
    for section in SECTIONS:
        pages = tuple(
            Link(
                label=page.label,
                url=reverse(page.url_name, args=[slug]),
                current=url_name == page.url_name or url_name in page.also,
                exact=url_name == page.url_name,
            )
            for page in section.pages
            if not page.shown_if or getattr(access, page.shown_if)
        )
        if not pages:
            continue
        current = any(p.current for p in pages)
        sections.append(
            SectionLink(
                label=section.label,
                url=pages[0].url,
                current=current,
                exact=pages[0].exact,
                pages=pages,
            )
        )
    return sections
