"""The editorial state machine of section G: who may take which step, when, and the record of it.

`collected -> selected -> narrated -> corrected -> approved -> published`, one step at a
time forward; a reviewer may send a `corrected` or `approved` draft back to `narrated`
with a reason; a published post taken down (`unpublished`) goes back to `narrated` too.
Every step appends `{step, by, at}` to the draft's history, rewriting only those lines.
Approval is the trust anchor: it records who approved, when, and a digest of everything
that gets published, so any change after approval voids it; `approval` verifies and
signs it, `steps` holds the transition table and the roles.

Public API for other stages (publish uses the last three):
`new_draft`, `advance`, `return_to`, `approve_github`, `approve_local`, `record_step`,
`approval_digest`, `approval_problems`, `approval_is_valid`, `mark_published`,
`mark_unpublished`, `step_times`, `status_rows`.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.timestamp import TimeStamp

from . import approval, checks, drafts
from .approval import (APPROVAL_FIELDS, Review, approval_digest, deciding_review,  # noqa: F401 - re-exported
                       parse_pull, parse_reviews)
from .config import Settings, Step, today_in
from .drafts import Draft
from .findings import ConfigError, Finding, PipelineError, error
from .i18n import _
from .steps import (ADVANCE_STEPS, FORWARD, RETURNS, SYSTEM_ACTOR, TRANSITIONS, UNPUBLISHED,  # noqa: F401
                    allowed, next_step, return_roles, role_problem, roles_for, status_after, unpublish_roles)

RULE = "workflow"


# --- time ------------------------------------------------------------------------------


def now(settings: Settings) -> datetime:
    """The current time at the court, to the second."""
    return datetime.now(settings.court.tz).replace(microsecond=0)


def court_time(at: datetime, settings: Settings) -> datetime:
    """`at` in the court's time zone, to the second (a naive time is taken as court time)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=settings.court.tz)
    return at.astimezone(settings.court.tz).replace(microsecond=0)


def yaml_time(at: datetime) -> TimeStamp:
    """A timestamp that ruamel writes as `2026-11-20T10:05:00+07:00` (ISO, with the offset)."""
    offset = at.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    name = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    stamp = TimeStamp(at.year, at.month, at.day, at.hour, at.minute, at.second, tzinfo=timezone(offset, name))
    stamp._yaml["t"] = True
    return stamp


def history_entry(step: str, by: str, at: datetime, *, reason: str | None = None,
                  extra: Mapping[str, Any] | None = None) -> CommentedMap:
    """`{step, by, at[, reason], ...}` as a one-line flow mapping, the way the history is written."""
    entry = CommentedMap([("step", step), ("by", by), ("at", yaml_time(at))])
    if reason:
        entry["reason"] = reason
    for key, value in (extra or {}).items():
        if key in entry:
            raise ValueError(f"history extra key {key!r} clashes with a standard key")
        entry[key] = yaml_time(value) if isinstance(value, datetime) else value
    entry.fa.set_flow_style()
    return entry


# --- the one writer --------------------------------------------------------------------


def record_step(draft: Draft, step: Step | str, by: str, *, settings: Settings, at: datetime | None = None,
                reason: str | None = None, extra: Mapping[str, Any] | None = None,
                fields: Mapping[str, Any] | None = None) -> Draft:
    """Append a history entry and set the status it leads to; return the draft as written.

    The low-level writer every step goes through (publish calls it through
    `mark_published`/`mark_unpublished`). It checks only that the transition is in the
    table; roles and requirements are the caller's. `step` is a `Step` or `"unpublished"`
    (which leaves the draft `narrated`). `reason` is required for a return and a
    take-down. `extra` adds keys to the history entry; `fields` sets top-level front
    matter fields (the approval record). Leaving the approved states removes the
    approval record. Only the lines that change are rewritten; the body is kept byte
    for byte; the write is atomic.
    """
    step = step.value if isinstance(step, Step) else str(step)
    returning = step == Step.NARRATED.value and draft.status in RETURNS
    if not allowed(draft.status, step, reason=reason):
        raise PipelineError(_refused(draft, "status", transition_message(draft.status, step)))
    if (returning or step == UNPUBLISHED) and not (reason and reason.strip()):
        raise PipelineError(_refused(draft, "reason", _("a return or take-down needs a reason"),
                                     _("say what must be corrected with --reason")))
    at = court_time(at, settings) if at else now(settings)
    new_status = status_after(step)
    entry = history_entry(step, by, at, reason=reason.strip() if reason else None, extra=extra)

    def change(tree: Any) -> None:
        tree["status"] = new_status.value
        history = tree.get("history")
        if not isinstance(history, CommentedSeq):
            history = CommentedSeq()
            tree["history"] = history
        if history.fa.flow_style():
            history.fa.set_block_style()
        history.append(entry)
        if new_status.index < Step.APPROVED.index:
            for key in APPROVAL_FIELDS:
                if key in tree:
                    del tree[key]
        for key, value in (fields or {}).items():
            tree[key] = yaml_time(value) if isinstance(value, datetime) else value

    return drafts.edit_front_matter(draft, change)


def transition_message(old: Step, step: str) -> str:
    nxt = next_step(old)
    options = [_("forward to {status}").format(status=nxt.value)] if nxt else []
    if old in RETURNS:
        options.append(_("back to {status} with a reason").format(status=RETURNS[old].value))
    if old is Step.PUBLISHED:
        options.append(_("taken down with `pipeline unpublish`"))
    return _("a {status} draft cannot go to {step}; it can go {options}").format(
        status=old.value, step=step, options=_(" or ").join(options) or _("nowhere"))


def _refused(draft: Draft, field: str, message: str, hint: str = "") -> Finding:
    return error(draft.shown, draft.line(field) if field else None, field, RULE, message, hint)


# --- steps -----------------------------------------------------------------------------


# Step requirements live with the checks they run (one home, used by advance, approve and publish).
requirements = checks.step_requirements


def advance(root: Path, settings: Settings, draft_id: str, to: Step, by: str, *, at: datetime | None = None) -> Draft:
    """Take the next step (`selected`, `narrated` or `corrected`) as person `by`.

    Refused with every reason at once: wrong order, a person without the role, and
    each requirement that does not hold.
    """
    draft = drafts.load(root, draft_id)
    problems: list[Finding] = []
    if to is Step.APPROVED:
        raise PipelineError(_refused(draft, "status", _("approval is not taken with `advance`"),
                                     _("use `pipeline approve` (it records the Kasubag PTIP's review)")))
    if to is Step.PUBLISHED:
        raise PipelineError(_refused(draft, "status", _("publishing is not taken with `advance`"),
                                     _("use `pipeline publish`, which puts the post on the website")))
    in_order = to is not Step.COLLECTED and allowed(draft.status, to.value)
    if not in_order:
        problems.append(_refused(draft, "status", transition_message(draft.status, to.value)))
    why = role_problem(settings, by, settings.steps[to].roles, _("the step {step}").format(step=to.value))
    if why:
        problems.append(error(draft.shown, None, "by", RULE, why, _("ask a person with that role to take the step")))
    if in_order:
        problems += requirements(root, settings, draft, to)
    if problems:
        raise PipelineError(problems)
    return record_step(draft, to, by, settings=settings, at=at)


def return_to(root: Path, settings: Settings, draft_id: str, to: Step, by: str, reason: str, *,
              at: datetime | None = None) -> Draft:
    """Send a `corrected` or `approved` draft back to `narrated` with a reason, as reviewer `by`."""
    draft = drafts.load(root, draft_id)
    problems: list[Finding] = []
    if to is not Step.NARRATED or draft.status not in RETURNS:
        problems.append(_refused(draft, "status",
                                 _("a {status} draft cannot be returned to {step}; "
                                   "only a corrected or approved draft goes back, to narrated").format(
                                     status=draft.status.value, step=to.value)))
    why = role_problem(settings, by, return_roles(settings), _("returning a draft"))
    if why:
        problems.append(error(draft.shown, None, "by", RULE, why))
    if not reason or not reason.strip():
        problems.append(error(draft.shown, None, "reason", RULE, _("a return needs a reason"),
                              _("say what must be corrected with --reason")))
    if problems:
        raise PipelineError(problems)
    return record_step(draft, Step.NARRATED, by, settings=settings, at=at, reason=reason)


# --- approval --------------------------------------------------------------------------


def approval_problems(draft: Draft, settings: Settings, *, check_digest: bool = True) -> list[Finding]:
    """Why the approval record of an approved (or published) draft does not hold (errors; see `approval.assess`)."""
    return approval.assess(draft, settings, check_digest=check_digest, key=approval.signing_key()).errors


def approval_is_valid(draft: Draft, settings: Settings) -> bool:
    """True when `draft` is approved with an intact record whose signature verified here (what publish requires)."""
    return draft.status is Step.APPROVED and approval.assess(draft, settings, key=approval.signing_key()).verified


def approve_github(root: Path, settings: Settings, draft_id: str, reviews: list[Review], pull: approval.PullRequest,
                   *, base: str) -> Draft:
    """Record approval from a merged pull request's reviews, re-derived and signed; refuse anything less.

    People and roles come from commit `base` (the commit before the merge), never
    from the tree. The deciding review (the approvers' latest decisive one) must be
    APPROVED, on the pull request's head commit, whose tree holds exactly this draft's
    narrative and photos; the record is signed with `PIPELINE_APPROVAL_KEY`. For a
    draft already `approved`, the existing record must be exactly the one this
    derivation gives, signature included (so a record returned or taken down since
    cannot be replayed); running it again for the same review changes nothing.
    """
    draft = drafts.load(root, draft_id)
    trust = approval.trusted_settings(root, settings, base)
    key = approval.signing_key()
    if key is None:
        raise ConfigError(error(approval.KEY_ENV, None, "", "approval",
                                _("{env} is not set: the approval cannot be signed").format(env=approval.KEY_ENV),
                                approval.key_missing_hint()))
    derived, problems = approval.derive(root, trust, draft, reviews, pull, now=now(trust))
    if draft.status is Step.APPROVED:
        if derived is not None and not (derived.matches(draft) and approval.signature_valid(draft, key)):
            problems.append(error(draft.shown, draft.line("approval_review"), "approval_review", "approval",
                                  _("the approval record is not the one the review of pull request #{pr} gives "
                                    "(review {review} by {login} on commit {commit})").format(
                                      pr=pull.number, review=derived.review.id, login=derived.review.login,
                                      commit=derived.commit[:12]),
                                  _("set status back to corrected (`pipeline return`) and ask for a new review")))
        if problems:
            raise PipelineError(problems)
        return draft
    problems = _approval_preconditions(root, settings, draft) + problems
    if derived is not None:
        last = draft.meta.history[-1].at if draft.meta.history else None
        if last and derived.review.submitted_at < last:
            problems.append(error(draft.shown, None, "reviews", "approval",
                                  _("the approving review ({review_time}) is older than the last step ({step_time}); it did not see the corrected draft").format(
                                      review_time=court_time(derived.review.submitted_at, settings).isoformat(),
                                      step_time=court_time(last, settings).isoformat()), _("ask for a new review")))
    if problems:
        raise PipelineError(problems)
    fields = derived.fields(settings.court.tz, key, draft.id)
    return record_step(draft, Step.APPROVED, derived.person.id, settings=settings, at=fields["approved_at"],
                       extra={"pr": derived.pr, "review": derived.review.id}, fields=fields)


def approve_local(root: Path, settings: Settings, draft_id: str, by: str, *, at: datetime | None = None) -> Draft:
    """Record approval by person `by` (local mode, for a court without GitHub: the machine is the trust)."""
    draft = drafts.load(root, draft_id)
    problems = []
    if settings.approval.mode != "local":
        problems.append(error("site_config/pipeline.yml", None, "approval.mode", "approval",
                              _("approval mode is github: approval comes from the Kasubag PTIP's pull-request review"),
                              _("in GitHub the publish workflow records it (see README, 'Approval')")))
    problems += _approval_preconditions(root, settings, draft)
    why = role_problem(settings, by, settings.steps[Step.APPROVED].roles, _("approval"))
    if why:
        problems.append(error(draft.shown, None, "by", "approval", why))
    if problems:
        raise PipelineError(problems)
    at = court_time(at, settings) if at else now(settings)
    fields = {"approved_by": by, "approved_at": at, "approval_digest": approval_digest(draft)}
    return record_step(draft, Step.APPROVED, by, settings=settings, at=at, fields=fields)


def _approval_preconditions(root: Path, settings: Settings, draft: Draft) -> list[Finding]:
    if draft.status is not Step.CORRECTED:
        return [_refused(draft, "status", _("only a corrected draft can be approved; this one is {status}").format(
                             status=draft.status.value),
                         _("take the step `pipeline advance ID --to corrected` first"))]
    return requirements(root, settings, draft, Step.APPROVED)


# --- publishing (called by the publish stage) ------------------------------------------


def mark_published(draft: Draft, by: str, *, settings: Settings, at: datetime | None = None,
                   extra: Mapping[str, Any] | None = None) -> Draft:
    """Record step G7: an approved draft with an intact approval becomes `published`.

    `by` is a person with the `published` step's role, or `SYSTEM_ACTOR` for the
    publish job in CI. Raises `PipelineError` when the approval does not hold.
    """
    problems = [] if draft.status is Step.APPROVED else [
        _refused(draft, "status", _("only an approved draft can be published; this one is {status}").format(
            status=draft.status.value))]
    if not problems:
        problems += approval.assess(draft, settings, key=approval.signing_key(), require_key=True).errors
    if by != SYSTEM_ACTOR:
        why = role_problem(settings, by, settings.steps[Step.PUBLISHED].roles, _("publishing"))
        if why:
            problems.append(error(draft.shown, None, "by", RULE, why))
    if problems:
        raise PipelineError(problems)
    return record_step(draft, Step.PUBLISHED, by, settings=settings, at=at, extra=extra)


def mark_unpublished(draft: Draft, by: str, reason: str, *, settings: Settings, at: datetime | None = None,
                     extra: Mapping[str, Any] | None = None) -> Draft:
    """Record a take-down: a published draft goes back to `narrated`, its approval record removed, history kept."""
    problems = [] if draft.status is Step.PUBLISHED else [
        _refused(draft, "status", _("only a published draft can be taken down; this one is {status}").format(
            status=draft.status.value))]
    why = role_problem(settings, by, unpublish_roles(settings), _("taking a post down"))
    if why:
        problems.append(error(draft.shown, None, "by", RULE, why))
    if not reason or not reason.strip():
        problems.append(error(draft.shown, None, "reason", RULE, _("a take-down needs a reason"),
                              _("say why with --reason (kept in the history)")))
    if problems:
        raise PipelineError(problems)
    return record_step(draft, UNPUBLISHED, by, settings=settings, at=at, reason=reason, extra=extra)


# --- new drafts ------------------------------------------------------------------------

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif", ".bmp", ".gif"}


def new_draft(root: Path, settings: Settings, *, title: str, event_date: date, reporter: str,
              location: str = "", category: str = "", photos_dir: Path | None = None,
              at: datetime | None = None) -> Draft:
    """Create `drafts/<date>-<slug>/index.md` at status `collected`, with its first history entry.

    Photos in `photos_dir` come in through the photos intake (copied, never moved, their
    metadata stripped) into the draft's `photos/`. All or nothing: the draft is built in
    a temporary folder and renamed into place, and an existing draft is never touched.
    """
    problems = []
    title = title.strip()
    why = role_problem(settings, reporter, settings.steps[Step.COLLECTED].roles, _("collecting coverage"))
    if why:
        problems.append(error("", None, "reporter", RULE, why))
    if category and category not in settings.categories:
        problems.append(error("", None, "category", RULE, _("unknown category {category!r}").format(category=category),
                              _("use one of: {categories}").format(categories=", ".join(settings.categories))))
    if event_date > today_in(settings):
        problems.append(error("", None, "date", RULE, _("the event date {date} is in the future").format(
                                  date=event_date.isoformat()),
                              _("a draft records an event that took place")))
    sources: list[Path] = []
    if photos_dir is not None:
        photos_dir = Path(photos_dir)
        if not photos_dir.is_dir():
            problems.append(error(str(photos_dir), None, "photos", RULE, _("not a folder"),
                                  _("give the folder that holds the event's photos")))
        else:
            sources = sorted(p for p in photos_dir.iterdir()
                             if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in IMAGE_SUFFIXES)
            if not sources:
                problems.append(error(str(photos_dir), None, "photos", RULE, _("no photos in this folder"),
                                      _("photos are files ending in {suffixes}").format(
                                          suffixes=", ".join(sorted(IMAGE_SUFFIXES)))))
    try:
        draft_id = drafts.make_id(event_date, title)
    except PipelineError as exc:
        problems += exc.findings
        draft_id = None
    if draft_id and (drafts.drafts_dir(root) / draft_id).exists():
        problems.append(error(f"{drafts.DRAFTS_DIR}/{draft_id}", None, "id", RULE, _("this draft already exists"),
                              _("continue with that draft, or choose another title")))
    if problems:
        raise PipelineError(problems)

    base = drafts.drafts_dir(root)
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=base, prefix=f".new-{draft_id}-"))
    try:
        files: list[str] = []
        if sources:
            from . import photos

            written = photos.intake_many(sources, staging / drafts.PHOTOS_DIR, settings.photos)
            files = [f"{drafts.PHOTOS_DIR}/{Path(p).name}" for p in written]
        at = court_time(at, settings) if at else now(settings)
        text = drafts.render_new(title=title, event_date=event_date, reporter=reporter, location=location,
                                 category=category, photos=files,
                                 first_entry=history_entry(Step.COLLECTED.value, reporter, at))
        (staging / drafts.INDEX).write_text(text, encoding="utf-8")
        refused = _new_draft_findings(root, settings, staging, draft_id)
        if refused:
            raise PipelineError(refused)
        staging.rename(base / draft_id)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return drafts.load(root, draft_id)


def _new_draft_findings(root: Path, settings: Settings, staging: Path, draft_id: str) -> list[Finding]:
    """The errors `pipeline check` would report on the staged draft, shown at its final path.

    `new` promises a draft that passes the check as it is (a title too short or too
    long, a phone number in the title): what the check refuses, `new` refuses first.
    """
    from dataclasses import replace

    from . import checks

    shown = f"{drafts.DRAFTS_DIR}/{draft_id}/{drafts.INDEX}"
    try:
        staged = drafts.from_source(drafts.read_source(staging / drafts.INDEX, root), staging)
    except PipelineError as exc:
        return [replace(f, path=shown) for f in exc.findings]
    staged = replace(staged, id=draft_id)
    found = checks.check_draft(root, settings, staged, approval=False)
    return [replace(f, path=shown) for f in found if f.is_error]


# --- timing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepTime:
    """One history entry measured against the SOP: how long the step took and its standard."""

    step: str
    by: str
    at: datetime
    started: datetime | None
    minutes: float | None
    standard: int | None
    sop_step: str
    label: str
    reason: str | None
    working_on: str | None = None

    @property
    def on_time(self) -> bool | None:
        if self.minutes is None or self.standard is None:
            return None
        return self.minutes <= self.standard

    @property
    def returned(self) -> bool:
        return bool(self.reason)


def step_times(draft: Draft, settings: Settings) -> list[StepTime]:
    """Each history entry with the time since the previous one, against the standard of the step worked on.

    The first entry (`collected`) has no start the pipeline knows of, so no time. A
    return is measured against the step that was being worked on when it came back.
    """
    out: list[StepTime] = []
    status: Step | None = None
    previous = None
    for entry in draft.meta.history:
        working_on = next_step(status) if status else None
        rule = settings.steps.get(working_on) if working_on else None
        if entry.step in {s.value for s in Step} and status is None:
            rule = settings.steps[Step(entry.step)]
        minutes = (entry.at - previous).total_seconds() / 60 if previous else None
        out.append(StepTime(entry.step, entry.by, entry.at, previous, minutes,
                            rule.minutes if (rule and previous) else None,
                            rule.sop_step if rule else "", rule.label if rule else "", entry.reason,
                            working_on.value if working_on else (entry.step if status is None else None)))
        try:
            status = status_after(entry.step)
        except ValueError:
            pass
        previous = entry.at
    return out


@dataclass(frozen=True)
class StatusRow:
    """One line of `pipeline status`."""

    id: str
    title: str
    status: Step | None
    last_by: str
    last_at: datetime | None
    working_on: Step | None
    elapsed_minutes: float | None
    standard_minutes: int | None
    problem: str = ""

    @property
    def overdue(self) -> bool:
        return (self.elapsed_minutes is not None and self.standard_minutes is not None
                and self.elapsed_minutes > self.standard_minutes)

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "status": self.status.value if self.status else None,
                "last_by": self.last_by, "last_at": self.last_at.isoformat() if self.last_at else None,
                "working_on": self.working_on.value if self.working_on else None,
                "elapsed_minutes": None if self.elapsed_minutes is None else round(self.elapsed_minutes, 1),
                "standard_minutes": self.standard_minutes, "overdue": self.overdue, "problem": self.problem}


def status_rows(root: Path, settings: Settings, *, at: datetime | None = None) -> list[StatusRow]:
    """Every draft: status, who did the last step and when, and time in the current step against the
    standard of the step being worked on (wall-clock minutes, as the SOP states them)."""
    moment = court_time(at, settings) if at else now(settings)
    rows = []
    for folder in drafts.list_drafts(root):
        try:
            draft = drafts.from_source(drafts.read_source(folder / drafts.INDEX, root), folder)
        except PipelineError as exc:
            rows.append(StatusRow(folder.name, "", None, "", None, None, None, None,
                                  problem=exc.findings[0].message if exc.findings else "unreadable"))
            continue
        last = draft.meta.history[-1] if draft.meta.history else None
        working_on = next_step(draft.status)
        elapsed = (moment - last.at).total_seconds() / 60 if (last and working_on) else None
        standard = settings.steps[working_on].minutes if working_on else None
        rows.append(StatusRow(draft.id, draft.meta.title, draft.status, last.by if last else "",
                              court_time(last.at, settings) if last else None, working_on, elapsed, standard))
    return rows
