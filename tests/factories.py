"""factory-boy factories for every domain model; tests build exactly the data they talk about."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Membership, Role
from agreements.models import Agreement, AgreementKind, Condition, QuarterlyReturn, TrajectoryYear
from dsg.models import DsgLine, DsgTransfer
from forum.models import ForumMeeting
from indicators.models import Indicator, IndicatorValue, Target
from projections.models import Actual, Forecast, ForecastYear
from recovery.models import Council, LeadOfficer, PlanStatus, RecoveryPlan, Region
from workstreams.models import Category, Milestone, MilestoneUpdate, Workstream, WorkstreamSaving
from workstreams.rag import Rag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-for-tests-1")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    # 100 to 199: no English council has a code there (they run 201 to 938), so a factory council never takes
    # the code of a real one that a test imports from the DfE's files.
    la_code = factory.Sequence(lambda n: f"{100 + n % 100:03d}")
    gss_code = factory.Sequence(lambda n: f"E{6000000 + n:08d}")
    region = Region.EAST_MIDLANDS


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecoveryPlan

    council = factory.SubFactory(CouncilFactory)
    title = "DSG recovery plan"
    status = PlanStatus.ACTIVE
    first_year = 2024
    last_year = 2028
    success_rate = Decimal("0.75")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadOfficer

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Lead Officer {n}")
    initials = factory.Sequence(lambda n: f"L{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.OFFICER


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Workstream {n}")
    start_date = date(2024, 4, 1)
    end_date = date(2026, 3, 31)


class SavingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkstreamSaving

    workstream = factory.SubFactory(WorkstreamFactory)
    financial_year = 2024
    target = Decimal("100000")
    stretch = Decimal("120000")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    workstream = factory.SubFactory(WorkstreamFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    baseline_due = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    forecast_due = factory.LazyAttribute(lambda m: m.baseline_due)
    rag = Rag.GREEN


class MilestoneUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneUpdate

    milestone = factory.SubFactory(MilestoneFactory)
    author = factory.SubFactory(UserFactory)
    old_rag = Rag.GREEN
    new_rag = Rag.AMBER
    commentary = "Slipping"


class ForecastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forecast

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Forecast {n}")
    as_at = date(2024, 6, 20)


class ForecastYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForecastYear

    forecast = factory.SubFactory(ForecastFactory)
    financial_year = 2024
    scenario = "unmitigated"
    bound = "single"
    cumulative_deficit = Decimal("1000000")


class ActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actual

    plan = factory.SubFactory(PlanFactory)
    financial_year = 2023
    cumulative_deficit = Decimal("900000")


class ForumMeetingFactory(factory.django.DjangoModelFactory):
    """A meeting three weeks ahead, with the default deadlines (6 and 9 days before it)."""

    class Meta:
        model = ForumMeeting

    council = factory.SubFactory(CouncilFactory)
    meets_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=21))
    papers_due = factory.LazyAttribute(lambda m: m.meets_on - timedelta(days=6))
    updates_due = factory.LazyAttribute(lambda m: m.papers_due - timedelta(days=3))


def tiny_png() -> bytes:
    """A valid 1 × 1 PNG, standing in for a chart where the drawing is not what is tested."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "percent"
    direction = "higher"
    period_type = "academic_year"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2023/24"
    period_start = date(2023, 9, 1)
    value = Decimal("50")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2023/24"
    period_start = date(2023, 9, 1)
    value = Decimal("45")


class DsgLineFactory(factory.django.DjangoModelFactory):
    """One block's outturn for 2024-25 (ended under the frozen clock), balanced."""

    class Meta:
        model = DsgLine

    council = factory.SubFactory(CouncilFactory)
    financial_year = 2024
    block = "schools"
    position = "outturn"
    income = Decimal("20000000")
    expenditure = Decimal("20000000")


class DsgTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DsgTransfer

    council = factory.SubFactory(CouncilFactory)
    financial_year = 2024
    from_block = "schools"
    to_block = "high_needs"
    amount = Decimal("100000")
    meeting = factory.SubFactory(ForumMeetingFactory, council=factory.SelfAttribute("..council"))


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    plan = factory.SubFactory(PlanFactory)
    council = factory.SelfAttribute("plan.council")
    kind = AgreementKind.SAFETY_VALVE
    title = "Safety Valve agreement"
    agreed_on = date(2024, 3, 15)
    first_year = 2023
    last_year = 2028
    dfe_contribution = Decimal("40000000")
    council_contribution = Decimal("5000000")


class TrajectoryYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrajectoryYear

    agreement = factory.SubFactory(AgreementFactory)
    revision = 1
    financial_year = 2024
    deficit_excluding_dfe = Decimal("30000000")
    deficit_including_dfe = Decimal("20000000")
    in_year_target = Decimal("4000000")


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Reach an in-year balance on the DSG by the end of 2027-28."
    owner = factory.LazyAttribute(lambda c: LeadFactory(council=c.agreement.council))


class QuarterlyReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyReturn

    agreement = factory.SubFactory(AgreementFactory)
    financial_year = 2026
    quarter = 3
