"""Commitment followers become rows of the one Follow model (accounts.Follow)."""

from typing import Any

from django.db import migrations


def copy_followers(apps: Any, schema_editor: Any) -> None:
    follower = apps.get_model("governance", "CommitmentFollower")
    follow = apps.get_model("accounts", "Follow")
    content_type = apps.get_model("contenttypes", "ContentType")
    target_type, _created = content_type.objects.get_or_create(
        app_label="governance", model="commitment"
    )
    follow.objects.bulk_create(
        [
            follow(person_id=f.person_id, target_type=target_type, target_id=f.commitment_id, since=f.since)
            for f in follower.objects.all()
        ],
        ignore_conflicts=True,
    )


def copy_back(apps: Any, schema_editor: Any) -> None:
    follower = apps.get_model("governance", "CommitmentFollower")
    follow = apps.get_model("accounts", "Follow")
    follower.objects.bulk_create(
        [
            follower(person_id=f.person_id, commitment_id=f.target_id, since=f.since)
            for f in follow.objects.filter(
                target_type__app_label="governance", target_type__model="commitment"
            )
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_two_way_charters"),
        ("accounts", "0002_follows_and_notifications"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_followers, copy_back),
        migrations.DeleteModel(name="CommitmentFollower"),
    ]
