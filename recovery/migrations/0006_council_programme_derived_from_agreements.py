"""Council.programme is no longer stored: it is derived from the council's agreements with the DfE
(agreements.selectors.programme_expression: Safety Valve while a Safety Valve agreement has not ended, else DBV
if the council has a DBV plan, else none).

Rows whose stored flag the agreements do not bear out (a flag with no agreement of that kind) lose it: a
flag alone has no term, trajectory, contribution or conditions to show, and inventing an agreement for it
would put made-up figures before the DfE. The migration names each such council, so an administrator can
record its agreement on the council's Agreements page (the programme then follows). Reversing the migration
puts the column back, filled from the agreements by the same rule.
"""

from django.db import migrations, models


def _derived(Agreement, council_id) -> str:
    theirs = Agreement.objects.filter(council_id=council_id)
    if theirs.filter(kind="safety_valve").exclude(status="ended").exists():
        return "safety_valve"
    if theirs.filter(kind="dbv").exists():
        return "dbv"
    return "none"


def name_the_flags_dropped(apps, schema_editor):
    Council = apps.get_model("recovery", "Council")
    Agreement = apps.get_model("agreements", "Agreement")
    dropped = [
        f"{name} ({flag})"
        for pk, name, flag in Council.objects.exclude(programme="none").values_list("pk", "name", "programme")
        if _derived(Agreement, pk) != flag
    ]
    if dropped:
        print(
            "\n  Programme flags without a matching agreement, no longer shown (record the agreement to show "
            "it again): " + "; ".join(sorted(dropped))
        )


def fill_from_agreements(apps, schema_editor):
    Council = apps.get_model("recovery", "Council")
    Agreement = apps.get_model("agreements", "Agreement")
    for pk in Council.objects.values_list("pk", flat=True):
        Council.objects.filter(pk=pk).update(programme=_derived(Agreement, pk))


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0005_models_moved_to_accounts_and_forum"),
        ("agreements", "0005_historicalreformsection_dfe_series_and_more"),
    ]

    operations = [
        migrations.RunPython(name_the_flags_dropped, fill_from_agreements),
        migrations.RemoveField(model_name="council", name="programme"),
        migrations.RemoveField(model_name="historicalcouncil", name="programme"),
    ]
