"""A kill at any point of the publish (and unpublish) switch: the next run completes it by itself.

`python -m pipeline publish` runs as a real process with a `sitecustomize` that sends it
SIGKILL right after its N-th rename (N = 0: before the first), for every N of a batch
of 20 drafts in turn. The next run must leave every draft published with its post (or
untouched), no staging folder behind, and nothing for the leak guard to find.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import draftkit
from pipeline import config, drafts, publish, site, workflow
from pipeline.config import Step
from pipeline.findings import PipelineError

from tests.conftest import copy_court, copy_of, git

COUNT = 20
RENAMES = 2 * COUNT   # each draft: its post folder into content/, its new index.md over the old
POSTS = Path("content/berita/posts")
KILLER = '''
import os, signal
import pipeline.publish as publish

_after = int(os.environ["KILL_AFTER_RENAME"])
_done = [0]
_real = publish._move


def _move(src, dst):
    if _done[0] == _after:
        os.kill(os.getpid(), signal.SIGKILL)
    _real(src, dst)
    _done[0] += 1
    if _done[0] == _after:
        os.kill(os.getpid(), signal.SIGKILL)


publish._move = _move
'''


def ids() -> list[str]:
    return [f"2026-11-{day:02d}-rapat-koordinasi-ke-{day}" for day in range(1, COUNT + 1)]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The fixture court in local approval mode with 20 approved drafts (tiny photos), their variants cached."""
    root = tmp_path_factory.mktemp("crash-template") / "repo"
    root.mkdir()
    copy_court(root)
    path = root / "site_config" / "pipeline.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  mode: github", "  mode: local", 1), encoding="utf-8")
    for draft in (root / "drafts").iterdir():
        if draft.is_dir():
            shutil.rmtree(draft)
    settings = config.load_settings(root)
    body = draftkit.NARRATIVE.split("** ", 1)[1]  # no dateline: publishing writes it for each date
    for number, draft_id in enumerate(ids(), 1):
        draftkit.write(root, "corrected", draft_id=draft_id, event_date=draft_id[:10], body=body,
                       title=f"Rapat Koordinasi Kepaniteraan Ke-{number} Bulan November",
                       summary=f"Rapat koordinasi ke-{number} membahas tindak lanjut evaluasi pelayanan "
                               f"bagian kepaniteraan nomor {number}.")
        workflow.approve_local(root, settings, draft_id, "dewi")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "twenty approved drafts")
    publish.publish(root, settings, dry_run=True)  # fills the photo cache, so each run below only switches
    (root.parent / "hooks").mkdir()
    (root.parent / "hooks" / "sitecustomize.py").write_text(KILLER)
    return root


def run_killed(root: Path, hooks: Path, after: int) -> subprocess.CompletedProcess:
    """`python -m pipeline publish`, killed right after its `after`-th rename."""
    env = {**os.environ, "KILL_AFTER_RENAME": str(after), "PIPELINE_LANG": "en",
           "PYTHONPATH": os.pathsep.join([str(hooks), *sys.path])}
    return subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), "publish"],
                          capture_output=True, text=True, env=env, timeout=120)


def run_next(root: Path) -> subprocess.CompletedProcess:
    """`python -m pipeline publish` as the next scheduled run makes it: nothing patched."""
    env = {k: v for k, v in os.environ.items() if k != "KILL_AFTER_RENAME"} | {"PIPELINE_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), "publish"],
                          capture_output=True, text=True, env=env, timeout=120)


def state(root: Path, settings) -> dict[str, tuple[str, bool]]:
    """Per draft: its status, and whether its post is in content/."""
    out = {}
    for draft_id in ids():
        draft = drafts.load(root, draft_id)
        out[draft_id] = (draft.status.value, (root / POSTS / draft_id / "index.md").is_file())
    return out


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".publish-", ".unpublish-")))


def test_a_kill_at_any_rename_of_a_20_draft_publish_is_completed_by_the_next_run(template, tmp_path):
    hooks = template.parent / "hooks"
    original = {i: (template / "drafts" / i / "index.md").read_bytes() for i in ids()}
    roots = {}
    for after in range(RENAMES + 1):
        (tmp_path / f"kill-{after}").mkdir()
        roots[after] = copy_of(template, tmp_path / f"kill-{after}")

    def killed_then_next(after: int) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
        killed = run_killed(roots[after], hooks, after)
        return killed, run_next(roots[after])   # the next run, with no manual step

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:   # each copy is independent
        runs = dict(zip(roots, pool.map(killed_then_next, roots)))
    outcomes = {}
    for after, root in roots.items():
        killed, following = runs[after]
        assert killed.returncode == -signal.SIGKILL, (after, killed.stdout, killed.stderr)
        assert following.returncode == 0, (after, following.stdout, following.stderr)
        settings = config.load_settings(root)
        now = state(root, settings)
        for draft_id, (status, has_post) in now.items():
            untouched = (root / "drafts" / draft_id / "index.md").read_bytes() == original[draft_id]
            assert (status, has_post) == ("published", True) or ((status, has_post) == ("approved", False) and untouched), \
                (after, draft_id, status, has_post)
        assert leftovers(root) == [], after
        posts = {p.name for p in (root / POSTS).iterdir() if p.is_dir()} & set(ids())
        assert posts == {i for i, (status, _) in now.items() if status == "published"}, after
        outcomes[after] = sorted({status for status, _ in now.values()})
        if after == COUNT:   # half-way: every post in content/, no draft switched yet; build and guard once
            site.build(root)
            assert publish.leak_guard(root) == []
        shutil.rmtree(root.parent)
    assert all(outcome == ["published"] for outcome in outcomes.values()), outcomes


@pytest.mark.parametrize("after", [0, 1])
def test_a_killed_unpublish_is_finished_by_the_next_run(template, tmp_path, after):
    """Killed before or after the post moved out: the next run takes it down and records the step, once."""
    root = copy_of(template, tmp_path)
    settings = config.load_settings(root)
    draft_id = ids()[0]
    publish.publish(root, settings, [draft_id])
    env = {**os.environ, "KILL_AFTER_RENAME": str(after), "PIPELINE_LANG": "en",
           "PYTHONPATH": os.pathsep.join([str(template.parent / "hooks"), *sys.path])}
    killed = subprocess.run([sys.executable, "-m", "pipeline", "--root", str(root), "unpublish", draft_id,
                             "--by", "dewi", "--reason", "Keberatan pihak terkait"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert drafts.load(root, draft_id).status is Step.PUBLISHED   # cut short: the step is not recorded yet
    publish.publish(root, settings, [ids()[1]])                   # the next run, of another command
    draft = drafts.load(root, draft_id)
    assert draft.status is Step.NARRATED
    assert [h.reason for h in draft.meta.history if h.reason] == ["Keberatan pihak terkait"]
    assert not (root / POSTS / draft_id).exists()
    assert (root / POSTS / ids()[1] / "index.md").is_file()
    assert leftovers(root) == []


def test_a_journal_that_came_in_a_commit_is_refused(template, tmp_path):
    """A journal is never committed by a command cut short; one in git came from someone's pull request."""
    root = copy_of(template, tmp_path)
    settings = config.load_settings(root)
    forged = root / ".unpublish-forged"
    forged.mkdir()
    (forged / publish.JOURNAL).write_text(json.dumps({"kind": "unpublish", "id": ids()[0], "by": "dewi",
                                                      "reason": "x", "at": "2026-11-21T09:00:00+07:00"}))
    git(root, "add", "-f", ".unpublish-forged")
    git(root, "commit", "-q", "-m", "forged journal")
    with pytest.raises(PipelineError) as caught:
        publish.publish(root, settings)
    assert "a publish journal is in git" in str(caught.value)
    assert drafts.load(root, ids()[0]).status is Step.APPROVED


def test_staging_leftovers_an_hour_old_are_removed_by_the_next_run(template, tmp_path):
    root = copy_of(template, tmp_path)
    settings = config.load_settings(root)
    old, young = root / ".publish-old", root / ".unpublish-young"
    for folder in (old, young):
        (folder / "posts").mkdir(parents=True)
    os.utime(old, (time.time() - 2 * 3600,) * 2)
    publish.publish(root, settings, [ids()[0]])
    assert leftovers(root) == [".unpublish-young"]


def test_a_dry_run_after_a_kill_writes_nothing(template, tmp_path):
    root = copy_of(template, tmp_path)
    assert run_killed(root, template.parent / "hooks", 5).returncode == -signal.SIGKILL
    before = {p.relative_to(root).as_posix() for p in root.rglob("*") if ".cache" not in p.parts}
    settings = config.load_settings(root)
    with pytest.raises(PipelineError):
        publish.publish(root, settings, dry_run=True)   # five posts are still in the way: it says so, and waits
    assert {p.relative_to(root).as_posix() for p in root.rglob("*") if ".cache" not in p.parts} == before
    publish.publish(root, settings)
    assert {status for status, _ in state(root, settings).values()} == {"published"}
