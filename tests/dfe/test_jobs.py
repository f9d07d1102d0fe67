"""Imports as background jobs (django-tasks, the immediate backend in tests): the staff upload page, the job
page with progress and outcome, errors in words, retry."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from dfe import jobs
from dfe.models import Figure, ImportJob, JobStatus
from tests.conftest import member_client
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory


def upload(client, name, data=None, **extra):
    file = SimpleUploadedFile(name.split("/")[-1], data if data is not None else fixture_bytes(name))
    return client.post("/national/dfe/imports/", {"file": file, **extra})


def test_staff_import_the_la_list_then_a_release_as_jobs(staff_client):
    response = upload(staff_client, "la_codes.csv")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/national/dfe/imports/{job.pk}/"
    response = upload(staff_client, "ehcp_2025_extract.zip")
    job = ImportJob.objects.order_by("-pk").first()
    assert (job.status, job.attempts, job.task_id != "") == (JobStatus.SUCCEEDED, 1, True)
    assert bytes(job.data) == b""  # kept only while a retry may need it
    # Progress went area by area: ten local authorities in the extract and England.
    assert (job.done, job.total) == (11, 11)
    assert job.message == job.release.report.splitlines()[1]
    page = staff_client.get(f"/national/dfe/imports/{job.pk}/").content.decode()
    assert "Finished" in page
    assert "DfE, Education, health and care plans, June 2025 (ehcp_2025_extract.zip)" in page
    assert (
        "Skipped (not read by this version): data-guidance/data-guidance.txt, data/annual_reviews.csv" in page
    )
    assert 'http-equiv="refresh"' not in page
    stockton = Figure.objects.get(area__la_code="808", period="2024-01", series="ehcp_total", breakdown="")
    assert stockton.value == 2080


def test_a_check_only_job_saves_nothing(staff_client):
    upload(staff_client, "la_codes.csv")
    upload(staff_client, "dedicated-schools-grant_2021_11_18.ods", dry_run="on")
    job = ImportJob.objects.order_by("-pk").first()
    assert job.status == JobStatus.SUCCEEDED
    assert job.message.startswith("Checked, nothing saved (dry run).")
    assert not Figure.objects.exists()


def test_a_refused_file_fails_the_job_with_the_reason_and_saves_nothing(staff_client):
    data = fixture_bytes("ehcp_2025/newplans.csv").replace(b",385,", b",three hundred,", 1)
    upload(staff_client, "newplans.csv", data=data)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("newplans.csv, line 42, column new_ehc_plans: “three hundred”")
    assert bytes(job.data) == data  # kept for a retry
    page = staff_client.get(f"/national/dfe/imports/{job.pk}/").content.decode()
    assert "The import failed; nothing was saved" in page
    assert "Retry the import" in page
    assert not Figure.objects.exists()


def test_an_unknown_layout_is_named_in_words_on_the_upload(staff_client):
    upload(staff_client, "data/annual_reviews.csv", data=b"time_period,geographic_level,breakdown_topic,x\n")
    job = ImportJob.objects.get()
    assert "this looks like another table of the DfE's EHC plans release" in job.error


def test_a_failed_job_can_be_retried(staff_client, monkeypatch):
    upload(staff_client, "la_codes.csv")
    real = jobs.release_import
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(jobs, "release_import", flaky)
    upload(staff_client, "dedicated-schools-grant_2021_11_18.ods")
    job = ImportJob.objects.order_by("-pk").first()
    assert job.status == JobStatus.FAILED
    assert "stopped unexpectedly (ConnectionError); nothing was saved" in job.error
    response = staff_client.post(f"/national/dfe/imports/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")
    assert Figure.objects.filter(area__la_code="857", series="dsg_high_needs", period="2020-21").exists()


def test_only_a_failed_job_is_retried(staff_client):
    upload(staff_client, "la_codes.csv")
    job = ImportJob.objects.get()
    staff_client.post(f"/national/dfe/imports/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.attempts == 1


def test_an_empty_upload_is_refused_on_the_form(staff_client):
    response = upload(staff_client, "empty.csv", data=b"")
    assert response.status_code == 200
    assert "The file is empty" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_council_members_cannot_see_the_import_pages(db, role):
    client = member_client(CouncilFactory(), role)
    assert client.get("/national/dfe/imports/").status_code == 404
    assert upload(client, "la_codes.csv").status_code == 404
    assert not ImportJob.objects.exists()
