"""Background jobs (django-tasks) of the reports app: arguments are ids, never model instances."""

from django_tasks import task


@task()
def build_return_paper(return_id: int) -> dict:
    """Build a submitted quarterly return's Word paper once, so downloads serve it as it is."""
    from agreements.models import QuarterlyReturn
    from reports.return_paper import return_paper_file

    ret = QuarterlyReturn.objects.get(pk=return_id)
    return {"return": ret.pk, "bytes": len(return_paper_file(ret))}


@task()
def build_plan_paper(version_id: int) -> dict:
    """Build a published DSG management plan version's Word paper once, so downloads serve it as it is."""
    from dsg.models import PlanVersion
    from reports.plan_paper import plan_paper_file

    version = PlanVersion.objects.get(pk=version_id)
    return {"version": version.pk, "bytes": len(plan_paper_file(version))}


@task()
def build_stored_picture(council_id: int) -> dict:
    """Store the council's dashboard picture at its current data version (reports.stored_picture), after a
    write: skipped at the cost of 1 query if a view or an earlier task stored it already. And the national
    overview's summary of its plan (reports.summaries.summaries_after_write leaves it to this task)."""
    from reports.stored_picture import stored_picture_build
    from reports.summaries import summaries_refresh

    summaries = summaries_refresh(council_ids=[council_id])
    return {
        "council": council_id,
        "stored": stored_picture_build(council_id=council_id),
        "summaries": summaries,
    }
