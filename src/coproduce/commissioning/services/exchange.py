"""pabulib exchange: import a published election as a historical round; export a closed one."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.audit.chain import audit_record
from coproduce.commissioning import tally
from coproduce.commissioning.access import can_manage_round, require
from coproduce.commissioning.instruments import BUDGETING_ROUND
from coproduce.commissioning.models import (
    Ballot,
    BallotArea,
    BudgetingRound,
    ImportedVote,
    Phase,
    ProjectResult,
    Proposal,
    ProposalStatus,
)
from coproduce.commissioning.selectors.rounds import ballots_opened
from coproduce.commissioning.services.results import (
    round_tally,
    round_tally_queue,
    shape_of,
)
from coproduce.initiatives.models import Activity, Co, Initiative, Lead, Stage
from coproduce.initiatives.services import activity_schedule_set
from coproduce.organisations.permissions import Action, can

if TYPE_CHECKING:
    from coproduce.accounts.models import Person


def _date(text: str) -> datetime | None:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return timezone.make_aware(datetime.strptime(text.strip(), pattern))
        except ValueError:
            continue
    return None


def _activity(
    initiative: Initiative, data: tally.ImportedElection, name: str
) -> tuple[Activity, datetime]:
    stage, _created = Stage.objects.get_or_create(
        initiative=initiative, co=Co.COMMISSIONING, defaults={"lead": Lead.SHARED}
    )
    meta = data.meta
    ends = _date(meta.get("date_end", "")) or timezone.now() - timedelta(days=1)
    starts = _date(meta.get("date_begin", "")) or ends - timedelta(days=14)
    if starts >= ends:
        starts = ends - timedelta(days=1)
    title = meta.get("description") or name
    activity = Activity.objects.create(
        stage=stage,
        kind=BUDGETING_ROUND,
        title=title[:200],
        description=_("A past participatory budget, imported from the pabulib file %(file)s.")
        % {"file": name},
        starts_at=starts,
    )
    return activity, ends


def round_import_pabulib(
    *,
    source: str | Path,
    initiative: Initiative,
    actor: Person | None,
    name: str = "",
    count_now: bool = False,
) -> BudgetingRound:
    """Create a closed historical round from a pabulib file (path or text); audited.

    Raise ``ValidationError`` with the file's problem when it cannot be read. The round is
    counted with the file's declared rule (in the background unless ``count_now``).
    """
    if actor is not None and not can(actor, Action.MANAGE_BUDGETS, initiative.organisation):
        raise ValidationError(_("Only the organisation's staff can import rounds."))
    try:
        data = tally.read_file(source)
    except tally.PbError as error:
        raise ValidationError(
            _("This is not a readable pabulib file: %(problem)s") % {"problem": error}
        ) from None
    name = name or (
        Path(source).name if isinstance(source, Path) or "\n" not in source else "upload.pb"
    )
    meta = data.meta
    with transaction.atomic():
        activity, voting_end = _activity(initiative, data, name)
        round_ = BudgetingRound.objects.create(
            activity=activity,
            total_budget=data.budget,
            currency=(meta.get("currency") or "EUR")[:3],
            ballot_format=data.ballot_format,
            min_choices=int(float(meta.get("min_length") or 1)),
            max_choices=int(float(meta["max_length"])) if meta.get("max_length") else None,
            points=int(float(meta.get("max_sum_points") or 10)),
            rule=data.rule,
            allow_changes=False,
            voter_codes=False,
            imported_from=name[:200],
            source_meta=dict(meta),
            source_columns=data.columns,
        )
        # A past round: voting ran over the file's dates, and it is in its results phase now.
        activity = round_.activity
        activity_schedule_set(
            activity=activity,
            actor=None,
            starts_at=activity.starts_at,
            ends_at=None,
            phase_starts={Phase.VOTING: activity.starts_at, Phase.RESULTS: voting_end},
        )
        area = BallotArea.objects.create(
            round=round_,
            name=(meta.get("district") or meta.get("unit") or round_.activity.title)[:200],
            budget=data.budget,
        )
        ids = _projects(round_, area, data)
        _ballots(round_, area, data, ids)
        audit_record(
            action="round.import",
            actor=actor,
            target=round_,
            data={
                "file": name,
                "projects": len(ids),
                "ballots": len(data.ballots),
                "problems": data.problems,
            },
        )
        if not count_now:
            round_tally_queue(round_=round_, actor=actor)
    if count_now:
        round_tally(round_.pk)
        round_.refresh_from_db()
    return round_


def _projects(
    round_: BudgetingRound, area: BallotArea, data: tally.ImportedElection
) -> dict[str, int]:
    reason = _("Imported from the published election.")
    created = Proposal.objects.bulk_create(
        Proposal(
            round=round_,
            area=area,
            title=(p.name or p.id)[:200],
            description=p.name or p.id,
            estimated_cost=p.cost,
            category=p.category[:80],
            status=ProposalStatus.FEASIBLE,
            feasibility_reason=reason,
            external_id=p.id[:64],
            source=p.source.as_json() if p.source else {},
        )
        for p in data.projects
    )
    if any(p.pk is None for p in created):  # backends without RETURNING
        created = list(Proposal.objects.filter(round=round_))
    return {p.external_id: p.pk for p in created}


def _ballots(
    round_: BudgetingRound, area: BallotArea, data: tally.ImportedElection, ids: dict[str, int]
) -> None:
    ballots = [
        Ballot(
            round=round_,
            area=area,
            choices=[ids[pid] for pid in ballot.choices],
            points=list(ballot.points) if ballot.points else None,
        )
        for ballot in data.ballots
    ]
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    ImportedVote.objects.bulk_create(
        (
            ImportedVote(
                ballot=row,
                order=plain.source.order,
                voter_id=plain.source.voter_id,
                fields=dict(plain.source.fields),
            )
            for row, plain in zip(ballots, data.ballots, strict=True)
            if plain.source is not None
        ),
        batch_size=2000,
    )


def _export_data(
    round_: BudgetingRound, area: BallotArea
) -> tuple[list[tally.PlainProject], list[tally.PlainBallot]]:
    """Return the area's projects (with their counts) and ballots as the export writes them.

    An imported round's projects keep their file's ids and columns and its ballots their
    voter ids, columns and order; any other round's ballots stay in random order.
    """
    imported = bool(round_.source_columns)
    results = {r.proposal_id: r for r in ProjectResult.objects.filter(area=area)}
    proposals = list(area.proposals.filter(status=ProposalStatus.FEASIBLE).order_by("pk"))
    ids = {p.pk: (p.external_id if imported else str(p.pk)) for p in proposals}
    projects = [
        tally.PlainProject(
            id=ids[p.pk],
            cost=p.cost,
            name=p.title,
            category=p.category,
            selected=results[p.pk].selected if p.pk in results else None,
            votes=results[p.pk].votes if p.pk in results else None,
            source=tally.ProjectSource.from_json(p.source) if imported else None,
        )
        for p in proposals
    ]
    return projects, _export_ballots(area, ids, imported=imported)


def _export_ballots(
    area: BallotArea, ids: dict[int, str], *, imported: bool
) -> list[tally.PlainBallot]:
    if not imported:
        rows = Ballot.objects.filter(area=area).order_by("pk").values_list("choices", "points")
        return [
            tally.PlainBallot(tuple(ids[c] for c in choices), tuple(points) if points else None)
            for choices, points in rows
        ]
    lines = (
        ImportedVote.objects.filter(ballot__area=area)
        .order_by("order")
        .values_list("ballot__choices", "ballot__points", "order", "voter_id", "fields")
    )
    return [
        tally.PlainBallot(
            tuple(ids[c] for c in choices),
            tuple(points) if points else None,
            tally.BallotSource(order, voter_id, fields),
        )
        for choices, points, order, voter_id, fields in lines
    ]


def round_export_pabulib(*, round_: BudgetingRound, area: BallotArea, actor: Person | None) -> str:
    """Return the area's election as pabulib text; only after voting closes.

    Voters are numbered in random order; nothing links a line to a person. A counted round
    writes each project's votes and whether it was selected. A round imported from a pabulib
    file gives back that file: its META, project ids and columns, and its voters' lines.
    """
    if actor is not None:
        require(
            can_manage_round(actor, round_), _("Only the organisation's staff can export rounds.")
        )
    if not round_.is_closed:
        raise ValidationError(_("Ballots can be exported only after voting closes."))
    if not ballots_opened(round_):
        raise ValidationError(_("The ballots are still sealed: export them once counting starts."))
    if area.round_id != round_.pk:
        raise ValidationError(_("Choose one of this round's districts."))
    projects, ballots = _export_data(round_, area)
    text = tally.write_text(shape_of(round_, area), projects, ballots)
    audit_record(
        action="round.export",
        actor=actor,
        target=round_,
        data={"area": area.pk, "ballots": len(ballots)},
    )
    return text
