"""Background jobs (django-tasks): arguments are ids, never model instances."""

from django_tasks import task

from dfe import jobs


@task()
def import_release(job_id: int) -> dict:
    job = jobs.import_job_run(job_id=job_id)
    return {"status": job.status, "release": job.release_id}
