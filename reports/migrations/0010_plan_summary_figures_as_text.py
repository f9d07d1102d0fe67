"""Plan summaries' figures kept as JSON text, not jsonb (core.fields.JSONText: the national overview reads all
of them on every view, and PostgreSQL wrote each jsonb value out as text again to send it), and the
Trajectory cell's markup in a column of its own (reports.summaries.split_sparkline)."""

from django.db import migrations, models

import core.fields

SPARKLINE = "sparkline_1"  # reports.summaries.SPARKLINE and SPARKLINE_COLUMN when this was written
SPARKLINE_COLUMN = "sparkline_column"


def sparkline_to_its_column(apps, schema_editor):
    PlanSummary = apps.get_model("reports", "PlanSummary")
    moved = []
    for summary in PlanSummary.objects.all():
        if SPARKLINE in summary.figures:
            summary.sparkline = summary.figures.pop(SPARKLINE)
            summary.figures[SPARKLINE_COLUMN] = SPARKLINE
            moved.append(summary)
    PlanSummary.objects.bulk_update(moved, ["figures", "sparkline"], batch_size=200)


def sparkline_back_in_the_figures(apps, schema_editor):
    PlanSummary = apps.get_model("reports", "PlanSummary")
    moved = []
    for summary in PlanSummary.objects.all():
        if summary.figures.pop(SPARKLINE_COLUMN, None) == SPARKLINE:
            summary.figures[SPARKLINE] = summary.sparkline
            moved.append(summary)
    PlanSummary.objects.bulk_update(moved, ["figures"], batch_size=200)


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_stored_benchmarks")]

    operations = [
        migrations.AddField(
            model_name="plansummary", name="sparkline", field=models.TextField(blank=True, default="")
        ),
        migrations.AlterField(model_name="plansummary", name="figures", field=core.fields.JSONText()),
        migrations.RunPython(sparkline_to_its_column, sparkline_back_in_the_figures, elidable=False),
    ]
