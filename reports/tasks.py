"""Background jobs (django-tasks) of the reports app: arguments are ids, never model instances."""

from django_tasks import task


@task()
def build_return_paper(return_id: int) -> dict:
    """Build a submitted quarterly return's Word paper once, so downloads serve it as it is."""
    from agreements.models import QuarterlyReturn
    from reports.return_paper import return_paper_file

    ret = QuarterlyReturn.objects.get(pk=return_id)
    return {"return": ret.pk, "bytes": len(return_paper_file(ret))}
