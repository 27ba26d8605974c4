from django.db import migrations


class Migration(migrations.Migration):
    """The free-text charter is gone; its texts became draft two-way charters first."""

    dependencies = [
        ("initiatives", "0005_benefit_alerts"),
        ("governance", "0009_initiative_charter_texts_become_draft_charters"),
    ]

    operations = [migrations.RemoveField(model_name="initiative", name="charter")]
