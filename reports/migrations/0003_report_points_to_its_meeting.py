"""A report points to its Schools Forum meeting instead of matching it by date.

Each existing report gets the council's meeting on its date, added with the proposed deadlines where the
calendar lacked it; a published report pins its meeting's date."""

from datetime import timedelta

import django.db.models.deletion
from django.db import migrations, models


def link_reports_to_meetings(apps, schema_editor):
    reports = apps.get_model("reports", "ForumReport")
    historical = apps.get_model("reports", "HistoricalForumReport")
    meetings = apps.get_model("forum", "ForumMeeting")
    found = {}
    for report in reports.objects.select_related("plan__council").order_by("pk"):
        council = report.plan.council
        meeting = meetings.objects.filter(council=council, meets_on=report.meeting_date).first()
        if meeting is None:
            # forum.deadlines.proposed_deadlines, as it stood when this migration was written
            papers_due = report.meeting_date - timedelta(days=council.paper_clear_days + 1)
            meeting = meetings.objects.create(
                council=council,
                meets_on=report.meeting_date,
                papers_due=papers_due,
                updates_due=papers_due - timedelta(days=council.update_days_before_papers),
            )
        if report.status == "published" and not meeting.pinned_by:
            meeting.pinned_by = f"“{report.title}” was published for this meeting"[:250]
            meeting.save(update_fields=["pinned_by"])
        report.meeting = meeting
        report.save(update_fields=["meeting"])
        found[(report.plan_id, report.meeting_date)] = meeting.pk
    for row in historical.objects.all().only("pk", "plan_id", "meeting_date"):
        meeting_id = found.get((row.plan_id, row.meeting_date))
        if meeting_id is not None:
            historical.objects.filter(pk=row.pk).update(meeting_id=meeting_id)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0002_meeting_pinned_by"),
        ("reports", "0002_report_purpose_background"),
    ]

    operations = [
        migrations.AddField(
            model_name="forumreport",
            name="meeting",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="forum.forummeeting",
            ),
        ),
        migrations.AddField(
            model_name="historicalforumreport",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="forum.forummeeting",
            ),
        ),
        migrations.RunPython(link_reports_to_meetings, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="forumreport", name="one_forum_report_per_meeting"),
        migrations.RemoveField(model_name="forumreport", name="meeting_date"),
        migrations.RemoveField(model_name="historicalforumreport", name="meeting_date"),
        migrations.AlterField(
            model_name="forumreport",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="forum.forummeeting",
            ),
        ),
        migrations.AlterModelOptions(
            name="forumreport",
            options={"ordering": ["plan", "-meeting__meets_on", "-pk"]},
        ),
        migrations.AddConstraint(
            model_name="forumreport",
            constraint=models.UniqueConstraint(fields=("plan", "meeting"), name="one_forum_report_per_meeting"),
        ),
    ]
