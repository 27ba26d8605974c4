"""Ballots are kept in sealed envelopes while voting is open; counted ballots carry no seal.

Rounds not yet counted have their ballots moved into envelopes (encrypted with the secrecy
key, under the same seals, so nobody can vote twice) and their receipts removed: the count
writes both again, in random order, when it opens the envelopes. Counted and imported
rounds keep their ballots, without the seal. There is no way back: a counted ballot's seal
is gone on purpose.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def seal_uncounted_ballots(apps, schema_editor):
    from coproduce.commissioning import secrecy

    BudgetingRound = apps.get_model("commissioning", "BudgetingRound")
    Ballot = apps.get_model("commissioning", "Ballot")
    BallotEnvelope = apps.get_model("commissioning", "BallotEnvelope")
    Receipt = apps.get_model("commissioning", "Receipt")
    Proposal = apps.get_model("commissioning", "Proposal")
    for round_ in BudgetingRound.objects.filter(tally_status="none", imported_from=""):
        sizes = {}
        envelopes = []
        for ballot in Ballot.objects.filter(round=round_):
            if ballot.area_id not in sizes:
                # Every proposal of the district, whatever its status: each ballot fits.
                ids = list(
                    Proposal.objects.filter(area_id=ballot.area_id).values_list("pk", flat=True)
                )
                sizes[ballot.area_id] = secrecy.envelope_size(
                    len(ids), max(ids, default=0), round_.points
                )
            content = {"choices": ballot.choices, "points": ballot.points}
            box = secrecy.envelope_seal(
                round_id=round_.pk,
                seal=ballot.seal,
                area_id=ballot.area_id,
                content=content,
                size=sizes[ballot.area_id],
            )
            envelopes.append(
                BallotEnvelope(round=round_, area_id=ballot.area_id, seal=ballot.seal, box=box)
            )
        BallotEnvelope.objects.bulk_create(envelopes, batch_size=1000)
        Ballot.objects.filter(round=round_).delete()
        Receipt.objects.filter(round=round_).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0004_result_reasons_and_pabulib_source"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotEnvelope",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("seal", models.CharField(max_length=64)),
                ("box", models.BinaryField()),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="commissioning.ballotarea",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="envelopes",
                        to="commissioning.budgetinground",
                    ),
                ),
            ],
        ),
        migrations.RunPython(seal_uncounted_ballots),
        migrations.RemoveConstraint(model_name="ballot", name="one_ballot_per_voter"),
        migrations.RemoveField(model_name="ballot", name="seal"),
        migrations.AddConstraint(
            model_name="ballotenvelope",
            constraint=models.UniqueConstraint(
                fields=("round", "seal"), name="one_ballot_per_voter"
            ),
        ),
    ]
