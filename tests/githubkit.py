"""GitHub's side of approval for tests: recorded payloads tied to real commits, and the real approval path.

The payloads in tests/data/github/ are GitHub's real format, recorded with one head
commit (`RECORDED_HEAD`); a test that commits a draft for real puts its own commit id
in their place, so the approval is verified against the tree git holds.
"""

from __future__ import annotations

from pathlib import Path

import draftkit
from conftest import git
from pipeline import approval, workflow

DATA = Path(__file__).parent / "data" / "github"
RECORDED_HEAD = "9f2c4e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d"  # head.sha in pull-12-merged.json


def payload(name: str, head: str | None = None) -> str:
    """A recorded payload's text, with the recorded head commit replaced by `head`."""
    text = (DATA / name).read_text(encoding="utf-8")
    return text.replace(RECORDED_HEAD, head) if head else text


def write_payload(folder: Path, name: str, head: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(payload(name, head), encoding="utf-8")
    return path


def reviews(name: str, head: str | None = None) -> list[approval.Review]:
    return approval.parse_reviews(payload(name, head), f"tests/data/github/{name}")


def pull(head: str, name: str = "pull-12-merged.json") -> approval.PullRequest:
    return approval.parse_pull(payload(name, head), f"tests/data/github/{name}")


def commit_draft(repo: Path, draft_id: str = draftkit.DRAFT_ID, message: str = "Liputan") -> tuple[str, str]:
    """Commit the draft folder as it is; return (the commit before, the new commit)."""
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "add", "-A", "--", f"drafts/{draft_id}")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return base, git(repo, "rev-parse", "HEAD").strip()


def approve(repo: Path, settings, draft_id: str = draftkit.DRAFT_ID, reviews_name: str = "reviews-approved.json"):
    """Approve a corrected draft the real way: committed, the Kasubag's recorded review on that commit, signed."""
    base, head = commit_draft(repo, draft_id)
    return workflow.approve_github(repo, settings, draft_id, reviews(reviews_name, head), pull(head), base=base)


def approve_again(repo: Path, settings, draft):
    """Run approval once more for an approved draft, with the same review of the same commit."""
    head = draft.meta.approval_commit
    return workflow.approve_github(repo, settings, draft.id, reviews("reviews-approved.json", head), pull(head),
                                   base=f"{head}^")
