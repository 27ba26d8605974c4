"""A round's phase moves from its own field onto its activity's one clock (ActivityPhase rows)."""

from django.db import migrations
from django.utils import timezone

ORDER = ["proposals", "review", "voting", "results", "implementation"]


def phase_to_clock(apps, schema_editor):
    BudgetingRound = apps.get_model("commissioning", "BudgetingRound")
    ActivityPhase = apps.get_model("initiatives", "ActivityPhase")
    now = timezone.now()
    for round_ in BudgetingRound.objects.select_related("activity"):
        activity = round_.activity
        index = ORDER.index(round_.phase)
        start = max(now, activity.starts_at) if index else activity.starts_at
        if index:
            ActivityPhase.objects.update_or_create(
                activity=activity, key=ORDER[index], defaults={"starts_at": start}
            )
        if activity.ends_at is not None and activity.ends_at <= start:
            activity.ends_at = None
            activity.save(update_fields=["ends_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0002_round_source_meta"),
        ("initiatives", "0004_activity_phases"),
    ]

    operations = [
        migrations.RunPython(phase_to_clock, migrations.RunPython.noop),
        migrations.RemoveField(model_name="budgetinground", name="phase"),
    ]
