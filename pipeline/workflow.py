"""The editorial state machine of section G: who may take which step, when, and the record of it.

`collected -> selected -> narrated -> corrected -> approved -> published`, one step at a
time forward; a reviewer may send a `corrected` or `approved` draft back to `narrated`
with a reason; a published post taken down (`unpublished`) goes back to `narrated` too.
Every step appends `{step, by, at}` to the draft's history, rewriting only those lines.
Approval is the trust anchor: it records who approved, when, and a digest of everything
that gets published, so any change after approval voids it.

Public API for other stages (publish uses the last three):
`new_draft`, `advance`, `return_to`, `approve_github`, `approve_local`, `record_step`,
`approval_digest`, `approval_problems`, `approval_is_valid`, `mark_published`,
`mark_unpublished`, `step_times`, `status_rows`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.timestamp import TimeStamp

from . import drafts
from .config import Role, Settings, Step, today_in
from .drafts import Draft
from .findings import Finding, PipelineError, error

RULE = "workflow"
UNPUBLISHED = "unpublished"
# The only actor that is not a person: the publish job in CI, after an approving review.
SYSTEM_ACTOR = "pipeline"
APPROVAL_FIELDS = ("approved_by", "approved_at", "approval_digest", "approval_pr", "approval_review")

# One step forward at a time.
FORWARD: dict[Step, Step] = {
    Step.COLLECTED: Step.SELECTED,
    Step.SELECTED: Step.NARRATED,
    Step.NARRATED: Step.CORRECTED,
    Step.CORRECTED: Step.APPROVED,
    Step.APPROVED: Step.PUBLISHED,
}
# A reviewer sends a draft back, with a reason.
RETURNS: dict[Step, Step] = {Step.CORRECTED: Step.NARRATED, Step.APPROVED: Step.NARRATED}
# The whole table: status -> statuses it may go to (published -> narrated is a take-down).
TRANSITIONS: dict[Step, frozenset[Step]] = {
    step: frozenset(({FORWARD[step]} if step in FORWARD else set())
                    | ({RETURNS[step]} if step in RETURNS else set())
                    | ({Step.NARRATED} if step is Step.PUBLISHED else set()))
    for step in Step
}
# Steps that `pipeline advance` takes; approval and publishing have their own commands.
ADVANCE_STEPS = (Step.SELECTED, Step.NARRATED, Step.CORRECTED)


def next_step(status: Step) -> Step | None:
    """The step being worked on while a draft is at `status` (None once published)."""
    return FORWARD.get(status)


def allowed(old: Step | None, step: str, *, reason: str | None = None) -> bool:
    """Whether a history entry `step` may follow status `old` (None: the first entry)."""
    if old is None:
        return step == Step.COLLECTED.value
    if step == UNPUBLISHED:
        return old is Step.PUBLISHED
    try:
        new = Step(step)
    except ValueError:
        return False
    if FORWARD.get(old) is new:
        return True
    return new is Step.NARRATED and old in RETURNS and bool(reason)


def status_after(step: str) -> Step:
    """The status a history entry leaves the draft in."""
    return Step.NARRATED if step == UNPUBLISHED else Step(step)


def return_roles(settings: Settings) -> set[Role]:
    """Who may send a draft back: the reviewers, i.e. those of the `corrected` and `approved` steps."""
    return set(settings.steps[Step.CORRECTED].roles) | set(settings.steps[Step.APPROVED].roles)


def unpublish_roles(settings: Settings) -> set[Role]:
    """Who may take a post down at once: the reviewers and whoever publishes."""
    return return_roles(settings) | set(settings.steps[Step.PUBLISHED].roles)


def roles_for(settings: Settings, step: str, *, returning: bool = False) -> set[Role]:
    """The roles that may record history entry `step`."""
    if step == UNPUBLISHED:
        return unpublish_roles(settings)
    if returning:
        return return_roles(settings)
    return set(settings.steps[Step(step)].roles)


def role_problem(settings: Settings, person_id: str, roles: Iterable[Role], what: str) -> str | None:
    """Why `person_id` may not do `what`, or None when they may."""
    roles = sorted({r.value for r in roles})
    person = settings.person(person_id)
    if person is None:
        known = ", ".join(p.id for p in settings.people)
        return f"{person_id!r} is not a person in site_config/pipeline.yml (people: {known})"
    if person.role.value not in roles:
        return f"{person.id} has the role {person.role.value}; {what} needs the role {' or '.join(roles)}"
    return None


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
        raise PipelineError(_refused(draft, "reason", "a return or take-down needs a reason",
                                     "say what must be corrected with --reason"))
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
    options = [f"forward to {nxt.value}"] if nxt else []
    if old in RETURNS:
        options.append(f"back to {RETURNS[old].value} with a reason")
    if old is Step.PUBLISHED:
        options.append("taken down with `pipeline unpublish`")
    return f"a {old.value} draft cannot go to {step}; it can go {' or '.join(options) or 'nowhere'}"


def _refused(draft: Draft, field: str, message: str, hint: str = "") -> Finding:
    return error(draft.shown, draft.line(field) if field else None, field, RULE, message, hint)


# --- steps -----------------------------------------------------------------------------


def requirements(root: Path, settings: Settings, draft: Draft, step: Step) -> list[Finding]:
    """What must hold before `draft` may reach `step` (errors only; empty when it may).

    `selected` and `narrated` need the fields of that status (selected photos with
    caption and alt text; summary, category and a long enough body); `corrected` and
    `approved` need every automated check to pass.
    """
    from . import checks

    if step in (Step.CORRECTED, Step.APPROVED, Step.PUBLISHED):
        found = checks.check_draft(root, settings, draft, status=step, approval=False)
    else:
        found = checks.status_requirements(root, settings, draft, step)
    return [f for f in found if f.is_error]


def advance(root: Path, settings: Settings, draft_id: str, to: Step, by: str, *, at: datetime | None = None) -> Draft:
    """Take the next step (`selected`, `narrated` or `corrected`) as person `by`.

    Refused with every reason at once: wrong order, a person without the role, and
    each requirement that does not hold.
    """
    draft = drafts.load(root, draft_id)
    problems: list[Finding] = []
    if to is Step.APPROVED:
        raise PipelineError(_refused(draft, "status", "approval is not taken with `advance`",
                                     "use `pipeline approve` (it records the Kasubag PTIP's review)"))
    if to is Step.PUBLISHED:
        raise PipelineError(_refused(draft, "status", "publishing is not taken with `advance`",
                                     "use `pipeline publish`, which puts the post on the website"))
    in_order = to is not Step.COLLECTED and allowed(draft.status, to.value)
    if not in_order:
        problems.append(_refused(draft, "status", transition_message(draft.status, to.value)))
    why = role_problem(settings, by, settings.steps[to].roles, f"the step {to.value}")
    if why:
        problems.append(error(draft.shown, None, "by", RULE, why, "ask a person with that role to take the step"))
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
                                 f"a {draft.status.value} draft cannot be returned to {to.value}; "
                                 "only a corrected or approved draft goes back, to narrated"))
    why = role_problem(settings, by, return_roles(settings), "returning a draft")
    if why:
        problems.append(error(draft.shown, None, "by", RULE, why))
    if not reason or not reason.strip():
        problems.append(error(draft.shown, None, "reason", RULE, "a return needs a reason",
                              "say what must be corrected with --reason"))
    if problems:
        raise PipelineError(problems)
    return record_step(draft, Step.NARRATED, by, settings=settings, at=at, reason=reason)


# --- approval --------------------------------------------------------------------------


def approval_digest(draft: Draft) -> str:
    """A digest of everything approval vouches for: the published text and the selected photos.

    Title, date, location, category, summary and body (line endings normalised), and
    for each selected photo its path, caption, alt text and the SHA-256 of its bytes.
    Any change to them after approval gives another digest, which voids the approval.
    """
    digest = hashlib.sha256()

    def put(label: str, data: bytes) -> None:
        digest.update(label.encode() + b"\0" + len(data).to_bytes(8, "big") + data)

    meta = draft.meta
    for label, value in (("title", meta.title), ("date", meta.date.isoformat()), ("location", meta.location),
                         ("category", meta.category), ("summary", meta.summary)):
        put(label, value.encode("utf-8"))
    put("body", draft.body.replace("\r\n", "\n").rstrip("\n").encode("utf-8"))
    folder = draft.folder.resolve()
    for photo in draft.selected_photos:
        put("photo", photo.file.encode("utf-8"))
        put("caption", photo.caption.encode("utf-8"))
        put("alt", photo.alt.encode("utf-8"))
        target = (draft.folder / photo.file).resolve()
        try:
            content = target.read_bytes() if target.is_relative_to(folder) else b"<outside>"
        except OSError:
            content = b"<missing>"
        put("bytes", hashlib.sha256(content).digest())
    return "sha256:" + digest.hexdigest()


def approval_problems(draft: Draft, settings: Settings, *, check_digest: bool = True) -> list[Finding]:
    """Why the approval record of an approved (or published) draft does not hold; empty when it does."""
    meta = draft.meta
    shown = draft.shown
    hint = ("approval is recorded only by `pipeline approve`, from an approving review of the Kasubag PTIP; "
            "set status back to corrected and ask for the review")
    missing = [key for key in ("approved_by", "approved_at", "approval_digest") if getattr(meta, key) in (None, "")]
    if settings.approval.mode == "github":
        missing += [key for key in ("approval_pr", "approval_review") if getattr(meta, key) is None]
    if missing:
        return [error(shown, draft.line("status"), "status", "approval",
                      f"status is {meta.status.value} but there is no approval record ({', '.join(missing)} missing)",
                      hint)]
    problems = []
    why = role_problem(settings, meta.approved_by, settings.steps[Step.APPROVED].roles, "approval")
    if why:
        problems.append(error(shown, draft.line("approved_by"), "approved_by", "approval", why, hint))
    approved_entries = [h for h in meta.history if h.step == Step.APPROVED.value]
    if not approved_entries or approved_entries[-1].by != meta.approved_by:
        problems.append(error(shown, draft.line("history"), "history", "approval",
                              f"no `approved` history entry by {meta.approved_by}", hint))
    if check_digest and meta.approval_digest != approval_digest(draft):
        problems.append(error(shown, draft.line("approval_digest"), "approval_digest", "approval",
                              "the narrative or the selected photos changed after approval; the approval is void",
                              "return the draft (`pipeline return ID --to narrated`) and ask for a new review, "
                              "or undo the change"))
    return problems


def approval_is_valid(draft: Draft, settings: Settings) -> bool:
    """True when `draft` is approved with an intact approval record (what publish requires)."""
    return draft.status is Step.APPROVED and not approval_problems(draft, settings)


@dataclass(frozen=True)
class Review:
    """One pull-request review, from GitHub's `GET /repos/{owner}/{repo}/pulls/{n}/reviews`."""

    id: int
    login: str
    state: str
    submitted_at: datetime | None
    commit_id: str
    body: str


DECISIVE_STATES = {"APPROVED", "CHANGES_REQUESTED", "DISMISSED"}


def parse_reviews(text: str, shown: str) -> list[Review]:
    """Read GitHub's reviews JSON; raise `PipelineError` naming each malformed review."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PipelineError(error(shown, exc.lineno, "", "approval", f"not JSON: {exc.msg}",
                                  "save the output of GET /repos/{owner}/{repo}/pulls/{n}/reviews")) from None
    if not isinstance(data, list):
        raise PipelineError(error(shown, None, "", "approval", "expected a JSON list of reviews",
                                  "save the output of GET /repos/{owner}/{repo}/pulls/{n}/reviews"))
    reviews, problems = [], []
    for index, item in enumerate(data):
        try:
            user = item.get("user") or {}
            submitted = item.get("submitted_at")
            at = datetime.fromisoformat(submitted.replace("Z", "+00:00")) if submitted else None
            if at is not None and at.tzinfo is None:
                raise ValueError("submitted_at has no time zone")
            reviews.append(Review(int(item["id"]), str(user["login"]), str(item["state"]).upper(), at,
                                  str(item.get("commit_id") or ""), str(item.get("body") or "")))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            problems.append(error(shown, None, f"[{index}]", "approval",
                                  f"not a GitHub review ({type(exc).__name__}: {exc})",
                                  "each review needs id, user.login, state and submitted_at"))
    if problems:
        raise PipelineError(problems)
    return reviews


def deciding_review(reviews: list[Review], settings: Settings) -> tuple[Review | None, list[str]]:
    """The latest decisive review by an approver, and notes on reviews that did not count."""
    roles = set(settings.steps[Step.APPROVED].roles)
    notes, counted = [], []
    for review in reviews:
        if review.state not in DECISIVE_STATES or review.submitted_at is None:
            continue
        person = settings.person_by_github(review.login)
        if person is None:
            if review.state == "APPROVED":
                notes.append(f"{review.login} approved but is not in site_config/pipeline.yml")
            continue
        if person.role not in roles:
            if review.state == "APPROVED":
                notes.append(f"{review.login} ({person.id}, role {person.role.value}) approved "
                             f"but approval needs the role {' or '.join(sorted(r.value for r in roles))}")
            continue
        counted.append(review)
    counted.sort(key=lambda r: (r.submitted_at, r.id))
    return (counted[-1] if counted else None), notes


def approve_github(root: Path, settings: Settings, draft_id: str, reviews: list[Review], pr: int, *,
                   head: str | None = None) -> Draft:
    """Record approval from pull request `pr`'s reviews: only when the approver's latest review approves.

    The latest decisive review (approved, changes requested or dismissed) of a person
    with the approving role counts; comments do not. With `head`, the approving review
    must be on that commit, so nothing pushed after the review is vouched for. Running
    it again for the same review changes nothing.
    """
    draft = drafts.load(root, draft_id)
    review, notes = deciding_review(reviews, settings)
    if review is not None and review.state == "APPROVED" and draft.status is Step.APPROVED \
            and draft.meta.approval_review == review.id and approval_is_valid(draft, settings):
        return draft
    problems = _approval_preconditions(root, settings, draft)
    hint = "ask the Kasubag PTIP to approve the pull request in its review"
    if review is None:
        detail = f"; {'; '.join(notes)}" if notes else ""
        problems.append(error(draft.shown, None, "reviews", "approval",
                              f"pull request #{pr} has no review by a person with the role "
                              f"{' or '.join(sorted(r.value for r in settings.steps[Step.APPROVED].roles))}{detail}",
                              hint))
    elif review.state != "APPROVED":
        problems.append(error(draft.shown, None, "reviews", "approval",
                              f"the latest review by {review.login} on pull request #{pr} "
                              f"({review.submitted_at.isoformat()}) is {review.state}, not APPROVED", hint))
    else:
        if head and review.commit_id and review.commit_id != head:
            problems.append(error(draft.shown, None, "reviews", "approval",
                                  f"the approving review is on commit {review.commit_id[:12]} but the pull "
                                  f"request is now at {head[:12]}; changes after the review are not approved",
                                  "ask for a new review of the latest commit"))
        if review.submitted_at > now(settings) + timedelta(minutes=5):
            problems.append(error(draft.shown, None, "reviews", "approval",
                                  f"the approving review's time {review.submitted_at.isoformat()} is in the future",
                                  "save the reviews JSON from GitHub again; it was not written by GitHub"))
        last = draft.meta.history[-1].at if draft.meta.history else None
        if last and review.submitted_at < last:
            problems.append(error(draft.shown, None, "reviews", "approval",
                                  f"the approving review ({court_time(review.submitted_at, settings).isoformat()}) is "
                                  f"older than the last step ({court_time(last, settings).isoformat()}); "
                                  "it did not see the corrected draft", "ask for a new review"))
    if problems:
        raise PipelineError(problems)
    person = settings.person_by_github(review.login)
    at = court_time(review.submitted_at, settings)
    return _record_approval(draft, settings, person.id, at, pr=pr, review=review.id)


def approve_local(root: Path, settings: Settings, draft_id: str, by: str, *, at: datetime | None = None) -> Draft:
    """Record approval by person `by` (local mode, for a court without GitHub)."""
    draft = drafts.load(root, draft_id)
    problems = []
    if settings.approval.mode != "local":
        problems.append(error("site_config/pipeline.yml", None, "approval.mode", "approval",
                              "approval mode is github: approval comes from the Kasubag PTIP's pull-request review",
                              "run `pipeline approve ID --reviews FILE --pr N`"))
    problems += _approval_preconditions(root, settings, draft)
    why = role_problem(settings, by, settings.steps[Step.APPROVED].roles, "approval")
    if why:
        problems.append(error(draft.shown, None, "by", "approval", why))
    if problems:
        raise PipelineError(problems)
    return _record_approval(draft, settings, by, court_time(at, settings) if at else now(settings))


def _approval_preconditions(root: Path, settings: Settings, draft: Draft) -> list[Finding]:
    if draft.status is not Step.CORRECTED:
        return [_refused(draft, "status", f"only a corrected draft can be approved; this one is {draft.status.value}",
                         "take the step `pipeline advance ID --to corrected` first")]
    return requirements(root, settings, draft, Step.APPROVED)


def _record_approval(draft: Draft, settings: Settings, by: str, at: datetime, *, pr: int | None = None,
                     review: int | None = None) -> Draft:
    fields: dict[str, Any] = {"approved_by": by, "approved_at": at, "approval_digest": approval_digest(draft)}
    extra: dict[str, Any] = {}
    if pr is not None:
        fields |= {"approval_pr": pr, "approval_review": review}
        extra = {"pr": pr, "review": review}
    return record_step(draft, Step.APPROVED, by, settings=settings, at=at, extra=extra, fields=fields)


# --- publishing (called by the publish stage) ------------------------------------------


def mark_published(draft: Draft, by: str, *, settings: Settings, at: datetime | None = None,
                   extra: Mapping[str, Any] | None = None) -> Draft:
    """Record step G7: an approved draft with an intact approval becomes `published`.

    `by` is a person with the `published` step's role, or `SYSTEM_ACTOR` for the
    publish job in CI. Raises `PipelineError` when the approval does not hold.
    """
    problems = [] if draft.status is Step.APPROVED else [
        _refused(draft, "status", f"only an approved draft can be published; this one is {draft.status.value}")]
    if not problems:
        problems += approval_problems(draft, settings)
    if by != SYSTEM_ACTOR:
        why = role_problem(settings, by, settings.steps[Step.PUBLISHED].roles, "publishing")
        if why:
            problems.append(error(draft.shown, None, "by", RULE, why))
    if problems:
        raise PipelineError(problems)
    return record_step(draft, Step.PUBLISHED, by, settings=settings, at=at, extra=extra)


def mark_unpublished(draft: Draft, by: str, reason: str, *, settings: Settings, at: datetime | None = None,
                     extra: Mapping[str, Any] | None = None) -> Draft:
    """Record a take-down: a published draft goes back to `narrated`, its approval record removed, history kept."""
    problems = [] if draft.status is Step.PUBLISHED else [
        _refused(draft, "status", f"only a published draft can be taken down; this one is {draft.status.value}")]
    why = role_problem(settings, by, unpublish_roles(settings), "taking a post down")
    if why:
        problems.append(error(draft.shown, None, "by", RULE, why))
    if not reason or not reason.strip():
        problems.append(error(draft.shown, None, "reason", RULE, "a take-down needs a reason",
                              "say why with --reason (kept in the history)"))
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
    why = role_problem(settings, reporter, settings.steps[Step.COLLECTED].roles, "collecting coverage")
    if why:
        problems.append(error("", None, "reporter", RULE, why))
    if category and category not in settings.categories:
        problems.append(error("", None, "category", RULE, f"unknown category {category!r}",
                              f"use one of: {', '.join(settings.categories)}"))
    if event_date > today_in(settings):
        problems.append(error("", None, "date", RULE, f"the event date {event_date.isoformat()} is in the future",
                              "a draft records an event that took place"))
    sources: list[Path] = []
    if photos_dir is not None:
        photos_dir = Path(photos_dir)
        if not photos_dir.is_dir():
            problems.append(error(str(photos_dir), None, "photos", RULE, "not a folder",
                                  "give the folder that holds the event's photos"))
        else:
            sources = sorted(p for p in photos_dir.iterdir()
                             if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in IMAGE_SUFFIXES)
            if not sources:
                problems.append(error(str(photos_dir), None, "photos", RULE, "no photos in this folder",
                                      f"photos are files ending in {', '.join(sorted(IMAGE_SUFFIXES))}"))
    try:
        draft_id = drafts.make_id(event_date, title)
    except PipelineError as exc:
        problems += exc.findings
        draft_id = None
    if draft_id and (drafts.drafts_dir(root) / draft_id).exists():
        problems.append(error(f"{drafts.DRAFTS_DIR}/{draft_id}", None, "id", RULE, "this draft already exists",
                              "continue with that draft, or choose another title"))
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
