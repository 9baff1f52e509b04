"""Backups: create, verify, restore (and refuse tar-slip), drill, prune, and the age warning.

Real archives of a real built site in a real git repository; damage is done to the
archive bytes themselves, and failures are real OS errors.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import tarfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import __version__, backup
from pipeline.cli import cli
from pipeline.config import load_settings
from pipeline.findings import PipelineError

from tests.conftest import built_sample, copy_of, git


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A built sample site under git, made once per module; tests work on copies."""
    return built_sample(tmp_path_factory.mktemp("template"), "/site/\n/backups/\n/deploy/\n/.backup/\n", {"README.md": "# Situs pengadilan\n"})


@pytest.fixture
def repo(template: Path, tmp_path: Path) -> Path:
    return copy_of(template, tmp_path)


@pytest.fixture
def archive(repo: Path, settings) -> Path:
    return backup.create(repo, settings).archive


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def members(path: Path) -> list[tarfile.TarInfo]:
    with tarfile.open(path) as tar:
        return tar.getmembers()


def rewrite(src: Path, dest: Path, skip: str = "", extra: tuple[str, bytes] | None = None) -> None:
    """Copy an archive member by member, leaving one out or adding one (before the manifest)."""
    with tarfile.open(src) as old, tarfile.open(dest, "w", format=tarfile.PAX_FORMAT) as new:
        for member in old.getmembers():
            if member.name == backup.MANIFEST and extra:
                info = tarfile.TarInfo(extra[0])
                info.size = len(extra[1])
                new.addfile(info, io.BytesIO(extra[1]))
            if member.name != skip:
                new.addfile(member, old.extractfile(member) if member.isreg() else None)


def messages(report_or_exc) -> str:
    return "\n".join(f.text() for f in report_or_exc.findings)


# ---------------------------------------------------------------- create and verify


def test_create_writes_one_archive_with_a_manifest_of_every_file(repo, settings, archive):
    assert archive.parent == repo / "backups"
    assert backup._NAME.match(archive.name)
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no temporary file left
    names = {m.name for m in members(archive)}
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())
    assert manifest["format"] == backup.FORMAT
    assert manifest["tool"] == f"court-site-pipeline {__version__}"
    assert manifest["git"]["commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert manifest["git"]["branch"] == "main"
    assert datetime.fromisoformat(manifest["created"].replace("Z", "+00:00")) <= datetime.now(timezone.utc)
    photo = "content/berita/posts/2026-11-20-rapat-evaluasi-kinerja-november/foto-1.jpg"
    data = (repo / photo).read_bytes()
    assert manifest["files"][photo] == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    for folder in ("content", "drafts", "site_config", "site"):
        expected = {p.relative_to(repo).as_posix() for p in (repo / folder).rglob("*") if p.is_file()}
        assert expected <= set(manifest["files"]), folder
        assert expected <= names
    assert backup.BUNDLE in manifest["files"]
    assert "README.md" not in names  # the code and README travel in the git bundle


def test_verify_passes_a_fresh_archive(archive):
    report = backup.verify(archive)
    assert report.ok, messages(report)
    assert report.files > 100 and report.bytes > 1_000_000


def _member(archive: Path, name: str) -> tarfile.TarInfo:
    return next(m for m in members(archive) if m.name == name)


def test_verify_detects_a_flipped_byte_in_a_photo(archive):
    name = "content/berita/posts/2026-11-20-rapat-evaluasi-kinerja-november/foto-2.jpg"
    member = _member(archive, name)
    with open(archive, "r+b") as fh:
        fh.seek(member.offset_data + member.size // 2)
        byte = fh.read(1)
        fh.seek(-1, os.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0x01]))
    report = backup.verify(archive)
    assert not report.ok
    assert [f.field for f in report.findings] == [name]
    assert "SHA-256 differs from the manifest" in report.findings[0].message


def test_verify_detects_a_flipped_byte_in_a_header(archive):
    member = _member(archive, "site/index.html")
    with open(archive, "r+b") as fh:
        fh.seek(member.offset + 3)  # inside the member's name in its header
        byte = fh.read(1)
        fh.seek(-1, os.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0x20]))
    report = backup.verify(archive)
    assert not report.ok
    assert "damaged at byte" in messages(report)


def test_verify_detects_a_missing_file(archive, tmp_path):
    damaged = tmp_path / "missing.tar"
    rewrite(archive, damaged, skip="site_config/pipeline.yml")
    report = backup.verify(damaged)
    assert [(f.field, f.message) for f in report.findings] == [
        ("site_config/pipeline.yml", "listed in the manifest but missing")]


def test_verify_detects_an_extra_file(archive, tmp_path):
    damaged = tmp_path / "extra.tar"
    rewrite(archive, damaged, extra=("content/sisipan.md", b"# tidak ada di manifes\n"))
    report = backup.verify(damaged)
    assert [(f.field, f.message) for f in report.findings] == [
        ("content/sisipan.md", "present but not listed in the manifest (an extra file)")]


@pytest.mark.parametrize("cut", ["half", "manifest", "end"])
def test_verify_detects_a_truncated_archive(archive, cut):
    manifest = _member(archive, backup.MANIFEST)
    size = archive.stat().st_size
    length = {"half": size // 2, "manifest": manifest.offset, "end": manifest.offset_data + manifest.size}[cut]
    os.truncate(archive, length)
    report = backup.verify(archive)
    assert not report.ok
    text = messages(report)
    assert "ends early" in text
    if cut != "end":
        assert "the manifest is missing" in text


def test_verify_reports_a_file_that_is_not_an_archive(tmp_path):
    path = tmp_path / "backup-20261120T000000Z.tar"
    path.write_bytes(b"bukan arsip " * 100)
    report = backup.verify(path)
    assert not report.ok
    assert "not a readable tar archive" in messages(report)


# ---------------------------------------------------------------- failures during create


class _FullDisk(io.RawIOBase):
    """A file that accepts `room` bytes, then fails as a full disk does."""

    def __init__(self, path: Path, room: int):
        self.real = open(path, "xb")
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()
        super().close()


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_full_disk_leaves_no_archive_and_older_ones_intact(repo, settings, archive, monkeypatch):
    before = _state(archive.parent)
    monkeypatch.setattr(backup, "_open_output", lambda path: _FullDisk(path, 1_000_000))
    with pytest.raises(PipelineError) as caught:
        backup.create(repo, settings)
    assert "No space left on device" in messages(caught.value)
    assert "free space on the backup disk" in messages(caught.value)
    assert _state(archive.parent) == before
    assert backup.verify(archive).ok


def test_a_file_vanishing_mid_backup_leaves_no_archive(repo, settings, archive, monkeypatch):
    before = _state(archive.parent)
    victim = repo / "site" / "sitemap.xml"

    class Vanishing(_FullDisk):
        def write(self, data) -> int:
            victim.unlink(missing_ok=True)  # deleted after the scan, before it is read
            return super().write(data)

    monkeypatch.setattr(backup, "_open_output", lambda path: Vanishing(path, 1 << 40))
    with pytest.raises(PipelineError) as caught:
        backup.create(repo, settings)
    assert caught.value.findings[0].path == "site/sitemap.xml"
    assert "No such file or directory" in caught.value.findings[0].message
    assert _state(archive.parent) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_leaves_no_archive(repo, settings, archive):
    before = _state(archive.parent)
    secret = repo / "content" / "kontak.md"
    secret.chmod(0)
    try:
        with pytest.raises(PipelineError) as caught:
            backup.create(repo, settings)
    finally:
        secret.chmod(0o644)
    assert caught.value.findings[0].path == "content/kontak.md"
    assert "Permission denied" in caught.value.findings[0].message
    assert _state(archive.parent) == before


def test_a_special_file_is_refused_before_anything_is_written(repo, settings):
    os.mkfifo(repo / "content" / "pipa")
    with pytest.raises(PipelineError) as caught:
        backup.create(repo, settings)
    assert caught.value.findings[0].path == "content/pipa"
    assert not (repo / "backups").exists()


def test_a_missing_backup_disk_is_reported_not_created(repo, settings, tmp_path):
    with pytest.raises(PipelineError) as caught:
        backup.create(repo, settings, to=tmp_path / "media" / "hdd" / "website")
    assert "is the backup disk mounted" in messages(caught.value) or "mount the backup disk" in messages(caught.value)
    assert not (tmp_path / "media").exists()


# ---------------------------------------------------------------- restore


def test_restore_gives_back_the_files_and_a_working_git_repository(repo, archive, tmp_path):
    dest = tmp_path / "pulih"
    result = backup.restore(archive, dest)
    assert result.git_restored
    for folder in ("content", "drafts", "site_config", "site"):
        assert tree(dest / folder) == tree(repo / folder), folder
    assert (dest / "README.md").read_text() == "# Situs pengadilan\n"  # from the bundle
    assert git(dest, "rev-parse", "HEAD") == git(repo, "rev-parse", "HEAD")
    assert git(dest, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(dest, "status", "--porcelain") == ""
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pulih")]  # no staging left


def test_restore_keeps_uncommitted_work_from_the_archive(repo, settings, tmp_path):
    (repo / "drafts" / "2026-11-24-rapat").mkdir()
    (repo / "drafts" / "2026-11-24-rapat" / "index.md").write_text("title: belum di-commit\n")
    (repo / "content" / "kontak.md").write_text("# Kontak\n\nNomor baru.\n")
    archive = backup.create(repo, settings).archive
    dest = tmp_path / "pulih"
    backup.restore(archive, dest)
    assert (dest / "drafts" / "2026-11-24-rapat" / "index.md").read_text() == "title: belum di-commit\n"
    assert (dest / "content" / "kontak.md").read_text() == "# Kontak\n\nNomor baru.\n"
    assert " M content/kontak.md" in git(dest, "status", "--porcelain")


def test_restore_refuses_a_non_empty_destination(archive, tmp_path):
    dest = tmp_path / "terisi"
    dest.mkdir()
    (dest / "catatan.txt").write_text("jangan hilang")
    with pytest.raises(PipelineError) as caught:
        backup.restore(archive, dest)
    assert "not empty" in messages(caught.value) and "--force" in messages(caught.value)
    assert tree(dest) == {"catatan.txt": b"jangan hilang"}


def test_restore_with_force_replaces_the_destination(archive, tmp_path):
    dest = tmp_path / "terisi"
    dest.mkdir()
    (dest / "catatan.txt").write_text("lama")
    backup.restore(archive, dest, force=True)
    assert not (dest / "catatan.txt").exists()
    assert (dest / "site" / "index.html").is_file()


def test_restore_into_an_existing_empty_folder(archive, tmp_path):
    dest = tmp_path / "kosong"
    dest.mkdir()
    backup.restore(archive, dest)
    assert (dest / "content" / "index.md").is_file()


def test_a_failed_switch_during_restore_puts_the_old_destination_back(archive, tmp_path, monkeypatch):
    dest = tmp_path / "terisi"
    dest.mkdir()
    (dest / "catatan.txt").write_text("lama")
    real_rename = os.rename

    def rename(src, dst):
        if Path(src).name.startswith(".terisi.restore-"):
            raise OSError(errno.EIO, "I/O error")
        return real_rename(src, dst)

    monkeypatch.setattr(backup.os, "rename", rename)
    with pytest.raises(PipelineError) as caught:
        backup.restore(archive, dest, force=True)
    assert "cannot put the restored files in place: [Errno 5] I/O error" in messages(caught.value)
    assert tree(dest) == {"catatan.txt": b"lama"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "terisi"]


def test_restore_refuses_a_damaged_archive_and_leaves_dest_alone(archive, tmp_path):
    member = _member(archive, "content/index.md")
    with open(archive, "r+b") as fh:
        fh.seek(member.offset_data)
        fh.write(b"X")
    dest = tmp_path / "pulih"
    with pytest.raises(PipelineError) as caught:
        backup.restore(archive, dest)
    assert "content/index.md" in messages(caught.value) and "SHA-256 differs" in messages(caught.value)
    assert not dest.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "repo"]


def test_restore_refuses_a_truncated_archive(archive, tmp_path):
    os.truncate(archive, archive.stat().st_size // 3)
    dest = tmp_path / "pulih"
    with pytest.raises(PipelineError) as caught:
        backup.restore(archive, dest)
    assert "damaged or truncated" in messages(caught.value)
    assert not dest.exists()


def _crafted(path: Path, *entries: tarfile.TarInfo) -> Path:
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for info in entries:
            data = b"pwned\n" if info.isreg() else None
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _info(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info


SLIPS = {
    "absolute": ([_info("/tmp/pipeline-slip-absolute")], "an absolute path"),
    "dotdot": ([_info("../pipeline-slip-dotdot")], "a path with '..'"),
    "inner-dotdot": ([_info("content/../../pipeline-slip-inner")], "a path with '..'"),
    "link-out": ([_info("content/keluar", tarfile.SYMTYPE, "../../.."),
                  _info("content/keluar/pipeline-slip-link")], "a link leading out of the destination"),
    "absolute-link": ([_info("content/etc", tarfile.SYMTYPE, "/etc")], "a link to an absolute path"),
    "through-link": ([_info("content/lokal", tarfile.SYMTYPE, "."),
                      _info("content/lokal/x.md")], "a path through the link content/lokal"),
    "hardlink": ([_info("content/passwd", tarfile.LNKTYPE, "/etc/passwd")], "a hard link"),
    "device": ([_info("content/null", tarfile.CHRTYPE)], "a device, pipe or other special entry"),
}


@pytest.mark.parametrize("case", sorted(SLIPS))
def test_restore_refuses_archives_that_escape_dest(case, tmp_path):
    entries, why = SLIPS[case]
    archive = _crafted(tmp_path / f"{case}.tar", *entries)
    dest = tmp_path / "a" / "b" / "pulih"
    with pytest.raises(PipelineError) as caught:
        backup.restore(archive, dest)
    assert f"refused: {why}" in messages(caught.value)
    assert not (tmp_path / "a").exists()
    assert not list(Path("/tmp").glob("pipeline-slip-*"))
    assert not list(tmp_path.rglob("pipeline-slip-*"))


def test_restore_accepts_a_link_that_stays_inside(repo, settings, tmp_path):
    (repo / "content" / "beranda.md").symlink_to("index.md")
    archive = backup.create(repo, settings).archive
    dest = tmp_path / "pulih"
    backup.restore(archive, dest)
    assert os.readlink(dest / "content" / "beranda.md") == "index.md"
    assert backup.verify(archive).ok


def test_create_refuses_a_link_leading_out_of_the_repository(repo, settings, tmp_path):
    (tmp_path / "rahasia.txt").write_text("x")
    (repo / "content" / "rahasia.txt").symlink_to(tmp_path / "rahasia.txt")
    with pytest.raises(PipelineError) as caught:
        backup.create(repo, settings)
    assert "a link leading out of the repository" in messages(caught.value)


# ---------------------------------------------------------------- drill


def test_drill_rebuilds_the_site_from_the_backup_and_finds_it_identical(repo, settings, archive):
    report = backup.drill(repo, settings)
    assert report.ok, messages(report)
    assert report.archive == archive
    assert report.compared == len(tree(repo / "site"))


def test_drill_reports_a_backed_up_site_its_content_does_not_rebuild(repo, settings):
    page = repo / "site" / "kontak" / "index.html"
    page.write_text(page.read_text().replace("</body>", "<p>diubah tangan</p></body>"))
    backup.create(repo, settings)
    report = backup.drill(repo, settings)
    assert not report.ok
    assert [f.path for f in report.findings] == ["site/kontak/index.html"]


def test_compare_sites_ignores_only_the_build_date_in_the_sitemap(repo, tmp_path):
    import gzip
    import re

    old = tmp_path / "lama"
    shutil.copytree(repo / "site", old)
    sitemap = repo / "site" / "sitemap.xml"
    changed = re.sub(r"<lastmod>[^<]*</lastmod>", "<lastmod>2001-02-03</lastmod>", sitemap.read_text())
    assert changed != sitemap.read_text()
    sitemap.write_text(changed)
    (repo / "site" / "sitemap.xml.gz").write_bytes(gzip.compress(changed.encode(), mtime=1))
    compared, ignored, findings = backup.compare_sites(old, repo / "site")
    assert findings == []
    assert [name for name, _ in ignored] == ["sitemap.xml", "sitemap.xml.gz"]
    sitemap.write_text(changed.replace("/profil/", "/profile/"))
    (repo / "site" / "404.html").write_text("baru")
    _, _, findings = backup.compare_sites(old, repo / "site")
    assert [(f.path, f.message.split(" ")[0]) for f in findings] == [("site/404.html", "differs"), ("site/sitemap.xml", "differs")]


# ---------------------------------------------------------------- list, prune, age


def _copies(archive: Path, *times: datetime) -> list[Path]:
    paths = []
    for moment in times:
        path = archive.parent / f"backup-{moment.strftime('%Y%m%dT%H%M%SZ')}.tar"
        shutil.copyfile(archive, path)
        paths.append(path)
    archive.unlink()
    return paths


def test_list_orders_backups_by_time_and_ignores_other_files(archive):
    day = datetime(2026, 11, 1, 18, tzinfo=timezone.utc)
    _copies(archive, day + timedelta(days=2), day, day + timedelta(days=1))
    (archive.parent / ".backup-20261130T000000Z.tar.1.partial").write_bytes(b"")
    (archive.parent / "catatan.txt").write_text("x")
    names = [b.name for b in backup.list_backups(archive.parent)]
    assert names == ["backup-20261101T180000Z.tar", "backup-20261102T180000Z.tar", "backup-20261103T180000Z.tar"]


def test_plan_prune_keeps_daily_weekly_and_monthly():
    from zoneinfo import ZoneInfo

    start = datetime(2026, 1, 1, 3, tzinfo=timezone.utc)  # 10:00 in Jakarta
    infos = [backup.BackupInfo(Path(f"b{i}.tar"), start + timedelta(days=i), 1) for i in range(120)]
    plan = backup.plan_prune(infos, 7, 4, 3, ZoneInfo("Asia/Jakarta"), protected=None)
    kept = {info.created.date().isoformat(): reasons for info, reasons in plan.keep}
    days = sorted(kept)
    assert [d for d in days if "daily" in kept[d]] == [f"2026-04-{d:02d}" for d in range(24, 31)]
    # one a week (the newest of each ISO week: Sundays, and the last day), one a month
    assert [d for d in days if "weekly" in kept[d]] == ["2026-04-12", "2026-04-19", "2026-04-26", "2026-04-30"]
    assert [d for d in days if "monthly" in kept[d]] == ["2026-02-28", "2026-03-31", "2026-04-30"]
    assert len(plan.keep) == 11 and len(plan.remove) == 109


def test_plan_prune_counts_days_at_the_court():
    from zoneinfo import ZoneInfo

    # 10:00 and 18:00 UTC on the same UTC day are two days in Jakarta (18:00 UTC is 01:00 WIB)
    infos = [backup.BackupInfo(Path(f"b{h}.tar"), datetime(2026, 11, 1, h, tzinfo=timezone.utc), 1) for h in (10, 18)]
    assert len(backup.plan_prune(infos, 2, 0, 0, ZoneInfo("Asia/Jakarta"), None).keep) == 2
    assert len(backup.plan_prune(infos, 2, 0, 0, timezone.utc, None).keep) == 1


def test_prune_never_removes_the_newest_verified_backup(repo, settings, archive):
    day = datetime(2026, 11, 1, 18, tzinfo=timezone.utc)
    paths = _copies(archive, day, day + timedelta(days=1), day + timedelta(days=2))
    os.truncate(paths[-1], paths[-1].stat().st_size // 2)  # the newest is damaged
    plan = backup.prune(repo, settings, keep_daily=0, keep_weekly=0, keep_monthly=0)
    assert plan.protected.path == paths[1]
    assert sorted(p.name for p in archive.parent.iterdir()) == [paths[1].name]


def test_prune_dry_run_removes_nothing(repo, settings, archive):
    day = datetime(2026, 11, 1, 18, tzinfo=timezone.utc)
    paths = _copies(archive, day, day + timedelta(hours=1), day + timedelta(days=1))
    plan = backup.prune(repo, settings, keep_daily=1, keep_weekly=0, keep_monthly=0, dry_run=True)
    assert [b.path for b in plan.remove] == [paths[1], paths[0]]
    assert all(p.exists() for p in paths)


def test_prune_refuses_when_no_backup_verifies(repo, settings, archive):
    os.truncate(archive, 10_000)
    with pytest.raises(PipelineError) as caught:
        backup.prune(repo, settings, keep_daily=0, keep_weekly=0, keep_monthly=0)
    assert "nothing was removed" in messages(caught.value)
    assert archive.exists()


def test_backup_findings_warn_when_there_is_none_or_it_is_old(repo, settings, tmp_path):
    assert backup.backup_findings(repo, settings) == []  # no backups/ here: they are kept elsewhere (CI artifacts)
    (repo / "backups").mkdir()
    [finding] = backup.backup_findings(repo, settings)
    assert (finding.path, finding.rule, finding.is_error) == ("backups", "backup-age", False)
    assert "no backup found" in finding.message
    disk = settings.model_copy(update={"backup": settings.backup.model_copy(update={"target": str(tmp_path / "hdd")})})
    [finding] = backup.backup_findings(repo, disk)
    assert finding.message == "the backup folder is not there" and "mount the backup disk" in finding.hint
    created = backup.create(repo, settings).archive
    assert backup.backup_findings(repo, settings) == []
    later = datetime.now(timezone.utc) + timedelta(hours=settings.backup.max_age_hours + 5)
    [finding] = backup.backup_findings(repo, settings, now=later)
    assert finding.path == f"backups/{created.name}"
    assert f"limit is {settings.backup.max_age_hours} hours" in finding.message
    assert backup.newest_backup_age(repo, settings, now=later) > timedelta(hours=settings.backup.max_age_hours)


# ---------------------------------------------------------------- command line


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_create_verify_list_and_a_damaged_archive(repo, tmp_path):
    runner = CliRunner()
    to = tmp_path / "hdd"
    result = runner.invoke(cli, ["--root", str(repo), "backup", "create", "--to", str(to)])
    assert result.exit_code == 0, result.output
    assert "Cadangan dibuat" in result.output
    result = runner.invoke(cli, ["--root", str(repo), "backup", "verify", "--all", "--to", str(to)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("UTUH")
    result = runner.invoke(cli, ["--root", str(repo), "backup", "list", "--to", str(to)])
    assert result.exit_code == 0 and result.output.count("| `backup-") == 1
    [archive] = to.iterdir()
    os.truncate(archive, archive.stat().st_size - 20_000)
    result = runner.invoke(cli, ["--root", str(repo), "backup", "verify", str(archive)])
    assert result.exit_code == 1
    assert "RUSAK" in result.output
    result = runner.invoke(cli, ["--root", str(repo), "backup", "verify"])
    assert result.exit_code == 2


def test_pipeline_freshness_warns_about_an_old_backup(repo, settings, archive):
    old = datetime.now(timezone.utc) - timedelta(hours=settings.backup.max_age_hours + 30)
    [copy] = _copies(archive, old)
    result = CliRunner().invoke(cli, ["--root", str(repo), "freshness"])
    assert f"backups/{copy.name}: backup.max_age_hours: the newest backup is" in result.output
    assert "[backup-age]" in result.output


def test_drill_rebuilds_as_of_the_backed_up_build(repo, settings, monkeypatch):
    """Built as of a later day (pages overdue, notices on them), drilled today: the rebuild pins the same day.

    No part of a page is ignored: the overdue notices and "last updated" stamps honour
    SOURCE_DATE_EPOCH, which `create` records and the drill sets for its rebuild.
    """
    import time as time_module

    from pipeline import site

    later = int(time_module.time()) + 800 * 86400
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(later))
    site.build(repo)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    page = (repo / "site" / "kontak" / "index.html").read_bytes()
    assert b"court-stale" in page
    archive = backup.create(repo, load_settings(repo)).archive
    with tarfile.open(archive) as tar:
        assert json.loads(tar.extractfile(backup.MANIFEST).read())["site_built"] == later
    report = backup.drill(repo, settings)
    assert report.ok, messages(report)
    assert report.ignored == []
    site.build(repo)   # today: no notice, so without the pinned day the drill would differ
    assert b"court-stale" not in (repo / "site" / "kontak" / "index.html").read_bytes()

def test_backup_names_keep_their_order_within_one_second(repo, settings):
    moment = datetime(2026, 11, 20, 18, tzinfo=timezone.utc)
    names = [backup.create(repo, settings, now=moment).archive.name for _ in range(3)]
    assert names == ["backup-20261120T180000Z.tar", "backup-20261120T180000Z-2.tar", "backup-20261120T180000Z-3.tar"]
    (repo / "backups" / names[0]).unlink()
    assert backup.create(repo, settings, now=moment).archive.name == "backup-20261120T180000Z-4.tar"
    assert [b.name for b in backup.list_backups(repo / "backups")] == names[1:] + ["backup-20261120T180000Z-4.tar"]


# ---------------------------------------------------------------- crafted archives: nothing runs, nothing leaves DEST


def _forge(src: Path, dest: Path, extra: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    """A copy of `src` with `extra` entries, in that order before the manifest, and a manifest that lists them.

    The forged manifest is self-consistent (sizes, digests, folders, links), as an
    attacker who read this code would write it: `verify` passes it.
    """
    with tarfile.open(src) as old:
        manifest = json.loads(old.extractfile(backup.MANIFEST).read())
        for info, data in extra:
            if info.isdir():
                manifest["dirs"].append(info.name)
            elif info.issym():
                manifest["links"][info.name] = info.linkname
            else:
                manifest["files"][info.name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        with tarfile.open(dest, "w", format=tarfile.PAX_FORMAT) as new:
            for member in old.getmembers():
                if member.name == backup.MANIFEST:
                    for info, data in extra:
                        if data is not None:
                            info.size = len(data)
                        new.addfile(info, io.BytesIO(data) if data is not None else None)
                    body = json.dumps(manifest).encode()
                    member.size = len(body)
                    new.addfile(member, io.BytesIO(body))
                else:
                    new.addfile(member, old.extractfile(member) if member.isreg() else None)
    assert backup.verify(dest).ok, "the forged archive must look like a sound backup"
    return dest


def _entry(name: str, data: bytes | None = None, *, mode: int = 0o644, link: str = "") -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.mode = mode
    if link:
        info.type, info.linkname = tarfile.SYMTYPE, link
    elif data is None:
        info.type, info.mode = tarfile.DIRTYPE, 0o755
    return info, data


def _git_dir(*files: tuple[tarfile.TarInfo, bytes | None]) -> list[tuple[tarfile.TarInfo, bytes | None]]:
    return [_entry(".git"), _entry(".git/hooks"), *files]


def _hostile_git(marker: Path) -> dict[str, list]:
    hook = f"#!/bin/sh\ntouch '{marker}'\n".encode()
    config = (f"[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
              f"\tfsmonitor = \"touch '{marker}'; false\"\n").encode()
    return {
        "fsmonitor": _git_dir(_entry(".git/config", config)),
        "hooks": _git_dir(*[_entry(f".git/hooks/{name}", hook, mode=0o755)
                            for name in ("reference-transaction", "post-checkout", "pre-auto-gc", "post-index-change")]),
    }


@pytest.mark.parametrize("case", ["fsmonitor", "hooks"])
@pytest.mark.parametrize("command", ["restore", "drill"])
def test_a_crafted_git_folder_runs_nothing_on_restore_or_drill(repo, settings, archive, tmp_path, case, command):
    marker = tmp_path / "ran"
    forged = _forge(archive, tmp_path / "forged.tar", _hostile_git(marker)[case])
    dest = tmp_path / "a" / "pulih"
    with pytest.raises(PipelineError) as caught:
        if command == "restore":
            backup.restore(forged, dest)
        else:
            backup.drill(repo, settings, forged)
    assert "refused: a git folder in the archive (.git)" in messages(caught.value)
    assert not marker.exists(), "a command from the archive ran"
    assert not dest.exists() and not (tmp_path / "a").exists()


def test_git_runs_with_no_config_or_hook_but_ours(repo, settings, tmp_path, monkeypatch):
    """Even a global git config (the machine's, or one an archive left in HOME) sets no hook or fsmonitor."""
    marker = tmp_path / "ran"
    home = tmp_path / "home"
    (home / "hooks").mkdir(parents=True)
    hook = home / "hooks" / "reference-transaction"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    hook.chmod(0o755)
    (home / ".gitconfig").write_text(f"[core]\n\thooksPath = {home / 'hooks'}\n\tfsmonitor = \"touch '{marker}'; false\"\n")
    archive = backup.create(repo, settings).archive
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    result = backup.restore(archive, tmp_path / "pulih")
    assert result.git_restored
    assert not marker.exists()


def test_a_link_chain_out_of_dest_is_refused_in_either_order(archive, tmp_path):
    """`content/sub -> ..` makes `content/berita/x.md -> ../sub/../../outside/secret` leave DEST, though it reads as inside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("rahasia di luar\n")
    chain = [_entry("content/berita/x.md", link="../sub/../../outside/secret"), _entry("content/sub", link="..")]
    for order, entries in (("link first", chain), ("hop first", chain[::-1])):
        forged = _forge(archive, tmp_path / f"{order}.tar", entries)
        dest = tmp_path / "a" / "pulih"
        with pytest.raises(PipelineError) as caught:
            backup.restore(forged, dest)
        assert "refused: a link leading out of the destination (../sub/../../outside/secret)" in messages(caught.value), order
        assert not (tmp_path / "a").exists(), order
    assert [p.name for p in outside.iterdir()] == ["secret"]
    assert (outside / "secret").read_text() == "rahasia di luar\n"


def test_a_link_loop_is_refused(archive, tmp_path):
    forged = _forge(archive, tmp_path / "loop.tar", [_entry("content/a", link="b"), _entry("content/b", link="a")])
    with pytest.raises(PipelineError) as caught:
        backup.restore(forged, tmp_path / "pulih")
    assert "refused: a link that loops (a)" in messages(caught.value)


def test_an_entry_outside_the_backed_up_folders_is_refused(archive, tmp_path):
    forged = _forge(archive, tmp_path / "extra.tar", [_entry("pipeline"), _entry("pipeline/__init__.py", b"import os\n")])
    with pytest.raises(PipelineError) as caught:
        backup.restore(forged, tmp_path / "pulih")
    assert "refused: pipeline/__init__.py is not in a backed-up folder" in messages(caught.value)


# ---------------------------------------------------------------- concurrency and leftovers


def test_two_backups_in_the_same_second_both_land(repo, settings, monkeypatch):
    """Two `backup create` at once (a scheduled one and a hand-run one): two archives, neither overwritten."""
    import threading
    import time as time_module

    moment = datetime(2026, 11, 20, 18, tzinfo=timezone.utc)
    real_name = backup._new_name

    def slow_name(folder, now):
        name = real_name(folder, now)
        time_module.sleep(0.5)   # widen the window between choosing a name and renaming onto it
        return name

    monkeypatch.setattr(backup, "_new_name", slow_name)
    results, errors = [], []

    def one():
        try:
            results.append(backup.create(repo, settings, now=moment).archive)
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 2
    listed = backup.list_backups(repo / "backups")
    assert sorted(b.name for b in listed) == ["backup-20261120T180000Z-2.tar", "backup-20261120T180000Z.tar"]
    assert all(backup.verify(b.path).ok for b in listed)


def _aged(path: Path, hours: float) -> Path:
    stamp = datetime.now().timestamp() - hours * 3600
    os.utime(path, (stamp, stamp), follow_symlinks=False)
    return path


def test_create_removes_partials_an_hour_old(repo, settings):
    folder = repo / "backups"
    folder.mkdir(exist_ok=True)
    old = folder / ".backup-20261120T180000Z.tar.4242.partial"
    old.write_bytes(b"x" * 10)
    _aged(old, 2)
    bundle = folder / ".backup-20261120T180000Z.tar.4242.bundle.tmp"
    bundle.write_bytes(b"y")
    _aged(bundle, 2)
    young = folder / ".backup-20261120T190000Z.tar.4343.partial"
    young.write_bytes(b"z")
    backup.create(repo, settings)
    assert not old.exists() and not bundle.exists()
    assert young.exists()   # may belong to a backup still being written


def test_restore_removes_its_staging_leftovers_an_hour_old(archive, tmp_path):
    old = tmp_path / ".pulih.restore-abc123"
    (old / "content").mkdir(parents=True)
    _aged(old, 2)
    aside = tmp_path / ".pulih.old-def456"
    aside.mkdir()
    _aged(aside, 2)
    young = tmp_path / ".pulih.restore-young"
    young.mkdir()
    backup.restore(archive, tmp_path / "pulih")
    assert not old.exists() and not aside.exists()
    assert young.exists()


def test_the_drill_builds_no_settings_that_run_code_from_the_archive(repo, settings, tmp_path):
    """MkDocs runs the files under `hooks:`; an archive carrying one is refused before the build."""
    marker = tmp_path / "ran"
    (repo / "site_config" / "jahat.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    mkdocs = repo / "site_config" / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text() + "\nhooks:\n  - jahat.py\n")
    archive = backup.create(repo, settings).archive
    with pytest.raises(PipelineError) as caught:
        backup.drill(repo, settings, archive)
    assert "refused: the backup's MkDocs settings run Python code" in messages(caught.value)
    assert not marker.exists()
