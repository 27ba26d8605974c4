"""The free-text ``Initiative.charter`` is retired: each text becomes a draft two-way
charter of the initiative (the organisation and the residents of its place), which staff
then complete with both sides' commitments and representatives and put to signature.

Reversing copies each such draft's text back to its initiative.
"""

from django.db import migrations

TITLE = "Co-production charter: %s"


def texts_to_drafts(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    Charter = apps.get_model("governance", "Charter")
    for initiative in Initiative.objects.exclude(charter="").select_related("place"):
        if Charter.objects.filter(initiative=initiative, text=initiative.charter).exists():
            continue
        place = initiative.place
        Charter.objects.create(
            title=(TITLE % initiative.title)[:200],
            text=initiative.charter,
            organisation_id=initiative.organisation_id,
            community_kind="place" if place is not None else "panel",
            community_place=place,
            community_name=(f"Residents of {place.name}" if place else initiative.title)[:200],
            initiative=initiative,
        )


def drafts_to_texts(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    Charter = apps.get_model("governance", "Charter")
    for initiative in Initiative.objects.filter(charter=""):
        draft = (
            Charter.objects.filter(initiative=initiative, title=(TITLE % initiative.title)[:200])
            .order_by("pk")
            .first()
        )
        if draft is not None:
            initiative.charter = draft.text
            initiative.save(update_fields=["charter"])


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0008_commitment_followers_join_follows"),
        ("initiatives", "0005_benefit_alerts"),
    ]

    operations = [migrations.RunPython(texts_to_drafts, drafts_to_texts)]
