"""What the agreement forms offer: the council's leads and the delivering plan's workstreams, levers and
indicators (querysets, so a form's choice field evaluates them once)."""

from django.db.models import QuerySet

from agreements.models import Agreement
from indicators.models import Indicator
from projections.models import DemandLever
from recovery.models import LeadOfficer
from workstreams.models import Workstream


def leads_for_agreement(*, agreement: Agreement) -> QuerySet[LeadOfficer]:
    return LeadOfficer.objects.filter(council=agreement.council_id).order_by("name")


def workstreams_for_agreement(*, agreement: Agreement) -> QuerySet[Workstream]:
    return Workstream.objects.filter(plan=agreement.plan_id, archived_on__isnull=True).order_by(
        "position", "pk"
    )


def levers_for_agreement(*, agreement: Agreement) -> QuerySet[DemandLever]:
    return DemandLever.objects.filter(plan=agreement.plan_id).select_related("workstream").order_by("pk")


def indicators_for_agreement(*, agreement: Agreement) -> QuerySet[Indicator]:
    return Indicator.objects.filter(plan=agreement.plan_id).order_by("name", "pk")
