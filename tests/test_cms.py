"""The browser editor: content/admin/ generated from pipeline.yml, its drift check, and the pull-request bridge.

The bridge runs on recorded `pull_request` payloads of GitHub's real format
(tests/data/github/pull-request-cms-labeled.json, as Sveltia CMS's editorial workflow
opens and labels them), in a real git repository with real photos.
"""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

import draftkit
from pipeline import cms, drafts, photos
from pipeline.checks import check_paths
from pipeline.cli import cli
from pipeline.config import load_settings

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EVENT = DATA / "github" / "pull-request-cms-labeled.json"
SCHEMA = DATA / "sveltia-cms-0.221.1.schema.json"
DRAFT_ID = "2026-11-20-rapat-evaluasi-kinerja-bulan-november-2026"
AT = datetime.fromisoformat("2026-11-20T13:00:00+07:00")


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


# --------------------------------------------------------------------------- content/admin/


def test_committed_admin_files_are_what_pipeline_yml_gives():
    assert cms.cms_findings(REPO, load_settings(REPO)) == []


def test_config_is_valid_for_sveltia_and_says_what_the_court_configured(scratch_repo: Path, tmp_path: Path):
    settings = load_settings(scratch_repo)
    text = cms.render_config(settings)
    data = yaml.safe_load(text)
    (tmp_path / "config.json").write_text(json.dumps(data), encoding="utf-8")
    checked = subprocess.run([str(Path(__import__("sys").executable).parent / "check-jsonschema"),
                              "--schemafile", str(SCHEMA), str(tmp_path / "config.json")],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    assert data["backend"]["name"] == "github"
    assert data["backend"]["repo"] == "pa-payakumbuh/website" and data["backend"]["branch"] == "main"
    assert data["publish_mode"] == "editorial_workflow"
    [collection] = data["collections"]
    assert (collection["folder"], collection["path"], collection["media_folder"]) == ("drafts", "{{slug}}/index",
                                                                                     "photos")
    assert collection["delete"] is False and collection["publish"] is False
    raster = data["media_libraries"]["default"]["config"]["transformations"]["raster_image"]
    assert raster == {"format": "webp", "quality": 85, "width": 2560, "height": 2560}
    fields = {f["name"]: f for f in collection["fields"]}
    # status, history and the approval record are not fields: the editor keeps them as they are
    assert not {"status", "history", "approved_by", "approval_digest"} & set(fields)
    assert [o["value"] for o in fields["reporter"]["options"]] == ["rina", "fajar"]  # the operators
    assert fields["category"]["options"] == settings.categories
    assert (fields["title"]["minlength"], fields["title"]["maxlength"]) == (10, 120)
    photo = {f["name"]: f for f in fields["photos"]["fields"]}
    assert set(photo) == {"file", "caption", "alt", "selected", "courtroom", "hearing", "permitted_by"}
    assert photo["file"]["choose_url"] is False
    assert "2560" in photo["file"]["hint"]


def test_index_loads_the_pinned_script_with_integrity_under_a_strict_policy():
    html = cms.render_index(load_settings(REPO))
    assert f'<script src="sveltia-cms.js" integrity="{cms.SCRIPT_SRI}"' in html
    assert cms.script_sri((REPO / cms.ADMIN_PATH / "sveltia-cms.js").read_bytes()) == cms.SCRIPT_SRI
    policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert "script-src 'self';" in policy and "connect-src 'self' data: blob: https://api.github.com;" in policy
    assert "unpkg" not in policy and "jsdelivr" not in policy
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_drift_and_a_changed_script_are_reported_and_fixed(scratch_repo: Path):
    config = scratch_repo / "site_config" / "pipeline.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Pembinaan\n", "  - Pembinaan\n  - Seminar\n"),
                      encoding="utf-8")
    script = scratch_repo / cms.ADMIN_PATH / "sveltia-cms.js"
    script.write_bytes(script.read_bytes() + b"\n// tampered\n")

    found = [f for f in check_paths(scratch_repo, load_settings(scratch_repo)) if f.rule == "cms"]
    assert [(f.path, f.is_error) for f in found] == [("content/admin/config.yml", True),
                                                     ("content/admin/sveltia-cms.js", True)]
    assert found[0].line and "pipeline generate" in found[0].hint
    assert "pipeline cms vendor" in found[1].hint

    fixed = invoke(scratch_repo, "generate")
    assert fixed.exit_code == 0, fixed.output
    assert "content/admin/config.yml" in fixed.output
    assert "- Seminar" in (scratch_repo / cms.ADMIN_PATH / "config.yml").read_text(encoding="utf-8")
    still = invoke(scratch_repo, "generate", "--check")
    assert still.exit_code == 1 and "sveltia-cms.js" in still.output


def test_a_court_without_a_repository_gets_a_clear_error(scratch_repo: Path):
    config = scratch_repo / "site_config" / "pipeline.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  repo: pa-payakumbuh/website\n", ""),
                      encoding="utf-8")
    result = invoke(scratch_repo, "generate")
    assert result.exit_code == 1
    assert "cms.repo" in result.output and "cms: {repo: OWNER/NAME}" in result.output


def test_the_editor_is_in_no_search_index_sitemap_link_or_leak_check(scratch_repo: Path):
    from pipeline import links, publish, site

    # a page of the editor with a broken link and an unpublished draft's id: neither is the site's
    secret = "2026-11-21-uji-editor-peramban"
    draftkit.write(scratch_repo, "narrated", draft_id=secret, title="Uji Editor Peramban Yang Belum Terbit",
                   summary="Ringkasan uji editor peramban yang tidak pernah diterbitkan di situs mana pun.")
    extra = scratch_repo / cms.ADMIN_PATH / "extra.html"
    extra.write_text(f'<a href="nowhere/">{secret}</a>', encoding="utf-8")
    site.build(scratch_repo)
    built = scratch_repo / "site"
    assert (built / "admin" / "index.html").is_file() and (built / "admin" / "config.yml").is_file()
    assert "admin" not in (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin/" not in (built / "search" / "search_index.json").read_text(encoding="utf-8")
    assert links.check(scratch_repo, built).errors == []
    assert publish.leak_guard(scratch_repo, built) == []
    (built / "leak.html").write_text(extra.read_text(encoding="utf-8"), encoding="utf-8")
    assert publish.leak_guard(scratch_repo, built), "the same text outside /admin/ is a leak"


# --------------------------------------------------------------------------- the bridge


def camera_jpeg(path: Path) -> Path:
    """A phone photo: stored sideways (EXIF orientation 6) with GPS; its top is the red band on the left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (400, 300), (40, 90, 160))
    im.paste((220, 20, 20), (0, 0, 60, 300))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (0.0, 13.0, 21.0), "E", (100.0, 38.0, 0.0)
    im.save(path, "JPEG", exif=exif.tobytes(), quality=90)
    return path


def cms_draft(root: Path, *, body: str = "", caption: str = "Ketua membuka rapat evaluasi kinerja") -> Path:
    """A draft as Sveltia CMS saves it: no status, no history; a WebP from the browser and a JPEG sent around it."""
    folder = root / "drafts" / DRAFT_ID
    (folder / "photos").mkdir(parents=True)
    Image.new("RGB", (300, 400), (90, 120, 150)).save(folder / "photos" / "img_0012.webp", "WEBP")
    camera_jpeg(folder / "photos" / "img_0013.jpg")
    (folder / "index.md").write_text(
        "---\n"
        "title: Rapat Evaluasi Kinerja Bulan November 2026\n"
        "date: 2026-11-20\n"
        "location: Ruang Rapat Utama\n"
        "category: Rapat\n"
        "reporter: rina\n"
        f"summary: {draftkit.SUMMARY}\n"
        "photos:\n"
        "  - file: photos/img_0012.webp\n"
        f"    caption: {caption}\n"
        "    alt: Ketua Pengadilan berbicara di podium ruang rapat\n"
        "    selected: true\n"
        "  - file: photos/img_0013.jpg\n"
        "    selected: false\n"
        "---\n\n" + body, encoding="utf-8")
    return folder / "index.md"


def event_file(tmp_path: Path, **changes) -> Path:
    payload = json.loads(EVENT.read_text(encoding="utf-8"))
    pr = payload["pull_request"]
    if "labels" in changes:
        pr["labels"] = [{"name": name} for name in changes["labels"]]
    if "login" in changes:
        pr["user"]["login"] = changes["login"]
    if "branch" in changes:
        pr["head"]["ref"] = changes["branch"]
    if "head_repo" in changes:
        pr["head"]["repo"] = copy.deepcopy(pr["head"]["repo"]) | {"full_name": changes["head_repo"]}
    path = tmp_path / f"event-{len(list(tmp_path.glob('event-*')))}.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def run_bridge(root: Path, event: Path, base: Path | None = None, comment: Path | None = None, env=None):
    args = ["--root", str(root), "cms", "bridge", "--event", str(event),
            "--base-config", str(base or root / "site_config" / "pipeline.yml")]
    if comment:
        args += ["--comment", str(comment)]
    return CliRunner(env=env or {}).invoke(cli, args)


def test_recorded_payload_is_a_cms_pull_request_in_review():
    payload = json.loads(EVENT.read_text(encoding="utf-8"))
    event = cms._Event(payload)
    assert (event.author, event.branch, event.stage) == ("rina-pa-pyk", f"cms/drafts/{DRAFT_ID}", "pending_review")


def test_bridge_collects_normalises_and_lists_what_the_review_stage_misses(scratch_repo: Path, tmp_path: Path):
    index = cms_draft(scratch_repo, body="Terlalu singkat.\n")
    output = tmp_path / "github-output"
    comment = tmp_path / "comment.md"
    result = run_bridge(scratch_repo, event_file(tmp_path), comment=comment, env={"GITHUB_OUTPUT": str(output)})
    assert result.exit_code == 0, result.output

    draft = drafts.load(scratch_repo, DRAFT_ID)
    # G3 recorded for the author mapped from the base config; G4 taken (a selected photo with caption and alt)
    assert [(h.step, h.by) for h in draft.meta.history] == [("collected", "rina"), ("selected", "rina")]
    assert draft.status.value == "selected"
    # every photo went through the intake: JPEG, upright, no metadata; the uploads are gone
    assert [p.file for p in draft.meta.photos] == ["photos/img_0012.jpg", "photos/img_0013.jpg"]
    assert sorted(p.name for p in (index.parent / "photos").iterdir()) == ["img_0012.jpg", "img_0013.jpg"]
    for name in ("img_0012.jpg", "img_0013.jpg"):
        with Image.open(index.parent / "photos" / name) as im:
            assert im.format == "JPEG" and photos.metadata_in(im) == []
    with Image.open(index.parent / "photos" / "img_0013.jpg") as im:
        assert im.size == (300, 400) and im.getpixel((150, 5))[0] > 180  # upright: the red band is on top
    # G5 is not possible yet: the comment says what is missing, in the court's language
    text = comment.read_text(encoding="utf-8")
    assert "narrative" in text.lower() or "narasi" in text.lower()
    assert "120" in text and "Kasubag PTIP" in text
    assert output.read_text(encoding="utf-8") == f"changed=true\nrefused=false\nbranch=cms/drafts/{DRAFT_ID}\n"
    assert not any(key.startswith("approv") for key in (draft.source.data or {}))

    # the next push: nothing to normalise again, nothing new to record
    again = run_bridge(scratch_repo, event_file(tmp_path), env={"GITHUB_OUTPUT": str(tmp_path / "out-2")})
    assert again.exit_code == 0, again.output
    assert (tmp_path / "out-2").read_text(encoding="utf-8").startswith("changed=false\n")


def test_bridge_takes_g4_and_g5_when_ready_and_never_approves(scratch_repo: Path, tmp_path: Path):
    cms_draft(scratch_repo, body=draftkit.NARRATIVE)
    result = run_bridge(scratch_repo, event_file(tmp_path, labels=["sveltia-cms/pending_publish"]))
    assert result.exit_code == 0, result.output
    draft = drafts.load(scratch_repo, DRAFT_ID)
    assert [h.step for h in draft.meta.history] == ["collected", "selected", "narrated"]
    assert draft.status.value == "narrated"
    assert draft.meta.approved_by is None and draft.meta.approval_digest is None
    errors = [f for f in check_paths(scratch_repo, load_settings(scratch_repo), deep_photos=True) if f.is_error]
    assert errors == []


def test_a_draft_stage_only_collects(scratch_repo: Path, tmp_path: Path):
    cms_draft(scratch_repo, body=draftkit.NARRATIVE)
    result = run_bridge(scratch_repo, event_file(tmp_path, labels=["sveltia-cms/draft"]))
    assert result.exit_code == 0, result.output
    assert drafts.load(scratch_repo, DRAFT_ID).status.value == "collected"


def test_an_unknown_login_is_refused_by_the_base_config_whatever_the_pr_says(scratch_repo: Path, tmp_path: Path):
    """The PR's own pipeline.yml makes its author a Kasubag: the base branch's does not know them."""
    base = tmp_path / "base-pipeline.yml"
    base.write_text((scratch_repo / "site_config" / "pipeline.yml").read_text(encoding="utf-8"), encoding="utf-8")
    config = scratch_repo / "site_config" / "pipeline.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    github: dewi-ptip-pyk\n", "    github: dewi-ptip-pyk\n  - id: tamu\n    name: Tamu Asing\n"
        "    role: kasubag_ptip\n    github: tamu-asing\n"), encoding="utf-8")
    index = cms_draft(scratch_repo, body=draftkit.NARRATIVE)
    before = index.read_bytes()
    comment = tmp_path / "comment.md"
    result = run_bridge(scratch_repo, event_file(tmp_path, login="tamu-asing"), base=base, comment=comment)
    assert result.exit_code == 1
    text = comment.read_text(encoding="utf-8")
    assert "@tamu-asing" in text and "github: tamu-asing" in text
    assert "Rina Marlina, S.Kom. (@rina-pa-pyk)" in text and "Dewi Kartika, S.T. (@dewi-ptip-pyk)" in text
    assert index.read_bytes() == before and (index.parent / "photos" / "img_0012.webp").exists()


@pytest.mark.parametrize("changes, why", [
    ({"branch": "liputan/rapat-evaluasi"}, "is not a branch of the browser editor"),
    ({"branch": "cms/drafts/../../site_config"}, "is not a branch of the browser editor"),
    ({"head_repo": "orang-lain/website"}, "comes from another repository"),
])
def test_other_pull_requests_are_left_alone(scratch_repo: Path, tmp_path: Path, changes: dict, why: str):
    index = cms_draft(scratch_repo)
    before = index.read_bytes()
    result = run_bridge(scratch_repo, event_file(tmp_path, **changes))
    assert result.exit_code == 0, result.output
    assert why in result.output or why.split()[0] in result.output
    assert index.read_bytes() == before


def test_a_payload_that_is_not_an_event_is_a_clear_error(scratch_repo: Path, tmp_path: Path):
    bad = tmp_path / "event.json"
    bad.write_text('{"issue": {}}', encoding="utf-8")
    result = run_bridge(scratch_repo, bad)
    assert result.exit_code == 1
    assert "pull_request" in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- the workflow's steps


def test_bridge_workflow_installs_from_base_and_keeps_the_token_out_of_pipeline():
    from test_workflows import WORKFLOWS_DIR, load

    data = load(WORKFLOWS_DIR / "cms-bridge.yml")
    assert list(data["on"]) == ["pull_request"] and data["on"]["pull_request"]["paths"] == ["drafts/**"]
    job = data["jobs"]["bridge"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = {s["name"]: s for s in job["steps"]}
    assert steps["Pasang pipeline dari branch dasar"]["run"].strip() == "python -m pip install ./base"
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert [c["with"]["path"] for c in checkouts] == ["base", "head"]
    assert checkouts[0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    for step in job["steps"]:
        if "GH_TOKEN" in step.get("env", {}):
            assert "pipeline" not in step["run"] and "pip" not in step["run"], step["name"]
    assert "--base-config ../base/site_config/pipeline.yml" in steps["Jembatan editor"]["run"]


def test_bridge_workflow_steps_commit_back_as_bot_and_check(scratch_repo: Path, tmp_path: Path):
    """The bridge, commit and check steps as the runner runs them, pushing to a local stand-in for GitHub."""
    import shutil

    from conftest import git
    from test_workflows import Runner, github_env

    remote = tmp_path / "github.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(scratch_repo, "push", "-q", str(remote), "main")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    shutil.copytree(scratch_repo, workspace / "base")
    head = workspace / "head"
    shutil.copytree(scratch_repo, head)
    branch = f"cms/drafts/{DRAFT_ID}"
    git(head, "switch", "-q", "-c", branch)
    cms_draft(head, body=draftkit.NARRATIVE)
    git(head, "add", "-A")
    git(head, "commit", "-q", "-m", "Create Coverage (Sveltia CMS)")
    git(head, "push", "-q", str(remote), branch)

    env = github_env(tmp_path)
    token = "ghs_0000000000000000000000000000000000000"
    env |= {"GITHUB_EVENT_PATH": str(EVENT), "GH_TOKEN": token,
            # the push URL of the workflow, answered by the local bare repository
            "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{remote}.insteadOf",
            "GIT_CONFIG_VALUE_0": f"https://x-access-token:{token}@github.com/pa-payakumbuh/website.git"}
    runner = Runner(head, env, tmp_path / "gh.log", workflow="cms-bridge.yml", job="bridge")

    bridged = runner.step("Jembatan editor")
    assert bridged.returncode == 0, bridged.stdout + bridged.stderr
    outputs = runner.outputs()
    assert outputs == {"changed": "true", "refused": "false", "branch": branch}
    pushed = runner.step("Simpan hasil ke branch", {"BRANCH": outputs["branch"]})
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    log = git(remote, "log", "--format=%an|%s", branch)
    assert log.splitlines()[0] == f"github-actions[bot]|Editor peramban: langkah dicatat dan foto diproses ({DRAFT_ID})"
    files = git(remote, "ls-tree", "-r", "--name-only", branch, f"drafts/{DRAFT_ID}").split()
    assert files == [f"drafts/{DRAFT_ID}/index.md", f"drafts/{DRAFT_ID}/photos/img_0012.jpg",
                     f"drafts/{DRAFT_ID}/photos/img_0013.jpg"]
    assert "status: narrated" in git(remote, "show", f"{branch}:drafts/{DRAFT_ID}/index.md")
    checked = runner.step("Periksa draf")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_vendor_refuses_a_tarball_that_is_not_the_pinned_one(scratch_repo: Path, tmp_path: Path):
    """A stand-in `npm pack` hands over a package with a changed script: nothing is written."""
    import io
    import stat
    import tarfile

    package = tmp_path / "evil.tgz"
    with tarfile.open(package, "w:gz") as archive:
        for name, data in (("package/dist/sveltia-cms.js", b"alert('not sveltia')"),
                           ("package/LICENSE.txt", b"MIT")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    npm = tmp_path / "npm"
    npm.write_text(f"#!/bin/sh\ncp {package} ./sveltia-cms-0.0.0.tgz\n", encoding="utf-8")
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    script = scratch_repo / cms.ADMIN_PATH / cms.SCRIPT_NAME
    before = script.read_bytes()
    with pytest.raises(cms.PipelineError) as caught:
        cms.vendor(scratch_repo, npm=str(npm))
    [finding] = caught.value.findings
    assert "does not match its pinned integrity" in finding.message or "integritas" in finding.message
    assert script.read_bytes() == before
