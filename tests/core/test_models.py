"""The stored row of a plan's worked-out figures (core.models.StoredPlanRow), as each page's model has it."""

import pytest
from django.db.models import OuterRef

from core.stored_rows import loads, store_for_plans
from projections.models import StoredFigures
from recovery.models import Council, RecoveryPlan
from reports.models import StoredPicture, StoredReportParts


@pytest.mark.parametrize("model", [StoredPicture, StoredReportParts, StoredFigures])
def test_it_reads_a_plans_row_only_at_its_councils_version_and_the_codes_format(home, model):
    version = Council.objects.get(pk=home.council.pk).data_version

    def read(format: int = 7):
        plan = (
            RecoveryPlan.objects.select_related("council")
            .annotate(
                payload=model.objects.payload_at_version(format=format),
                stored=model.objects.exists_at_version(format=format),
            )
            .get(pk=home.plan.pk)
        )
        return (None if plan.payload is None else loads(plan.payload)), plan.stored

    assert read() == (None, False)
    store_for_plans(model, {home.plan.pk: (version, {"figures": 1})}, format=7)
    assert read() == ({"figures": 1}, True)
    assert read(format=8) == (None, False)  # another shape: read live
    store_for_plans(model, {home.plan.pk: (version - 1, {"figures": 0})}, format=7)
    assert read() == (None, False)  # behind its council
    on_council = Council.objects.annotate(
        stored=model.objects.exists_at_version(format=7, plan=home.plan, version=OuterRef("data_version") - 1)
    ).get(pk=home.council.pk)
    assert on_council.stored  # a council row, its plan given
