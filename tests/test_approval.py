"""Approval as an attacker tries it: forged records, wrong keys, replays, changed text, remapped trust, no key.

Every record here is made the real way (`pipeline approve` from recorded GitHub payloads
on real commits, signed with the test key) or forged the way the issue did it; the
checks, `publish` and the evidence page must all tell one from the other.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import draftkit
import githubkit
from conftest import APPROVAL_KEY, git
from pipeline import approval, checks, config, drafts, evidence, publish, workflow
from pipeline.cli import cli
from pipeline.config import Step
from pipeline.findings import ConfigError, PipelineError

ID = draftkit.DRAFT_ID


def corrected(repo: Path) -> Path:
    return draftkit.write(repo, "corrected", summary=draftkit.SUMMARY, body=draftkit.NARRATIVE)


def approved(repo: Path, settings: config.Settings) -> drafts.Draft:
    corrected(repo)
    return githubkit.approve(repo, settings, ID)


def messages(findings) -> list[str]:
    return [f.message for f in findings]


def approval_findings(repo: Path, settings: config.Settings) -> list:
    return [f for f in checks.check_draft(repo, settings, drafts.load(repo, ID)) if f.rule == "approval"]


def publish_refusals(repo: Path, settings: config.Settings) -> list[str]:
    with pytest.raises(PipelineError) as exc:
        publish.publish(repo, settings)
    assert not (repo / "content" / "berita" / "posts" / ID).exists()
    return messages(exc.value.findings)


def verdict(repo: Path, settings: config.Settings) -> str:
    page = evidence.draft_page(repo, settings, ID)
    return re.search(r"<th>Keabsahan</th><td><span class=\"(\w+)\">(.*?)</span>", page).groups()


# --- a record made the real way ------------------------------------------------------------


def test_a_real_record_is_signed_checked_and_valid(repo: Path, settings: config.Settings):
    draft = approved(repo, settings)
    assert approval.signature_valid(draft, APPROVAL_KEY.encode())
    assert approval_findings(repo, settings) == []
    assert verdict(repo, settings) == ("ok", "sah: isi tidak berubah sejak disetujui")
    page = evidence.draft_page(repo, settings, ID)
    assert f"tinjauan 2301003 by dewi-ptip-pyk on commit {draft.meta.approval_commit[:12]}</td>" in page


@pytest.mark.parametrize("field, value", [
    ("approval_pr", "13"), ("approval_review", "2301004"), ("approval_login", "rina-pa-pyk"),
    ("approval_commit", "0123456789abcdef" * 2 + "01234567"), ("approved_by", "rina"), ("approved_at", "2026-11-20T12:02:48+07:00"),
    ("approval_digest", "sha256:" + "0" * 64),
])
def test_the_signature_covers_every_field_of_the_record(repo: Path, settings: config.Settings, field: str, value: str):
    draft = approved(repo, settings)
    text = re.sub(rf"^{field}: .*$", f"{field}: {value}", draft.path.read_text(encoding="utf-8"), count=1, flags=re.M)
    draft.path.write_text(text, encoding="utf-8")
    changed = drafts.load(repo, ID)
    assert not approval.signature_valid(changed, APPROVAL_KEY.encode())
    assert "the approval record's signature does not verify: the publish workflow did not write this record, " \
           "or it was changed since" in messages(approval_findings(repo, settings))
    assert not workflow.approval_is_valid(changed, settings)


# --- forged records ------------------------------------------------------------------------


def forge(repo: Path, settings: config.Settings, *, key: str | None = None) -> None:
    """The issue's recipe: `approve --by` in local mode, then GitHub fields invented (signed with `key`, if any)."""
    corrected(repo)
    local = settings.model_copy(update={"approval": config.Approval(mode="local")})
    draft = workflow.approve_local(repo, local, ID, "dewi")
    fields = {name: getattr(draft.meta, name) for name in ("approved_by", "approved_at", "approval_digest")}
    fields |= {"approval_pr": 12, "approval_review": 2301003, "approval_login": "dewi-ptip-pyk",
               "approval_commit": githubkit.RECORDED_HEAD}
    signature = approval.sign(ID, fields, key.encode()) if key else "hmac-sha256:" + "ab" * 32
    extra = "".join(f"{name}: {fields[name]}\n" for name in
                    ("approval_pr", "approval_review", "approval_login", "approval_commit"))
    draft.path.write_text(draft.path.read_text(encoding="utf-8").replace(
        "\n---\n", f"\n{extra}approval_signature: {signature}\n---\n", 1), encoding="utf-8")


@pytest.mark.parametrize("key", [None, "a-key-the-attacker-made-up-0123456789abcdef"], ids=["invented", "other-key"])
def test_a_hand_written_record_is_refused_everywhere(repo: Path, settings: config.Settings, key: str | None):
    forge(repo, settings, key=key)
    refused = "the approval record's signature does not verify: the publish workflow did not write this record, " \
              "or it was changed since"
    assert refused in messages(approval_findings(repo, settings))
    assert refused in publish_refusals(repo, settings)
    css, text = verdict(repo, settings)
    assert css == "late" and text.startswith("tidak sah: ")


def test_an_unsigned_record_is_an_error_even_without_the_key(repo: Path, settings: config.Settings, monkeypatch):
    corrected(repo)
    local = settings.model_copy(update={"approval": config.Approval(mode="local")})
    draft = workflow.approve_local(repo, local, ID, "dewi")
    text = draft.path.read_text(encoding="utf-8").replace("\n---\n", "\napproval_pr: 12\napproval_review: 2301003\n"
                                                          "approval_login: dewi-ptip-pyk\napproval_commit: "
                                                          + githubkit.RECORDED_HEAD + "\n---\n", 1)
    draft.path.write_text(text, encoding="utf-8")
    monkeypatch.delenv(approval.KEY_ENV)
    [finding] = approval_findings(repo, settings)
    assert finding.message == ("status is approved but the approval record is not signed by the publish workflow: "
                               "a record written by hand is not an approval")


# --- without the key -----------------------------------------------------------------------


def test_without_the_key_publish_refuses_and_nothing_is_called_valid(repo: Path, settings: config.Settings,
                                                                      monkeypatch):
    approved(repo, settings)
    monkeypatch.delenv(approval.KEY_ENV)
    assert publish_refusals(repo, settings) == ["cannot verify the approval's signature: PIPELINE_APPROVAL_KEY is not set"]
    [finding] = approval_findings(repo, settings)
    assert not finding.is_error
    assert finding.message == "the approval's signature cannot be verified here: PIPELINE_APPROVAL_KEY is not set"
    css, text = verdict(repo, settings)
    assert css == "late" and text.startswith("not verified")


def test_a_short_key_is_a_configuration_error(repo: Path, settings: config.Settings, monkeypatch):
    corrected(repo)
    monkeypatch.setenv(approval.KEY_ENV, "password")
    with pytest.raises(ConfigError) as exc:
        githubkit.approve(repo, settings, ID)
    assert exc.value.findings[0].message == "PIPELINE_APPROVAL_KEY has 8 characters; a signing key needs at least 32"


def test_approval_without_the_key_is_refused(repo: Path, settings: config.Settings, monkeypatch):
    path = corrected(repo)
    monkeypatch.delenv(approval.KEY_ENV)
    with pytest.raises(ConfigError) as exc:
        githubkit.approve(repo, settings, ID)
    assert exc.value.findings[0].message == "PIPELINE_APPROVAL_KEY is not set: the approval cannot be signed"
    assert drafts.load(repo, ID).status is Step.CORRECTED and path.exists()


# --- what the review saw -------------------------------------------------------------------


def test_text_changed_after_the_review_is_refused(repo: Path, settings: config.Settings):
    """The Kasubag approved the head commit; the text on main says something else."""
    path = corrected(repo)
    base, head = githubkit.commit_draft(repo)
    path.write_text(path.read_text(encoding="utf-8").replace("doa bersama", "doa dan makan bersama"), encoding="utf-8")
    git(repo, "commit", "-qam", "after the review")
    with pytest.raises(PipelineError) as exc:
        workflow.approve_github(repo, settings, ID, githubkit.reviews("reviews-approved.json", head),
                                githubkit.pull(head), base=base)
    assert messages(exc.value.findings) == [
        f"the narrative or the selected photos differ from what the Kasubag PTIP reviewed at commit {head[:12]}; "
        "changes after the review are not approved"]


def test_a_photo_swapped_after_the_review_is_refused(repo: Path, settings: config.Settings):
    corrected(repo)
    base, head = githubkit.commit_draft(repo)
    draftkit.photo(repo / "drafts" / ID / "photos" / "foto-1.jpg", color=(0, 0, 0))
    with pytest.raises(PipelineError) as exc:
        workflow.approve_github(repo, settings, ID, githubkit.reviews("reviews-approved.json", head),
                                githubkit.pull(head), base=base)
    assert "differ from what the Kasubag PTIP reviewed" in exc.value.findings[0].message


def test_a_review_with_no_commit_is_refused(repo: Path, settings: config.Settings):
    corrected(repo)
    base, head = githubkit.commit_draft(repo)
    with pytest.raises(PipelineError) as exc:
        workflow.approve_github(repo, settings, ID, githubkit.reviews("reviews-approved-commit-null.json", head),
                                githubkit.pull(head), base=base)
    assert messages(exc.value.findings) == [
        "the approving review 2306003 names no commit (commit_id is null), so it cannot vouch for any text"]


def test_a_reviewed_commit_that_is_not_here_is_refused(repo: Path, settings: config.Settings):
    corrected(repo)
    base, _ = githubkit.commit_draft(repo)
    missing = "2" * 40
    with pytest.raises(PipelineError) as exc:
        workflow.approve_github(repo, settings, ID, githubkit.reviews("reviews-approved.json", missing),
                                githubkit.pull(missing), base=base)
    assert messages(exc.value.findings) == ["the reviewed commit 222222222222 is not in this repository"]


def test_an_unmerged_pull_request_approves_nothing(repo: Path, settings: config.Settings):
    corrected(repo)
    base, head = githubkit.commit_draft(repo)
    open_pull = githubkit.payload("pull-12-merged.json", head).replace('"merged_at": "2026-11-20T05:04:11Z"',
                                                                        '"merged_at": null').replace(
        '"merged": true', '"merged": false')
    with pytest.raises(PipelineError) as exc:
        workflow.approve_github(repo, settings, ID, githubkit.reviews("reviews-approved.json", head),
                                approval.parse_pull(open_pull, "pull.json"), base=base)
    assert "pull request #12 is not merged" in messages(exc.value.findings)


def test_a_genuine_record_replayed_after_a_return_is_refused(repo: Path, settings: config.Settings):
    """Returned by the Kasubag, then the old approved record restored by hand: its signature still verifies,
    so the workflow re-derives every approved draft from the pull request that last changed it."""
    draft = approved(repo, settings)
    signed_text = draft.path.read_text(encoding="utf-8")
    workflow.return_to(repo, settings, ID, Step.NARRATED, "dewi", "Sebutkan jumlah peserta")
    git(repo, "commit", "-qam", "returned")
    draft.path.write_text(signed_text, encoding="utf-8")  # the restore, in pull request #13
    base, head = githubkit.commit_draft(repo, message="restore")
    assert approval.signature_valid(drafts.load(repo, ID), APPROVAL_KEY.encode())
    thirteen = githubkit.payload("pull-12-merged.json", head).replace('"number": 12', '"number": 13')
    with pytest.raises(PipelineError) as exc:  # pull request #13 has only the operator's approval
        workflow.approve_github(repo, settings, ID, githubkit.reviews("reviews-approved-by-operator.json", head),
                                approval.parse_pull(thirteen, "pull.json"), base=base)
    assert messages(exc.value.findings)[0].startswith("pull request #13 has no review by a person with the role "
                                                      "kasubag_ptip")


# --- trust settings from the base ----------------------------------------------------------


def test_trust_settings_come_from_the_base_commit(repo: Path, settings: config.Settings):
    base = git(repo, "rev-parse", "HEAD").strip()
    config_path = repo / "site_config" / "pipeline.yml"
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("github: dewi-ptip-pyk", "github: budi-kawan-pyk")
                           .replace("mode: github", "mode: local")
                           .replace("  - Kegiatan\n", "  - Kegiatan\n  - Penghargaan\n"), encoding="utf-8")
    tree = config.load_settings(repo)
    trusted = approval.trusted_settings(repo, tree, base)
    assert tree.person_by_github("budi-kawan-pyk").id == "dewi"
    assert trusted.person_by_github("budi-kawan-pyk") is None
    assert trusted.person_by_github("dewi-ptip-pyk").id == "dewi"
    assert trusted.approval.mode == "github"
    assert "Penghargaan" in trusted.categories  # everything else is the tree's


@pytest.mark.parametrize("base, message", [
    ("no-such-commit", "the trust base 'no-such-commit' is not a commit of this repository"),
    ("--output=/tmp/x", "the trust base '--output=/tmp/x' is not a commit of this repository"),
    ("EMPTY", "the trust base has no site_config/pipeline.yml"),
])
def test_an_unusable_trust_base_trusts_nothing(repo: Path, settings: config.Settings, base: str, message: str):
    if base == "EMPTY":
        tree = git(repo, "hash-object", "-w", "-t", "tree", "/dev/null").strip()  # the empty tree
        base = git(repo, "commit-tree", tree, "-m", "empty").strip()
    with pytest.raises(ConfigError) as exc:
        approval.trusted_settings(repo, settings, base)
    assert exc.value.findings[0].message == message


# --- the digest ----------------------------------------------------------------------------


def test_the_digest_covers_privacy_accepted(repo: Path):
    draftkit.write(repo, "corrected", summary=draftkit.SUMMARY, body=draftkit.NARRATIVE)
    draft = drafts.load(repo, ID)

    def digest(data) -> str:
        return approval.content_digest(data, draft.meta, draft.body, lambda file: b"photo")

    plain = digest({})
    assert digest({"privacy_accepted": []}) == plain  # absent and empty digest alike
    accepted = digest({"privacy_accepted": [{"text": "Tergugat", "reason": "peran, bukan nama"}]})
    assert accepted != plain
    assert digest({"privacy_accepted": [{"reason": "peran, bukan nama", "text": "Tergugat"}]}) == accepted
    assert digest({"privacy_accepted": [{"text": "Tergugat", "reason": "lain"}]}) != accepted


# --- the journey outside GitHub ------------------------------------------------------------


def run(repo: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["--root", str(repo), *args], env=env)


def test_the_whole_journey_outside_github(repo: Path, tmp_path: Path, monkeypatch):
    """`pipeline new` to a published post, with what the workflow holds supplied as files and variables."""
    draft_id = "2026-11-20-rapat-evaluasi-kinerja-bulan-november-2026"
    camera = tmp_path / "kamera"
    draftkit.photo(camera / "IMG_0001.jpg", size=(800, 600), exif=True)
    result = run(repo, "new", "--title", "Rapat Evaluasi Kinerja Bulan November 2026", "--date", "2026-11-20",
                 "--reporter", "rina", "--location", "Ruang Rapat Utama", "--category", "Rapat",
                 "--photos", str(camera))
    assert result.exit_code == 0, result.output
    path = repo / "drafts" / draft_id / "index.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("caption: ''", "caption: Ketua membuka rapat evaluasi kinerja", 1)
    text = text.replace("alt: ''", "alt: Ketua Pengadilan berbicara di podium ruang rapat", 1)
    text = text.replace("selected: false", "selected: true", 1)
    path.write_text(text, encoding="utf-8")
    assert run(repo, "advance", draft_id, "--to", "selected", "--by", "rina").exit_code == 0
    text = path.read_text(encoding="utf-8").replace("summary: ''", f"summary: {draftkit.SUMMARY}", 1)
    path.write_text(text + draftkit.NARRATIVE, encoding="utf-8")
    for step, by in (("narrated", "rina"), ("corrected", "dewi")):
        result = run(repo, "advance", draft_id, "--to", step, "--by", by)
        assert result.exit_code == 0, result.output
    # the pull request: a branch, reviewed at its head, merged
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "switch", "-q", "-c", "liputan")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Liputan")
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "switch", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request #12", "liputan")
    reviews = githubkit.write_payload(tmp_path / "github", "reviews-approved.json", head)
    # the Kasubag reviews now, after the correction (the recording is older than today's steps)
    now = datetime.now(timezone.utc)
    reviews.write_text(reviews.read_text(encoding="utf-8").replace(
        "2026-11-20T05:02:47Z", now.strftime("%Y-%m-%dT%H:%M:%SZ")), encoding="utf-8")
    pull = githubkit.write_payload(tmp_path / "github", "pull-12-merged.json", head)
    files = ["--reviews", str(reviews), "--pull", str(pull)]
    # without the key: refused, and nothing changes
    result = run(repo, "--trust-base", base, "approve", draft_id, *files, env={approval.KEY_ENV: ""})
    assert result.exit_code == 2 and "PIPELINE_APPROVAL_KEY is not set: the approval cannot be signed" in result.output
    result = run(repo, "approve", draft_id, *files, env={approval.BASE_ENV: base})
    assert result.exit_code == 0, result.output
    assert "approved by dewi" in result.output
    result = run(repo, "publish", env={approval.KEY_ENV: ""})
    assert result.exit_code == 1 and "PIPELINE_APPROVAL_KEY is not set" in result.output
    assert drafts.load(repo, draft_id).status is Step.APPROVED
    result = run(repo, "publish", env={approval.BASE_ENV: base})
    assert result.exit_code == 0, result.output
    post = repo / "content" / "berita" / "posts" / draft_id / "index.md"
    assert "Ketua membuka rapat evaluasi kinerja" in post.read_text(encoding="utf-8")
    assert drafts.load(repo, draft_id).status is Step.PUBLISHED
    result = run(repo, "check", str(repo / "drafts" / draft_id))
    assert result.exit_code == 0, result.output


# --- one home for the rules --------------------------------------------------------------


def _imports(module: str) -> set[str]:
    import ast

    tree = ast.parse((Path(__file__).resolve().parent.parent / "pipeline" / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):  # lazy imports inside functions count too
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
    return found


def test_checks_and_workflow_do_not_import_each_other():
    """Step rules live in steps.py, approval rules in approval.py: both use them, neither imports the other."""
    assert "workflow" not in _imports("checks")
    assert {"steps", "approval"} <= _imports("checks")
    assert "checks" not in _imports("approval") and "workflow" not in _imports("approval")
    assert "checks" not in _imports("steps") and "workflow" not in _imports("steps")
