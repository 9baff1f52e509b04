"""Deploys: the `dir` target (releases and an atomic `current` switch) and the `git` target
(a branch on a local bare repository as the remote), smoke checks and rollbacks.

Failures are real: an OS error in the middle of the switch, a disk that fills up while
the release is copied, a site that fails its smoke check, a remote that refuses a push.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import deploy
from pipeline.cli import cli
from pipeline.config import Deploy, load_settings
from pipeline.findings import PipelineError

from tests.conftest import built_sample, copy_of, git

NEWEST_POST = "berita/2026-11-20-rapat-evaluasi-kinerja-november/index.html"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A built sample site under git, made once per module; tests work on copies."""
    return built_sample(tmp_path_factory.mktemp("template"), "/site/\n/deploy/\n/deploy-git/\n")


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    return copy_of(template, tmp_path)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    return bare


def dir_settings(repo: Path, keep: int = 5):
    return load_settings(repo).model_copy(update={"deploy": Deploy(target="dir", path="deploy", keep_releases=keep)})


def git_settings(repo: Path, remote: Path | str):
    return load_settings(repo).model_copy(update={"deploy": Deploy(target="git", path="deploy-git", remote=str(remote))})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def log_of(repo: Path, folder: str = "deploy") -> list[dict]:
    path = repo / folder / deploy.LOG_NAME
    return [json.loads(line) for line in path.read_text().splitlines()]


def live(repo: Path) -> str:
    return os.readlink(repo / "deploy" / "current")


def releases(repo: Path) -> list[str]:
    return sorted(p.name for p in (repo / "deploy" / "releases").iterdir())


def messages(exc: PipelineError) -> str:
    return "\n".join(f.text() for f in exc.findings)


def cut_home_page(repo: Path) -> None:
    """A home page cut short (a disk that filled up during the build): no broken link, but no page either."""
    home = repo / "site" / "index.html"
    home.write_bytes(home.read_bytes()[:300])


def untitle_newest_post(repo: Path) -> None:
    page = repo / "site" / NEWEST_POST
    page.write_text(page.read_text().replace("Rapat Evaluasi Kinerja Bulan November 2026", "Judul lain"))


def change_site(repo: Path, text: str) -> None:
    page = repo / "site" / "kontak" / "index.html"
    page.write_text(page.read_text().replace("</body>", f"<p>{text}</p></body>"))


# ---------------------------------------------------------------- dir target


def test_dir_deploy_switches_current_to_a_copy_of_the_site(repo):
    result = deploy.deploy(repo, dir_settings(repo))
    assert live(repo) == f"releases/{result.release}"
    assert tree(repo / "deploy" / "current") == tree(repo / "site")
    assert result.checked == ("index.html", "feed_rss.xml", NEWEST_POST)
    [entry] = log_of(repo)
    assert (entry["action"], entry["result"], entry["release"], entry["previous"]) == ("deploy", "ok", result.release, None)
    assert entry["source_commit"] == git(repo, "rev-parse", "HEAD").strip()


def test_dir_rollback_goes_back_one_release(repo):
    settings = dir_settings(repo)
    first = deploy.deploy(repo, settings).release
    change_site(repo, "versi kedua")
    second = deploy.deploy(repo, settings).release
    assert "versi kedua" in (repo / "deploy" / "current" / "kontak" / "index.html").read_text()
    result = deploy.rollback(repo, settings)
    assert (result.release, result.previous) == (first, second)
    assert live(repo) == f"releases/{first}"
    assert "versi kedua" not in (repo / "deploy" / "current" / "kontak" / "index.html").read_text()
    assert [(e["action"], e["result"]) for e in log_of(repo)] == [("deploy", "ok"), ("deploy", "ok"), ("rollback", "ok")]
    with pytest.raises(PipelineError) as caught:
        deploy.rollback(repo, settings)
    assert f"no release older than the live one ({first})" in messages(caught.value)
    assert live(repo) == f"releases/{first}"


def test_dir_keeps_only_the_newest_releases_and_the_live_one(repo):
    settings = dir_settings(repo, keep=2)
    names = [deploy.deploy(repo, settings).release for _ in range(3)]
    assert releases(repo) == names[1:]
    deploy.rollback(repo, settings)
    assert live(repo) == f"releases/{names[1]}"
    newest = deploy.deploy(repo, settings).release
    assert releases(repo) == [names[2], newest]  # the two newest; the live one is the newest


def test_an_error_in_the_middle_of_the_switch_leaves_the_live_site(repo, monkeypatch):
    settings = dir_settings(repo)
    first = deploy.deploy(repo, settings).release
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst).name == "current":
            raise OSError(errno.EIO, "I/O error")
        return real_replace(src, dst)

    monkeypatch.setattr(deploy.os, "replace", replace)
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, settings)
    assert "switching `current` failed: [Errno 5] I/O error" in messages(caught.value)
    assert live(repo) == f"releases/{first}"
    assert releases(repo) == [first]
    assert sorted(p.name for p in (repo / "deploy").iterdir()) == [".deploy.lock", "current", "deploy-log.jsonl", "releases"]
    assert log_of(repo)[-1]["result"] == "failed"


def test_a_full_disk_while_copying_the_release_leaves_the_live_site(repo, monkeypatch):
    settings = dir_settings(repo)
    first = deploy.deploy(repo, settings).release
    copied = []

    def copy(src, dst):
        if len(copied) >= 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), dst)
        copied.append(src)
        return shutil.copy2(src, dst)

    monkeypatch.setattr(deploy, "_copy_file", copy)
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, settings)
    assert "No space left on device" in messages(caught.value)
    assert live(repo) == f"releases/{first}"
    assert sorted(p.name for p in (repo / "deploy" / "releases").iterdir()) == [first]  # no partial copy left


def test_a_failed_smoke_check_rolls_back_by_itself(repo):
    settings = dir_settings(repo)
    first = deploy.deploy(repo, settings).release
    cut_home_page(repo)
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, settings)
    text = messages(caught.value)
    assert "deploy/current/index.html: the home page is not a complete HTML page" in text
    assert f"the smoke check failed; rolled back to {first}" in text
    assert live(repo) == f"releases/{first}"
    assert releases(repo) == [first]
    failed, rolled = log_of(repo)[-2:]
    assert (failed["action"], failed["result"], failed["reason"]) == ("deploy", "failed", "smoke check failed")
    assert (rolled["action"], rolled["automatic"], rolled["release"]) == ("rollback", True, first)


def test_a_first_deploy_that_fails_its_smoke_check_leaves_nothing_live(repo):
    untitle_newest_post(repo)
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, dir_settings(repo))
    assert "the newest post's page does not show its title" in messages(caught.value)
    assert not os.path.lexists(repo / "deploy" / "current")
    assert releases(repo) == []


def test_deploy_refuses_a_site_that_is_not_built(repo):
    shutil.rmtree(repo / "site")
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, dir_settings(repo))
    assert "the site is not built" in messages(caught.value)
    assert not (repo / "deploy").exists()


def test_one_deploy_at_a_time(repo):
    (repo / "deploy").mkdir()
    with open(repo / "deploy" / ".deploy.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(PipelineError) as caught:
            deploy.deploy(repo, dir_settings(repo))
    assert "another deploy is running" in messages(caught.value)
    assert not (repo / "deploy" / "releases").exists()


def _site_reader(site: Path, damage: dict[str, bytes | None]):
    def read(path: str) -> bytes | None:
        if path in damage:
            return damage[path]
        file = site / path
        return file.read_bytes() if file.is_file() else None
    return read


@pytest.mark.parametrize("damage, expected", [
    ({}, None),
    ({"index.html": None}, "index.html: the home page is missing"),
    ({"index.html": b"<!doctype html><html><head>"}, "index.html: the home page is not a complete HTML page"),
    ({"feed_rss.xml": b"<rss><channel><item>"}, "feed_rss.xml: the news feed is not valid XML"),
    ({NEWEST_POST: None}, f"{NEWEST_POST}: the newest post (Rapat Evaluasi Kinerja Bulan November 2026) is missing"),
    ({NEWEST_POST: b"<html><body>Halaman lain</body></html>"}, "the newest post's page does not show its title"),
], ids=["clean", "no-home", "cut-home", "bad-feed", "no-post", "wrong-post"])
def test_smoke_check(repo, damage, expected):
    settings = load_settings(repo)
    findings, checked = deploy.smoke_check(_site_reader(repo / "site", damage), settings.court.site_url, "live")
    if expected is None:
        assert findings == [] and checked == ("index.html", "feed_rss.xml", NEWEST_POST)
    else:
        assert len(findings) == 1 and expected in findings[0].text(), findings


# ---------------------------------------------------------------- git target


def remote_log(remote: Path) -> list[str]:
    return git(remote, "rev-list", "--first-parent", "gh-pages").split()


def remote_tree(remote: Path, rev: str = "gh-pages") -> str:
    return git(remote, "rev-parse", f"{rev}^{{tree}}").strip()


def test_git_deploy_pushes_one_commit_per_change_and_keeps_history(repo, remote):
    settings = git_settings(repo, remote)
    first = deploy.deploy(repo, settings)
    assert first.changed and first.previous is None
    files = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert files == set(tree(repo / "site")) | {".nojekyll"}
    assert git(remote, "show", f"gh-pages:{NEWEST_POST}") == (repo / "site" / NEWEST_POST).read_text()
    assert not deploy.deploy(repo, settings).changed  # nothing new: no empty commit
    assert remote_log(remote) == [first.release]
    change_site(repo, "versi kedua")
    second = deploy.deploy(repo, settings)
    assert remote_log(remote) == [second.release, first.release]
    assert "versi kedua" in git(remote, "show", "gh-pages:kontak/index.html")
    assert [e["result"] for e in log_of(repo, "deploy-git")] == ["ok", "unchanged", "ok"]


def test_git_rollback_is_a_new_commit_that_brings_back_the_previous_tree(repo, remote):
    settings = git_settings(repo, remote)
    releases_made = []
    for text in ("satu", "dua", "tiga"):
        change_site(repo, text)
        releases_made.append(deploy.deploy(repo, settings).release)
    result = deploy.rollback(repo, settings)
    assert result.restored == releases_made[1]
    assert remote_tree(remote) == remote_tree(remote, releases_made[1])
    assert remote_log(remote)[1:] == releases_made[::-1]  # history kept, nothing force-pushed
    assert f"Rollback-To: {releases_made[1]}" in git(remote, "log", "-1", "--format=%B", "gh-pages")
    deploy.rollback(repo, settings)
    assert remote_tree(remote) == remote_tree(remote, releases_made[0])
    with pytest.raises(PipelineError) as caught:
        deploy.rollback(repo, settings)
    assert "no release older than the live one" in messages(caught.value)
    assert len(remote_log(remote)) == 5


def test_git_smoke_failure_rolls_back_with_a_new_commit(repo, remote):
    settings = git_settings(repo, remote)
    good = deploy.deploy(repo, settings).release
    cut_home_page(repo)
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, settings)
    assert f"rolled back to {good[:12]}" in messages(caught.value)
    tip, broken, first = remote_log(remote)
    assert first == good
    assert remote_tree(remote) == remote_tree(remote, good)
    assert len(git(remote, "show", f"{broken}:index.html")) < 400
    assert [(e["action"], e["result"]) for e in log_of(repo, "deploy-git")][-2:] == [("deploy", "failed"), ("rollback", "ok")]


def test_git_first_deploy_that_fails_rolls_back_to_an_empty_site(repo, remote):
    untitle_newest_post(repo)
    with pytest.raises(PipelineError):
        deploy.deploy(repo, git_settings(repo, remote))
    assert remote_tree(remote) == deploy.EMPTY_TREE
    assert len(remote_log(remote)) == 2


def test_git_push_refused_by_the_remote_leaves_it_unchanged(repo, remote):
    settings = git_settings(repo, remote)
    good = deploy.deploy(repo, settings).release
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'ditolak: cabang dilindungi' >&2\nexit 1\n")
    hook.chmod(0o755)
    change_site(repo, "tidak sampai")
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, settings)
    assert "git push failed" in messages(caught.value)
    assert remote_log(remote) == [good]
    assert log_of(repo, "deploy-git")[-1]["result"] == "failed"


def test_git_remote_may_be_a_remote_name_of_the_repository(repo, remote):
    git(repo, "remote", "add", "origin", str(remote))
    result = deploy.deploy(repo, git_settings(repo, "origin"))
    assert remote_log(remote) == [result.release]


def test_git_target_without_remote_is_a_config_error():
    with pytest.raises(ValueError, match="remote is required when target is git"):
        Deploy(target="git")


# ---------------------------------------------------------------- command line


def _configure(repo: Path, section: str) -> None:
    path = repo / "site_config" / "pipeline.yml"
    text = re.sub(r"(?m)^deploy:\n(?:(?:[ #].*)?\n)*", "", path.read_text())
    path.write_text(text.rstrip("\n") + "\n\n" + section)


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_deploy_and_rollback(repo):
    _configure(repo, "deploy:\n  target: dir\n  path: deploy\n  keep_releases: 3\n")
    runner = CliRunner()
    first = runner.invoke(cli, ["--root", str(repo), "deploy"])
    assert first.exit_code == 0, first.output
    assert "Situs ditayangkan (dir)" in first.output and "Uji tayang lulus" in first.output
    second = runner.invoke(cli, ["--root", str(repo), "deploy"])
    assert second.exit_code == 0, second.output
    back = runner.invoke(cli, ["--root", str(repo), "deploy", "rollback"])
    assert back.exit_code == 0, back.output
    assert back.output.startswith(f"Dikembalikan ke rilis {live(repo).split('/')[1]}")
    again = runner.invoke(cli, ["--root", str(repo), "deploy", "rollback"])
    assert again.exit_code == 1
    assert "tidak ada rilis yang lebih lama dari yang sedang tayang" in again.output


def test_cli_deploy_failure_exits_1_and_says_it_rolled_back(repo):
    _configure(repo, "deploy:\n  target: dir\n  path: deploy\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["--root", str(repo), "deploy"]).exit_code == 0
    (repo / "site" / "index.html").write_text("<html>")
    result = runner.invoke(cli, ["--root", str(repo), "deploy"])
    assert result.exit_code == 1
    assert "the smoke check failed; rolled back to" in result.output


def test_deploy_refuses_a_site_with_a_broken_internal_link(repo):
    page = repo / "site" / "kontak" / "index.html"
    page.write_text(page.read_text().replace("</article>", '<p><a href="../layanan/tidak-ada/">Formulir</a></p></article>', 1))
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, dir_settings(repo))
    text = messages(caught.value)
    assert "layanan/tidak-ada/" in text
    assert "not deployed: the site has the problems above" in text
    assert not (repo / "deploy" / "releases").exists()


def test_release_names_keep_their_order_within_one_second(repo, monkeypatch):
    from datetime import datetime, timezone

    monkeypatch.setattr(deploy, "_now", lambda: datetime(2026, 11, 20, 10, 15, tzinfo=timezone.utc))
    settings = dir_settings(repo, keep=2)
    names = [deploy.deploy(repo, settings).release for _ in range(4)]
    assert names == ["20261120T101500Z", "20261120T101500Z-2", "20261120T101500Z-3", "20261120T101500Z-4"]
    deploy.rollback(repo, settings)
    newest = deploy.deploy(repo, settings).release  # the oldest name is free again, but must not be reused
    assert newest == "20261120T101500Z-5"
    assert releases(repo) == ["20261120T101500Z-4", "20261120T101500Z-5"]


def test_deploy_refuses_a_site_that_shows_an_unpublished_draft(repo):
    draft = repo / "drafts" / "2026-11-24-rapat-tertutup"
    draft.mkdir()
    (draft / "index.md").write_text("---\ntitle: Rapat Tertutup Pembahasan Internal\nstatus: narrated\n---\n\nIsi.\n")
    page = repo / "site" / "kontak" / "index.html"
    page.write_text(page.read_text().replace("</article>", "<p>lihat 2026-11-24-rapat-tertutup</p></article>", 1))
    with pytest.raises(PipelineError) as caught:
        deploy.deploy(repo, dir_settings(repo))
    text = messages(caught.value)
    assert "site/kontak/index.html" in text and "comes from draft 2026-11-24-rapat-tertutup" in text
    assert "[leak]" in text
    assert not (repo / "deploy" / "releases").exists()


def test_a_partial_release_an_hour_old_is_removed_by_the_next_deploy(repo):
    settings = dir_settings(repo)
    releases_dir = repo / "deploy" / "releases"
    releases_dir.mkdir(parents=True)
    stamp = 1_600_000_000
    old = releases_dir / ".20200913T122640Z.partial"
    (old / "berita").mkdir(parents=True)
    os.utime(old, (stamp, stamp))
    link = repo / "deploy" / ".current.4242.tmp"
    os.symlink("releases/x", link)
    os.utime(link, (stamp, stamp), follow_symlinks=False)
    young = releases_dir / ".20991231T000000Z.partial"
    young.mkdir()
    deploy.deploy(repo, settings)
    assert not old.exists() and not link.is_symlink()
    assert young.exists()
