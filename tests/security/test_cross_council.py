"""The whole URL × role matrix: nobody reaches another council's objects, whatever URL or id they try.

Every URL under /councils/<slug>/ is found from the URL configuration, so a new URL is covered (or fails
here until its object is named in OBJECT_FOR) without anyone remembering to add it.
"""

from datetime import UTC, date, datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Invitation
from agreements.models import CapitalProject, GrantSpend, Payment, ReformPlanVersion, ReformSection
from dsg import services as dsg_services
from forum.services.meetings import meeting_create
from projections.models import DemandLever
from reports import services as report_services
from spreadsheets.models import PendingImport
from tests.conftest import ROLES, member_client
from tests.factories import (
    AgreementFactory,
    CategoryFactory,
    ConditionFactory,
    DsgTransferFactory,
    ForecastFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LeadFactory,
    MembershipFactory,
    QuarterlyReturnFactory,
    TargetFactory,
    UserFactory,
)

# URL name prefix -> which of the foreign council's objects its id points at.
OBJECT_FOR = {
    "workstream_": "workstream",
    "milestone_create": "workstream",
    "milestone_": "milestone",
    "category_": "category",
    "lead_": "lead",
    "forecast_": "forecast",
    "report_": "report",
    "actual_": "year",
    "projections_download": "forecast",
    "report_pack_download": "report",
    "report_paper_download": "report",
    "tracker_import_confirm": "pending",
    "member_": "membership",
    "invitation_": "invitation",
    "meeting_": "meeting",
    "update_return": "lead",
    "return_chase": "lead",
    "indicator_target_delete": "indicator_target",
    "indicator_value_edit": "indicator_value",
    "indicator_": "indicator",
    "demand_output_csv": "shape",  # not an object: which of witan.send's two output shapes
    "demand_lever_": "demand_lever",
    "dsg_transfer_": "dsg_transfer",
    "dsg_income_from_dfe": "year",
    "dsg_expenditure_from_s251": "year",
    "dsg_stability_figure": "stability_source",  # not an object: which of the five figures
    "dsg_narrative_edit": "narrative_section",
    "dsg_plan_version": "plan_version",  # not an object: which section of the plan's narrative
    "dsg_plan_docx": "plan_version",
    "agreement_": "agreement",
    "trajectory_": "agreement",
    "grant_spend_edit": "agreement",
    "grant_spend_delete": "grant_spend",
    "cost_avoidance_edit": "agreement",
    "section_create": "agreement",
    "section_edit": "section",
    "section_move": "section",
    "reform_plan_publish": "agreement",
    "reform_": "version",
    "payment_create": "agreement",
    "payment_delete": "payment",
    "capital_project_create": "agreement",
    "capital_project_": "capital_project",
    "condition_create": "agreement",
    "condition_update": "condition",
    "condition_edit": "condition",
    "return_create": "agreement",
    "return_": "return",  # after return_chase and return_create: the agreement's id and the return's
}


def council_urls():
    """(name, route kwargs) of every URL pattern mounted under councils/<slug>/."""
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and (prefix + str(p.pattern)).startswith("councils/<slug:slug>/"):
                # The route's own converters: the id of an object, if any (slug belongs to the prefix).
                found.append((p.name, [kw for kw in p.pattern.converters if kw != "slug"]))

    walk(get_resolver().url_patterns, "")
    return found


URLS = council_urls()
NEXT_YEAR = datetime(2027, 12, 5, tzinfo=UTC)


def object_key(name: str) -> str:
    return next(value for prefix, value in OBJECT_FOR.items() if name.startswith(prefix))


@pytest.fixture
def foreign_objects(foreign):
    author = UserFactory()
    indicator = IndicatorFactory(plan=foreign.plan)
    report = report_services.report_create(
        plan=foreign.plan, user=author, meeting_date=date(2025, 2, 1), title="Foreign report"
    )
    agreement = AgreementFactory(plan=foreign.plan)
    dbv = AgreementFactory(plan=foreign.plan, kind="dbv", title="DBV", dfe_contribution=1_000_000)
    return {
        "agreement": agreement.pk,
        "payment": {
            "pk": agreement.pk,
            "payment_pk": Payment.objects.create(
                agreement=agreement, kind="paid", on=date(2025, 3, 31), amount=1000
            ).pk,
        },
        "capital_project": {
            "pk": agreement.pk,
            "project_pk": CapitalProject.objects.create(agreement=agreement, name="School", budget=1).pk,
        },
        "grant_spend": {
            "pk": dbv.pk,
            "grant_spend_pk": GrantSpend.objects.create(
                agreement=dbv, workstream=foreign.workstream, financial_year=2024, allocated=1000
            ).pk,
        },
        "condition": {"pk": agreement.pk, "condition_pk": ConditionFactory(agreement=agreement).pk},
        "return": {"pk": agreement.pk, "return_pk": QuarterlyReturnFactory(agreement=agreement).pk},
        "version": {
            "pk": agreement.pk,
            "version_pk": ReformPlanVersion.objects.create(
                agreement=agreement, number=1, published_at=NEXT_YEAR, snapshot={"sections": []}
            ).pk,
        },
        "section": {
            "pk": agreement.pk,
            "section_pk": ReformSection.objects.create(agreement=agreement, principle="Early").pk,
        },
        "workstream": foreign.workstream.pk,
        "milestone": foreign.milestone.pk,
        "category": CategoryFactory(plan=foreign.plan).pk,
        "lead": LeadFactory(council=foreign.council).pk,
        "forecast": ForecastFactory(plan=foreign.plan).pk,
        "report": report.pk,
        "year": "2024-25",
        "membership": MembershipFactory(council=foreign.council).pk,
        "invitation": Invitation.objects.create(
            council=foreign.council, email="x@foreign.gov.uk", role="officer", token="t", expires_at=NEXT_YEAR
        ).pk,
        "meeting": meeting_create(council=foreign.council, user=author, meets_on=date(2027, 3, 12)).pk,
        "indicator": indicator.pk,
        "indicator_target": TargetFactory(indicator=indicator).pk,
        "indicator_value": IndicatorValueFactory(indicator=indicator).pk,
        "shape": "setting",
        "demand_lever": DemandLever.objects.create(
            plan=foreign.plan,
            workstream=foreign.workstream,
            scenario="target",
            kind="joiners",
            start_year=2026,
        ).pk,
        "stability_source": "dsg_note",
        "narrative_section": "outcomes",
        "plan_version": dsg_services.plan_publish(council=foreign.council, user=None).number,
        "dsg_transfer": DsgTransferFactory(council=foreign.council).pk,
        "pending": PendingImport.objects.create(
            council=foreign.council, uploaded_by=author, filename="t.xlsx", content=b"", sha256="x"
        ).pk,
    }


def test_every_council_url_is_in_the_matrix():
    assert len(URLS) > 20
    for name, kwargs in URLS:
        if kwargs:
            assert any(name.startswith(prefix) for prefix in OBJECT_FOR), f"add {name} to OBJECT_FOR"


def build(name, kwargs, slug, objects):
    from django.urls import reverse

    values = {"slug": slug}
    for kw in kwargs:
        target = objects[object_key(name)]
        values[kw] = target[kw] if isinstance(target, dict) else target  # several ids: one per route kwarg
    return reverse(name, kwargs=values)


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_on_another_councils_slug_for_every_url(home, foreign, foreign_objects, role):
    client = member_client(home.council, role)
    for name, kwargs in URLS:
        url = build(name, kwargs, foreign.council.slug, foreign_objects)
        # POST-only actions answer a GET with 405 for any slug, before looking anything up: no leak.
        assert client.get(url).status_code in {404, 405}, url
        assert client.post(url, {}).status_code == 404, url


@pytest.mark.parametrize("role", ROLES)
def test_it_never_serves_another_councils_id_under_ones_own_slug(home, foreign, foreign_objects, role):
    """404, or 403 where the role may not use that URL at all (refused before any lookup)."""
    client = member_client(home.council, role)
    for name, kwargs in URLS:
        # No object of the other council's to name:
        if not kwargs or object_key(name) in ("year", "shape", "stability_source", "narrative_section"):
            continue
        url = build(name, kwargs, home.council.slug, foreign_objects)
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code in {403, 404, 405}, (url, response.status_code)


def test_staff_reach_every_council(staff_client, foreign, foreign_objects):
    for name, kwargs in URLS:
        if name.endswith(("_list", "_detail", "_dashboard")) and object_key_or_none(name) != "year":
            url = build(name, kwargs, foreign.council.slug, foreign_objects)
            assert staff_client.get(url).status_code == 200, url


def object_key_or_none(name):
    return next((value for prefix, value in OBJECT_FOR.items() if name.startswith(prefix)), None)
