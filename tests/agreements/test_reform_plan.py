"""The local SEND reform plan: sections for the reform's principles (data, defaulting to the five), each
with its narrative, workstreams, levers and measures, and a self-assessment on the four-point scale with
its evidence."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from agreements import services
from agreements.models import ReformSection
from agreements.reform import DEFAULT_PRINCIPLES
from agreements.services import AgreementDetails
from core.errors import Refused
from projections.models import DemandLever
from tests.conftest import member_client
from tests.factories import IndicatorFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="admin-user")


@pytest.fixture
def reform(home, user):
    return services.agreement_create(
        council=home.council,
        plan=home.plan,
        user=user,
        details=AgreementDetails(
            "reform_plan", "Local SEND reform plan", date(2026, 3, 31), 2026, 2028, Decimal(0)
        ),
    )


def test_a_reform_plan_starts_with_the_five_principles(reform):
    assert [s.principle for s in reform.sections.order_by("position")] == [p for p, _ in DEFAULT_PRINCIPLES]
    assert [p for p, _ in DEFAULT_PRINCIPLES] == ["Early", "Local", "Fair", "Effective", "Shared"]


def test_a_council_adds_a_section_once(reform, user):
    services.section_create(agreement=reform, user=user, principle="Preparing for adulthood")
    with pytest.raises(Refused, match="already"):
        services.section_create(agreement=reform, user=user, principle="early")
    assert reform.sections.count() == 6


def test_a_self_assessment_needs_its_evidence(reform, user):
    section = reform.sections.get(principle="Early")
    with pytest.raises(Refused, match="evidence") as refused:
        services.section_edit(section=section, user=user, narrative="x", self_assessment="3", evidence=" ")
    assert refused.value.field == "evidence"
    section.refresh_from_db()
    assert section.self_assessment == ""


def test_a_section_links_workstreams_levers_and_measures_of_its_plan_only(reform, home, foreign, user):
    section = reform.sections.get(principle="Local")
    lever = DemandLever.objects.create(
        plan=home.plan, workstream=home.workstream, scenario="target", kind="joiners", start_year=2027
    )
    indicator = IndicatorFactory(plan=home.plan)
    services.section_edit(
        section=section,
        user=user,
        narrative="More places in local schools",
        self_assessment="2",
        evidence="Two resource bases open",
        workstreams=(home.workstream,),
        levers=(lever,),
        indicators=(indicator,),
    )
    section.refresh_from_db()
    assert section.get_self_assessment_display() == "Requirements partly met"
    assert list(section.levers.all()) == [lever] and list(section.indicators.all()) == [indicator]
    with pytest.raises(Refused, match="workstreams"):
        services.section_edit(
            section=section,
            user=user,
            narrative="",
            self_assessment="",
            evidence="",
            workstreams=(foreign.workstream,),
        )
    with pytest.raises(Refused, match="indicators"):
        services.section_edit(
            section=section,
            user=user,
            narrative="",
            self_assessment="",
            evidence="",
            indicators=(IndicatorFactory(plan=foreign.plan),),
        )


def test_a_reform_plan_has_no_quarterly_return(reform, user):
    with pytest.raises(Refused, match="no quarterly return"):
        services.return_create(agreement=reform, user=user, financial_year=2026, quarter=1)


@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_the_reform_plan(reform, home, role):
    body = member_client(home.council, role).get(
        reverse("agreement_detail", args=[home.council.slug, reform.pk])
    )
    text = body.content.decode()
    for principle, _ in DEFAULT_PRINCIPLES:
        assert principle in text
    assert "Not assessed yet" in text
    assert ("Add a section" in text) == (role in (Role.FINANCE, Role.COUNCIL_ADMIN))


def test_a_section_not_written_yet_says_so_rather_than_showing_blanks(reform, home):
    text = (
        member_client(home.council, Role.OFFICER)
        .get(reverse("agreement_detail", args=[home.council.slug, reform.pk]))
        .content.decode()
    )
    sections = len(DEFAULT_PRINCIPLES)
    assert text.count("Not written yet") == sections
    assert text.count("No evidence given yet") == sections
    assert text.count("Not linked yet") == 3 * sections  # workstreams, levers, measures
    assert text.count("Not chosen yet") == sections  # DfE figures
    # the published versions are their own section, not a heading among the plan's sections
    assert text.index('id="versions"') < text.index('id="sections"')


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FORUM])
def test_officers_and_forum_members_cannot_change_a_section(reform, home, role):
    section = reform.sections.first()
    client = member_client(home.council, role)
    assert (
        client.get(reverse("section_edit", args=[home.council.slug, reform.pk, section.pk])).status_code
        == 403
    )
    assert client.post(reverse("section_create", args=[home.council.slug, reform.pk]), {}).status_code == 403


def test_a_section_is_saved_from_its_form(reform, home):
    section = reform.sections.get(principle="Fair")
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    url = reverse("section_edit", args=[home.council.slug, reform.pk, section.pk])
    refused = client.post(url, {"narrative": "Banding", "self_assessment": "4", "evidence": ""})
    assert "Give the evidence for the self-assessment" in refused.content.decode()
    response = client.post(
        url,
        {
            "narrative": "Banding",
            "self_assessment": "4",
            "evidence": "Review",
            "workstreams": [home.workstream.pk],
        },
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.self_assessment, section.evidence) == ("4", "Review")


def test_another_council_s_section_is_a_404(reform, foreign):
    section = reform.sections.first()
    client = member_client(foreign.council, Role.COUNCIL_ADMIN)
    assert (
        client.get(reverse("section_edit", args=[foreign.council.slug, reform.pk, section.pk])).status_code
        == 404
    )
    assert ReformSection.objects.count() == 5


def test_the_reform_plan_page_costs_a_fixed_number_of_queries(reform, home, user, django_assert_num_queries):
    client = member_client(home.council, Role.FINANCE)
    client.get(reverse("agreement_detail", args=[home.council.slug, reform.pk]))
    for n in range(3):
        services.section_create(agreement=reform, user=user, principle=f"Extra {n}")
    with django_assert_num_queries(15):
        client.get(reverse("agreement_detail", args=[home.council.slug, reform.pk]))


def test_publishing_freezes_a_numbered_version_and_refuses_an_unchanged_one(reform, user):
    first = services.reform_plan_publish(agreement=reform, user=user)
    assert first.number == 1 and len(first.snapshot["sections"]) == 5
    with pytest.raises(Refused, match="Nothing has changed since version 1"):
        services.reform_plan_publish(agreement=reform, user=user)
    section = reform.sections.get(principle="Shared")
    services.section_edit(
        section=section, user=user, narrative="Joint commissioning", self_assessment="", evidence=""
    )
    second = services.reform_plan_publish(agreement=reform, user=user)
    assert second.number == 2
    first.refresh_from_db()
    assert first.snapshot["sections"][4]["narrative"] == ""  # the earlier version keeps what it said


@pytest.mark.parametrize("role", list(Role))
def test_only_council_admins_publish_and_everyone_reads_a_version_and_its_paper(reform, home, role):
    client = member_client(home.council, role)
    response = client.post(reverse("reform_plan_publish", args=[home.council.slug, reform.pk]))
    assert response.status_code == (302 if role == Role.COUNCIL_ADMIN else 403)
    version = (
        services.reform_plan_publish(agreement=reform, user=None) if role != Role.COUNCIL_ADMIN else None
    )
    version = version or reform.versions.get()
    args = [home.council.slug, reform.pk, version.pk]
    page = client.get(reverse("reform_version_detail", args=args))
    assert page.status_code == 200 and "version 1" in page.content.decode()
    paper = client.get(reverse("reform_paper", args=args))
    assert paper.status_code == 200 and paper.content[:2] == b"PK"


def test_a_version_says_what_a_section_left_empty_as_its_paper_does(reform, home):
    version = services.reform_plan_publish(agreement=reform, user=None)
    args = [home.council.slug, reform.pk, version.pk]
    text = member_client(home.council, Role.FORUM).get(reverse("reform_version_detail", args=args))
    text = text.content.decode()
    sections = len(DEFAULT_PRINCIPLES)
    assert text.count("No narrative yet.") == text.count("No evidence given.") == sections
    assert text.count("Not linked yet") == 3 * sections and text.count("Not chosen yet") == sections


def test_another_council_s_version_is_a_404(reform, foreign):
    version = services.reform_plan_publish(agreement=reform, user=None)
    client = member_client(foreign.council, Role.COUNCIL_ADMIN)
    for name in ("reform_version_detail", "reform_paper"):
        assert (
            client.get(reverse(name, args=[foreign.council.slug, reform.pk, version.pk])).status_code == 404
        )


def test_a_section_quotes_the_latest_dfe_figures_it_names(reform, home, user):
    from datetime import UTC, datetime

    from dfe.models import Figure, LocalAuthority, Release

    area = LocalAuthority.objects.create(la_code=home.council.la_code, name=home.council.name)
    release = Release.objects.create(
        family="ehcp", title="EHC plans", published="June 2025", as_of=date(2025, 6, 26), file_name="x.csv",
        sha256="x", imported_at=datetime(2025, 7, 1, tzinfo=UTC),
    )  # fmt: skip
    for period, value in (("2024", 1180), ("2025", 1234)):
        Figure.objects.create(
            area=area, series="ehcp_total", period=period, value=value, release=release, file="x.csv", line=1
        )
    section = reform.sections.get(principle="Early")
    with pytest.raises(Refused, match="DfE figures"):
        services.section_edit(
            section=section,
            user=user,
            narrative="",
            self_assessment="",
            evidence="",
            dfe_series=("nonsense",),
        )
    services.section_edit(
        section=section,
        user=user,
        narrative="",
        self_assessment="",
        evidence="",
        dfe_series=("ehcp_total", "dsg_high_needs"),
    )
    body = member_client(home.council, Role.FORUM).get(
        reverse("agreement_detail", args=[home.council.slug, reform.pk])
    )
    text = body.content.decode()
    assert "EHC plans: 1,234 (" in text
    assert "High needs block before academy deductions: not imported yet" in text
    version = services.reform_plan_publish(agreement=reform, user=user)
    assert version.snapshot["sections"][0]["dfe_figures"][0].startswith("EHC plans: 1,234 (")
