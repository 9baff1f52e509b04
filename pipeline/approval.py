"""Approval, the trust anchor: the record, its digest, its signature, and its verification against GitHub.

A draft reaches the website only after the Kasubag PTIP approved exactly that text
and those photos. The tree cannot vouch for itself, so in `github` mode an approval
record is accepted only when both hold:

* **It was derived from GitHub's own data** (`derive`): the pull request's reviews
  and the pull request itself, fetched by the publish workflow and passed as files.
  The review must be by the GitHub login that the *base* commit's `pipeline.yml`
  gives a person with the approving role, be `APPROVED`, be the latest decisive
  review of the approvers on that pull request, have a `commit_id`, and that commit
  must be the pull request's head, whose tree (read with git, not the working tree)
  holds exactly the narrative and photos being published (`digest_at`).
* **It carries the workflow's signature** (`sign`): HMAC-SHA256, with a key held only
  as a repository secret (`PIPELINE_APPROVAL_KEY`), over the draft id, digest, pull
  request, review id, reviewer login, head commit, approver and time. A record
  written by hand (or by `approve --by` after flipping the mode) has no valid
  signature; `publish` refuses it, and refuses everything when the key is missing.

Why both: the signature lets `publish`, `check` and `evidence` tell a real record
from a forged one offline, in one HMAC; re-deriving in the workflow (for `approved`
drafts too) stops a genuine record from being replayed onto a draft that was
returned or taken down since, because the pull request that last changed the draft
must carry the approving review.

Trust settings (people, roles, GitHub logins, the steps' roles and `approval`) come
from the base commit (`trusted_settings`), never from the tree being judged, so a
pull request that remaps the Kasubag's login is judged by the Kasubag it replaces.

In `local` mode (a court without GitHub) `pipeline approve --by` records approval
for a person with the role; nothing is signed, and the trust is the machine's.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import posixpath
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Mapping

from .config import CONFIG_DIR, CONFIG_FILE, Person, Settings, Step, parse_settings
from .drafts import DRAFTS_DIR, INDEX, Draft, FrontMatter, parse_front, split_front_matter
from .findings import ConfigError, Finding, PipelineError, error, warning
from .i18n import _
from .steps import approving_roles, role_problem

RULE = "approval"
KEY_ENV = "PIPELINE_APPROVAL_KEY"
BASE_ENV = "PIPELINE_TRUST_BASE"
KEY_MIN_LENGTH = 32
SIGNATURE_PREFIX = "hmac-sha256:"
SIGNATURE_VERSION = 1
# Keys of pipeline.yml that decide who may approve: read from the base commit only.
TRUST_KEYS = ("people", "steps", "approval")
GITHUB_FIELDS = ("approval_pr", "approval_review", "approval_login", "approval_commit", "approval_signature")
APPROVAL_FIELDS = ("approved_by", "approved_at", "approval_digest", *GITHUB_FIELDS)
DECISIVE_STATES = {"APPROVED", "CHANGES_REQUESTED", "DISMISSED"}
SHA = re.compile(r"^[0-9a-f]{40}$")
CONFIG_PATH = f"{CONFIG_DIR}/{CONFIG_FILE}"


# --- the digest --------------------------------------------------------------------------


def content_digest(data: Mapping[str, Any] | None, meta: FrontMatter, body: str,
                   read: Callable[[str], bytes | None]) -> str:
    """A digest of everything approval vouches for: the published text, the selected photos, accepted privacy notes.

    Title, date, location, category, summary, body (line endings normalised), the
    `privacy_accepted` list (canonical JSON; absent or empty digests as empty), and
    for each selected photo its path, caption, alt text and the SHA-256 of its bytes
    as `read(file)` gives them (None: missing or outside the draft).
    """
    digest = hashlib.sha256()

    def put(label: str, value: bytes) -> None:
        digest.update(label.encode() + b"\0" + len(value).to_bytes(8, "big") + value)

    for label, value in (("title", meta.title), ("date", meta.date.isoformat()), ("location", meta.location),
                         ("category", meta.category), ("summary", meta.summary)):
        put(label, value.encode("utf-8"))
    put("body", body.replace("\r\n", "\n").rstrip("\n").encode("utf-8"))
    accepted = (data or {}).get("privacy_accepted")
    put("privacy_accepted", json.dumps(accepted, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                       default=str).encode("utf-8") if accepted else b"")
    for photo in meta.photos:
        if not photo.selected:
            continue
        put("photo", photo.file.encode("utf-8"))
        put("caption", photo.caption.encode("utf-8"))
        put("alt", photo.alt.encode("utf-8"))
        content = read(photo.file)
        put("bytes", hashlib.sha256(b"<missing>" if content is None else content).digest())
    return "sha256:" + digest.hexdigest()


def approval_digest(draft: Draft) -> str:
    """The digest of the draft as it is in the working tree (photos read inside the draft folder only)."""
    folder = draft.folder.resolve()

    def read(file: str) -> bytes | None:
        target = (draft.folder / file).resolve()
        if not target.is_relative_to(folder):
            return None
        try:
            return target.read_bytes()
        except OSError:
            return None

    return content_digest(draft.source.data, draft.meta, draft.body, read)


def digest_at(root: Path, commit: str, draft_id: str) -> str | None:
    """The digest of draft `draft_id` as commit `commit` holds it (read with git), or None when it has no such draft."""
    folder = f"{DRAFTS_DIR}/{draft_id}"
    raw = git_blob(root, commit, f"{folder}/{INDEX}")
    if raw is None:
        return None
    try:
        head, front, tail = split_front_matter(raw.decode("utf-8"))
        data = parse_front(front, head.count("\n"))
        meta = FrontMatter.model_validate(data)
    except Exception:  # noqa: BLE001 - whatever does not parse cannot match the working tree
        return None
    body = tail[len(tail.splitlines(keepends=True)[0]):] if tail else ""

    def read(file: str) -> bytes | None:
        path = posixpath.normpath(f"{folder}/{file}")
        return git_blob(root, commit, path) if path.startswith(folder + "/") else None

    return content_digest(data, meta, body, read)


# --- git, read-only -----------------------------------------------------------------------


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    # read-only plumbing: no hooks, no pager, no text conversion of blobs
    return subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "--no-pager", *args], cwd=root,
                          capture_output=True, timeout=120)


def resolve_commit(root: Path, rev: str) -> str | None:
    """The full sha of commit `rev` in the repository at `root`, or None when there is none."""
    if not rev or rev.startswith("-"):
        return None
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    sha = done.stdout.decode().strip() if done.returncode == 0 else ""
    return sha if SHA.match(sha) else None


def git_blob(root: Path, commit: str, path: str) -> bytes | None:
    """The bytes of `path` in `commit` (a symlink gives its target text, as git stores it), or None."""
    done = _git(root, "cat-file", "blob", f"{commit}:{path}")
    return done.stdout if done.returncode == 0 else None


# --- trust settings from the base commit ---------------------------------------------------


def trusted_settings(root: Path, settings: Settings, base: str) -> Settings:
    """`settings` with people, steps and approval taken from `pipeline.yml` at commit `base`.

    The tree being judged may change anything else (categories, photo sizes); who may
    approve and how is what the base branch says, so a change to it takes effect only
    after it was itself merged under the old rules. Raises `ConfigError` when the base
    is not a commit or its `pipeline.yml` is unusable: nothing is trusted then.
    """
    hint = _("give the commit before the merge (in the publish workflow: the push's `before` commit)")
    sha = resolve_commit(root, base)
    if sha is None:
        raise ConfigError(error(BASE_ENV, None, "", RULE,
                                _("the trust base {base!r} is not a commit of this repository").format(base=base),
                                hint))
    raw = git_blob(root, sha, CONFIG_PATH)
    if raw is None:
        raise ConfigError(error(f"{sha[:12]}:{CONFIG_PATH}", None, "", RULE,
                                _("the trust base has no {path}").format(path=CONFIG_PATH), hint))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(error(f"{sha[:12]}:{CONFIG_PATH}", None, "", RULE, _("not UTF-8 text"), hint)) from None
    base_settings = parse_settings(text, f"{sha[:12]}:{CONFIG_PATH}")
    return settings.model_copy(update={key: getattr(base_settings, key) for key in TRUST_KEYS})


def trust_base_from_env() -> str | None:
    """The trust base the publish workflow sets (`PIPELINE_TRUST_BASE`), or None."""
    return os.environ.get(BASE_ENV, "").strip() or None


# --- the key and the signature ------------------------------------------------------------


def key_missing_hint() -> str:
    return _("in GitHub it is the repository secret {env} (see README, 'Approval'); in a rehearsal, "
             "export the same key that `pipeline approve` signed with").format(env=KEY_ENV)


def signing_key() -> bytes | None:
    """The signing key from `PIPELINE_APPROVAL_KEY`, or None when unset; a short key is a `ConfigError`."""
    value = os.environ.get(KEY_ENV, "").strip()
    if not value:
        return None
    if len(value) < KEY_MIN_LENGTH:
        raise ConfigError(error(KEY_ENV, None, "", RULE,
                                _("{env} has {n} characters; a signing key needs at least {min}").format(
                                    env=KEY_ENV, n=len(value), min=KEY_MIN_LENGTH),
                                _("make one with: python -c 'import secrets; print(secrets.token_hex(32))'")))
    return value.encode("utf-8")


def _utc(at: datetime) -> str:
    return at.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def signed_text(draft_id: str, fields: Mapping[str, Any]) -> bytes:
    """The canonical bytes the signature covers: every part of the record that says who approved what."""
    payload = {
        "v": SIGNATURE_VERSION, "draft": draft_id, "digest": str(fields["approval_digest"]),
        "pr": int(fields["approval_pr"]), "review": int(fields["approval_review"]),
        "login": str(fields["approval_login"]).lower(), "commit": str(fields["approval_commit"]).lower(),
        "by": str(fields["approved_by"]), "at": _utc(fields["approved_at"]),
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(draft_id: str, fields: Mapping[str, Any], key: bytes) -> str:
    return SIGNATURE_PREFIX + hmac.new(key, signed_text(draft_id, fields), hashlib.sha256).hexdigest()


def signature_valid(draft: Draft, key: bytes) -> bool:
    """Whether the draft's record carries the signature `key` makes over it (constant-time compare)."""
    meta = draft.meta
    fields = {name: getattr(meta, name) for name in APPROVAL_FIELDS}
    if any(fields[name] in (None, "") for name in APPROVAL_FIELDS):
        return False
    return hmac.compare_digest(str(meta.approval_signature), sign(draft.id, fields, key))


# --- assessing a record ---------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """What a record is worth: its problems, and whether its signature was verified.

    `signature` is `valid`, `invalid`, `unchecked` (github mode, no key here) or
    `local` (local mode: nothing to sign; the machine is the trust).
    """

    findings: list[Finding]
    signature: str

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def verified(self) -> bool:
        return not self.errors and self.signature in ("valid", "local")


def assess(draft: Draft, settings: Settings, *, check_digest: bool = True, key: bytes | None = None,
           require_key: bool = False) -> Assessment:
    """Every reason the approval record of an approved (or published) draft does not hold.

    Structure, approver's role, the `approved` history entry and (with
    `check_digest`) the digest; in github mode also the signature, with `key`. No key:
    with `require_key` (publish) that is an error, otherwise the signature is
    `unchecked`.
    """
    meta = draft.meta
    shown = draft.shown
    hint = _("approval is recorded only by `pipeline approve`, from an approving review of the Kasubag PTIP; "
             "set status back to corrected and ask for the review")
    github = settings.approval.mode == "github"
    needed = ("approved_by", "approved_at", "approval_digest", *(GITHUB_FIELDS if github else ()))
    missing = [key_ for key_ in needed if getattr(meta, key_) in (None, "")]
    if missing:
        unsigned = github and missing == ["approval_signature"]
        message = (_("status is {status} but the approval record is not signed by the publish workflow: "
                     "a record written by hand is not an approval").format(status=meta.status.value) if unsigned else
                   _("status is {status} but there is no approval record ({fields} missing)").format(
                       status=meta.status.value, fields=", ".join(missing)))
        return Assessment([error(shown, draft.line("status"), "status", RULE, message, hint)],
                          "invalid" if github else "local")
    problems = []
    why = role_problem(settings, meta.approved_by, approving_roles(settings), "approval")
    if why:
        problems.append(error(shown, draft.line("approved_by"), "approved_by", RULE, why, hint))
    approved_entries = [h for h in meta.history if h.step == Step.APPROVED.value]
    if not approved_entries or approved_entries[-1].by != meta.approved_by:
        problems.append(error(shown, draft.line("history"), "history", RULE,
                              _("no `approved` history entry by {person}").format(person=meta.approved_by), hint))
    if check_digest and meta.approval_digest != approval_digest(draft):
        problems.append(error(shown, draft.line("approval_digest"), "approval_digest", RULE,
                              _("the narrative or the selected photos changed after approval; the approval is void"),
                              _("return the draft (`pipeline return ID --to narrated`) and ask for a new review, "
                              "or undo the change")))
    if not github:
        return Assessment(problems, "local")
    if draft.status is Step.APPROVED:
        person = settings.person_by_github(meta.approval_login)
        if person is None or person.id != meta.approved_by:
            problems.append(error(shown, draft.line("approval_login"), "approval_login", RULE,
                                  _("the reviewer {login} is not {person} in site_config/pipeline.yml").format(
                                      login=meta.approval_login, person=meta.approved_by), hint))
    if key is None:
        if require_key:
            problems.append(error(shown, draft.line("approval_signature"), "approval_signature", RULE,
                                  _("cannot verify the approval's signature: {env} is not set").format(env=KEY_ENV),
                                  key_missing_hint()))
        return Assessment(problems, "unchecked")
    if not signature_valid(draft, key):
        problems.append(error(shown, draft.line("approval_signature"), "approval_signature", RULE,
                              _("the approval record's signature does not verify: the publish workflow did not "
                                "write this record, or it was changed since"), hint))
        return Assessment(problems, "invalid")
    return Assessment(problems, "valid")


# --- GitHub's data -------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """One pull-request review, from GitHub's `GET /repos/{owner}/{repo}/pulls/{n}/reviews`."""

    id: int
    login: str
    state: str
    submitted_at: datetime | None
    commit_id: str | None
    body: str


@dataclass(frozen=True)
class PullRequest:
    """The parts of `GET /repos/{owner}/{repo}/pulls/{n}` that approval needs."""

    number: int
    head: str
    merged: bool


REVIEWS_HINT = "save the output of GET /repos/{owner}/{repo}/pulls/{n}/reviews"
PULL_HINT = "save the output of GET /repos/{owner}/{repo}/pulls/{n}"


def _json(text: str, shown: str, hint: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PipelineError(error(shown, exc.lineno, "", RULE, _("not JSON: {error}").format(error=exc.msg), hint)) from None


def parse_reviews(text: str, shown: str) -> list[Review]:
    """Read GitHub's reviews JSON; raise `PipelineError` naming each malformed review."""
    data = _json(text, shown, REVIEWS_HINT)
    if not isinstance(data, list):
        raise PipelineError(error(shown, None, "", RULE, _("expected a JSON list of reviews"), REVIEWS_HINT))
    reviews, problems = [], []
    for index, item in enumerate(data):
        try:
            user = item.get("user") or {}
            submitted = item.get("submitted_at")
            at = datetime.fromisoformat(submitted.replace("Z", "+00:00")) if submitted else None
            if at is not None and at.tzinfo is None:
                raise ValueError("submitted_at has no time zone")
            commit = item.get("commit_id")
            if commit is not None and not isinstance(commit, str):
                raise ValueError("commit_id is not text")
            reviews.append(Review(int(item["id"]), str(user["login"]), str(item["state"]).upper(), at,
                                  commit.lower() if commit else None, str(item.get("body") or "")))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            problems.append(error(shown, None, f"[{index}]", RULE,
                                  _("not a GitHub review ({error})").format(error=f"{type(exc).__name__}: {exc}"),
                                  _("each review needs id, user.login, state and submitted_at")))
    if problems:
        raise PipelineError(problems)
    return reviews


def parse_pull(text: str, shown: str) -> PullRequest:
    """Read GitHub's pull-request JSON; raise `PipelineError` when it is not one."""
    data = _json(text, shown, PULL_HINT)
    try:
        number = int(data["number"])
        head = str(data["head"]["sha"]).lower()
        merged = bool(data.get("merged_at")) or data.get("merged") is True
    except (KeyError, TypeError, ValueError) as exc:
        raise PipelineError(error(shown, None, "", RULE,
                                  _("not a GitHub pull request ({kind}: {exc})").format(kind=type(exc).__name__,
                                                                                        exc=exc), PULL_HINT)) from None
    if not SHA.match(head):
        raise PipelineError(error(shown, None, "head.sha", RULE, _("head.sha is not a commit id"), PULL_HINT))
    return PullRequest(number, head, merged)


def deciding_review(reviews: list[Review], settings: Settings) -> tuple[Review | None, list[str]]:
    """The latest decisive review by an approver (per `settings`), and notes on reviews that did not count.

    Decisive: approved, changes requested or dismissed (a dismissed approval is
    DISMISSED in GitHub's data); comments do not count. Any approver's later
    decisive review voids an earlier approval.
    """
    roles = approving_roles(settings)
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


@dataclass(frozen=True)
class Derived:
    """An approval re-derived from GitHub's data: who approved which commit, and the digest it holds."""

    person: Person
    review: Review
    pr: int
    commit: str
    digest: str

    def fields(self, court_tz, key: bytes, draft_id: str) -> dict[str, Any]:
        """The front-matter fields of the record, signed."""
        at = self.review.submitted_at.astimezone(court_tz).replace(microsecond=0)
        fields: dict[str, Any] = {"approved_by": self.person.id, "approved_at": at, "approval_digest": self.digest,
                                  "approval_pr": self.pr, "approval_review": self.review.id,
                                  "approval_login": self.review.login, "approval_commit": self.commit}
        fields["approval_signature"] = sign(draft_id, fields, key)
        return fields

    def matches(self, draft: Draft) -> bool:
        """Whether the draft's existing record says exactly what this derivation says."""
        meta = draft.meta
        return (meta.approved_by == self.person.id and meta.approval_pr == self.pr
                and meta.approval_review == self.review.id and meta.approval_digest == self.digest
                and (meta.approval_login or "").lower() == self.review.login.lower()
                and (meta.approval_commit or "").lower() == self.commit)


def derive(root: Path, trust: Settings, draft: Draft, reviews: list[Review], pull: PullRequest, *,
           now: datetime) -> tuple[Derived | None, list[Finding]]:
    """Re-derive the approval of `draft` from the reviews and the pull request; fail closed.

    `trust` holds the base commit's people and roles. Returns the derivation, or None
    and every reason it does not hold.
    """
    shown = draft.shown
    hint = _("ask the Kasubag PTIP to approve the pull request in its review")
    roles = " or ".join(sorted(r.value for r in approving_roles(trust)))
    problems: list[Finding] = []

    def refuse(message: str, hint_: str = hint, field: str = "reviews") -> None:
        problems.append(error(shown, None, field, RULE, message, hint_))

    if trust.approval.mode != "github":
        refuse(_("approval mode at the trust base is {mode}, not github").format(mode=trust.approval.mode),
               _("approval.mode is changed by a pull request the Kasubag PTIP approves"), "approval.mode")
    if not pull.merged:
        refuse(_("pull request #{pr} is not merged").format(pr=pull.number),
               _("approval is recorded after the pull request is merged into main"), "pull")
    review, notes = deciding_review(reviews, trust)
    if review is None:
        detail = f"; {'; '.join(notes)}" if notes else ""
        refuse(f"pull request #{pull.number} has no review by a person with the role {roles}{detail}")
        return None, problems
    if review.state != "APPROVED":
        refuse(f"the latest review by {review.login} on pull request #{pull.number} "
               f"({review.submitted_at.isoformat()}) is {review.state}, not APPROVED")
        return None, problems
    if review.commit_id is None:
        refuse(_("the approving review {id} names no commit (commit_id is null), so it cannot vouch for "
                 "any text").format(id=review.id), _("ask for a new review of the latest commit"))
    elif review.commit_id != pull.head:
        refuse(f"the approving review is on commit {review.commit_id[:12]} but the pull "
               f"request is now at {pull.head[:12]}; changes after the review are not approved",
               "ask for a new review of the latest commit")
    if review.submitted_at > now + timedelta(minutes=5):
        refuse(f"the approving review's time {review.submitted_at.isoformat()} is in the future",
               "save the reviews JSON from GitHub again; it was not written by GitHub")
    digest = approval_digest(draft)
    if review.commit_id == pull.head:
        if resolve_commit(root, pull.head) != pull.head:
            refuse(_("the reviewed commit {commit} is not in this repository").format(commit=pull.head[:12]),
                   _("fetch the pull request's head (git fetch origin pull/N/head) and run again"), "pull")
        else:
            reviewed = digest_at(root, pull.head, draft.id)
            if reviewed is None:
                refuse(_("the reviewed commit {commit} holds no readable {path}").format(
                    commit=pull.head[:12], path=f"{DRAFTS_DIR}/{draft.id}/{INDEX}"),
                    _("the draft must come in through the pull request that was reviewed"), "pull")
            elif reviewed != digest:
                refuse(_("the narrative or the selected photos differ from what the Kasubag PTIP reviewed at "
                         "commit {commit}; changes after the review are not approved").format(commit=pull.head[:12]),
                       _("undo the change, or send it through a pull request the Kasubag PTIP approves"),
                       "approval_digest")
    if problems:
        return None, problems
    return Derived(trust.person_by_github(review.login), review, pull.number, pull.head, digest), []


def settings_with_base(root: Path, settings: Settings, base: str | None) -> Settings:
    """`trusted_settings` when a base is given, else `settings` unchanged."""
    return trusted_settings(root, settings, base) if base else settings


def cannot_verify(draft: Draft) -> Finding:
    """`pipeline check`'s note on a signed record it has no key for."""
    return warning(draft.shown, draft.line("approval_signature"), "approval_signature", RULE,
                   _("the approval's signature cannot be verified here: {env} is not set").format(env=KEY_ENV),
                   key_missing_hint())
