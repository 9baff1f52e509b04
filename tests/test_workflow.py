"""The state machine: every pair of statuses, roles, requirements, minimal diffs, approval from GitHub reviews."""

from __future__ import annotations

import difflib
import itertools
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

import draftkit
import githubkit
from conftest import git
from pipeline import checks, config, drafts, workflow
from pipeline.config import Approval, Step
from pipeline.findings import PipelineError

DATA = Path(__file__).parent / "data" / "github"
ID = draftkit.DRAFT_ID


@pytest.fixture
def local(settings: config.Settings) -> config.Settings:
    return settings.model_copy(update={"approval": Approval(mode="local")})


def reviews(name: str) -> list[workflow.Review]:
    path = DATA / name
    return workflow.parse_reviews(path.read_text(), f"tests/data/github/{name}")


def full(repo: Path, status: str) -> Path:
    """A draft at `status` whose content already meets every requirement."""
    return draftkit.write(repo, status, summary=draftkit.SUMMARY, body=draftkit.NARRATIVE)


def at_status(repo: Path, settings: config.Settings, status: Step) -> drafts.Draft:
    """A draft brought to `status` through the real steps where approval is involved."""
    if status in (Step.APPROVED, Step.PUBLISHED):
        full(repo, "corrected")
        draft = githubkit.approve(repo, settings, ID)
        if status is Step.PUBLISHED:
            draft = workflow.mark_published(draft, "rina", settings=settings)
        return draft
    full(repo, status.value)
    return drafts.load(repo, ID)


def _messages(exc: pytest.ExceptionInfo) -> list[str]:
    return [f.message for f in exc.value.findings]


# --- the transitions table -------------------------------------------------------------

EXPECTED = {
    (Step.COLLECTED, Step.SELECTED), (Step.SELECTED, Step.NARRATED), (Step.NARRATED, Step.CORRECTED),
    (Step.CORRECTED, Step.APPROVED), (Step.APPROVED, Step.PUBLISHED),
    (Step.CORRECTED, Step.NARRATED), (Step.APPROVED, Step.NARRATED), (Step.PUBLISHED, Step.NARRATED),
}


def test_transitions_table_is_the_designed_one():
    assert {(a, b) for a, targets in workflow.TRANSITIONS.items() for b in targets} == EXPECTED


def _take(repo: Path, settings: config.Settings, draft: drafts.Draft, to: Step) -> drafts.Draft:
    """Take the step to `to` through the public operation a person (or publish) would use."""
    if to is Step.APPROVED:
        if draft.status is Step.APPROVED:
            return githubkit.approve_again(repo, settings, draft)
        return githubkit.approve(repo, settings, ID)
    if to is Step.PUBLISHED:
        return workflow.mark_published(draft, "rina", settings=settings)
    if to is Step.NARRATED and draft.status in (Step.CORRECTED, Step.APPROVED):
        return workflow.return_to(repo, settings, ID, to, "dewi", "Perbaiki keterangan foto")
    if to is Step.NARRATED and draft.status is Step.PUBLISHED:
        return workflow.mark_unpublished(draft, "dewi", "Keluhan privasi", settings=settings)
    by = {Step.CORRECTED: "dewi"}.get(to, "rina")
    return workflow.advance(repo, settings, ID, to, by)


@pytest.mark.parametrize("old, new", list(itertools.product(Step, Step)), ids=lambda s: s.value)
def test_every_pair_of_statuses(repo: Path, settings: config.Settings, old: Step, new: Step):
    draft = at_status(repo, settings, old)
    before = draft.path.read_bytes()
    if (old, new) in EXPECTED:
        after = _take(repo, settings, draft, new)
        assert after.status is new
        assert len(after.meta.history) == len(draft.meta.history) + 1
        assert workflow.status_after(after.meta.history[-1].step) is new
        assert checks.check_draft(repo, settings, drafts.reload(after)) == [] or new is Step.PUBLISHED
    elif (old, new) == (Step.APPROVED, Step.APPROVED):
        _take(repo, settings, draft, new)  # approving again with the same review is a no-op
        assert draft.path.read_bytes() == before
    else:
        with pytest.raises(PipelineError):
            _take(repo, settings, draft, new)
        assert draft.path.read_bytes() == before
    if (old, new) not in EXPECTED:
        with pytest.raises(PipelineError):
            workflow.record_step(draft, new, "rina", settings=settings)
        assert draft.path.read_bytes() == before


# --- advance ---------------------------------------------------------------------------


def test_advance_writes_only_the_status_and_one_history_line(repo: Path, settings: config.Settings):
    path = full(repo, "selected")
    before = path.read_text()
    at = datetime(2026, 11, 20, 11, 40, tzinfo=draftkit.WIB)
    workflow.advance(repo, settings, ID, Step.NARRATED, "fajar", at=at)
    after = path.read_text()
    diff = [l for l in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    assert diff == ["-status: selected", "+status: narrated",
                    "+  - {step: narrated, by: fajar, at: 2026-11-20T11:40:00+07:00}"]
    assert after.endswith(draftkit.NARRATIVE)
    assert "# appended by the pipeline, never edited by hand" in after


def test_history_times_are_in_the_courts_time_zone(repo: Path, settings: config.Settings):
    full(repo, "selected")
    utc_time = datetime(2026, 11, 20, 4, 40, tzinfo=draftkit.timezone.utc)
    draft = workflow.advance(repo, settings, ID, Step.NARRATED, "rina", at=utc_time)
    assert "at: 2026-11-20T11:40:00+07:00}" in draft.path.read_text()
    live = workflow.advance(repo, settings, ID, Step.CORRECTED, "dewi")
    assert live.meta.history[-1].at.utcoffset() == timedelta(hours=7)


def test_refusal_lists_everything_missing(repo: Path, settings: config.Settings):
    draftkit.write(repo, "selected", summary="''", body="Terlalu pendek.\n")
    with pytest.raises(PipelineError) as exc:
        workflow.advance(repo, settings, ID, Step.NARRATED, "dewi")
    fields = {f.field: f.message for f in exc.value.findings}
    assert fields["by"] == "dewi has the role kasubag_ptip; the step narrated needs the role operator"
    assert fields["summary"] == "a summary is required once the draft is narrated"
    assert fields["body"] == "the narrative has 2 words; it needs at least 120"


def test_refused_out_of_order_and_unknown_person(repo: Path, settings: config.Settings):
    full(repo, "collected")
    with pytest.raises(PipelineError) as exc:
        workflow.advance(repo, settings, ID, Step.CORRECTED, "budi")
    assert _messages(exc) == [
        "a collected draft cannot go to corrected; it can go forward to selected",
        "'budi' is not a person in site_config/pipeline.yml (people: rina, fajar, dewi, hendra, ketua)",
    ]


def test_selected_needs_caption_and_alt(repo: Path, settings: config.Settings):
    photos = ("  - file: photos/foto-1.jpg\n    caption: ''\n    alt: ''\n    selected: true")
    draftkit.write(repo, "collected", photos=photos)
    with pytest.raises(PipelineError) as exc:
        workflow.advance(repo, settings, ID, Step.SELECTED, "rina")
    assert {f.field: f.message for f in exc.value.findings} == {
        "photos[0].caption": "missing caption for a selected photo",
        "photos[0].alt": "missing alt text for a selected photo",
    }


def test_corrected_needs_every_check_to_pass(repo: Path, settings: config.Settings):
    draftkit.write(repo, "narrated", body=draftkit.NARRATIVE.replace(
        "dengan doa bersama", "dengan doa bersama; hubungi 0812-3456-7890"))
    with pytest.raises(PipelineError) as exc:
        workflow.advance(repo, settings, ID, Step.CORRECTED, "hendra")
    assert [f.rule for f in exc.value.findings] == ["privacy.phone"]


def test_approval_and_publishing_are_not_advance_steps(repo: Path, settings: config.Settings):
    full(repo, "corrected")
    with pytest.raises(PipelineError) as exc:
        workflow.advance(repo, settings, ID, Step.APPROVED, "dewi")
    assert "use `pipeline approve`" in exc.value.findings[0].hint
    with pytest.raises(PipelineError) as exc:
        workflow.advance(repo, settings, ID, Step.PUBLISHED, "rina")
    assert "pipeline publish" in exc.value.findings[0].hint


# --- return ----------------------------------------------------------------------------


def test_return_records_the_reason_and_voids_the_approval(repo: Path, settings: config.Settings):
    draft = at_status(repo, settings, Step.APPROVED)
    assert draft.meta.approved_by == "dewi"
    back = workflow.return_to(repo, settings, ID, Step.NARRATED, "hendra", "Sebutkan jumlah peserta")
    assert back.status is Step.NARRATED
    assert back.meta.history[-1].reason == "Sebutkan jumlah peserta"
    assert back.meta.history[-1].by == "hendra"
    text = back.path.read_text()
    assert "approved_by" not in text and "approval_digest" not in text
    assert "{step: approved, by: dewi" in text  # history is kept
    assert checks.check_draft(repo, settings, back) == []


@pytest.mark.parametrize("status, by, reason, message", [
    (Step.CORRECTED, "rina", "alasan", "rina has the role operator; returning a draft needs the role kasubag_ptip or sekretaris"),
    (Step.CORRECTED, "dewi", "  ", "a return needs a reason"),
    (Step.NARRATED, "dewi", "alasan", "a narrated draft cannot be returned to narrated; only a corrected or approved draft goes back, to narrated"),
])
def test_return_refusals(repo: Path, settings: config.Settings, status: Step, by: str, reason: str, message: str):
    full(repo, status.value)
    with pytest.raises(PipelineError) as exc:
        workflow.return_to(repo, settings, ID, Step.NARRATED, by, reason)
    assert message in _messages(exc)


# --- approval from GitHub reviews -------------------------------------------------------


def test_approved_by_the_kasubags_latest_review(repo: Path, settings: config.Settings):
    full(repo, "corrected")
    draft = githubkit.approve(repo, settings, ID)
    meta = draft.meta
    assert (meta.status, meta.approved_by, meta.approval_pr, meta.approval_review) == (Step.APPROVED, "dewi", 12, 2301003)
    assert (meta.approval_login, meta.approval_commit) == ("dewi-ptip-pyk", git(repo, "rev-parse", "HEAD").strip())
    assert meta.approval_signature.startswith("hmac-sha256:")
    assert meta.approved_at.isoformat() == "2026-11-20T12:02:47+07:00"
    assert meta.approval_digest == workflow.approval_digest(draft)
    assert meta.history[-1].model_extra == {"pr": 12, "review": 2301003}
    assert workflow.approval_is_valid(draft, settings)
    assert checks.check_draft(repo, settings, draft) == []


def test_approving_again_with_the_same_review_changes_nothing(repo: Path, settings: config.Settings):
    full(repo, "corrected")
    draft = githubkit.approve(repo, settings, ID)
    before = draft.path.read_bytes()
    githubkit.approve_again(repo, settings, draft)
    assert draft.path.read_bytes() == before


@pytest.mark.parametrize("name, message", [
    ("reviews-changes-requested-after-approval.json",
     "the latest review by dewi-ptip-pyk on pull request #12 (2026-11-20T06:15:03+00:00) is CHANGES_REQUESTED, not APPROVED"),
    ("reviews-approved-by-operator.json",
     "pull request #12 has no review by a person with the role kasubag_ptip; rina-pa-pyk (rina, role operator) "
     "approved but approval needs the role kasubag_ptip; someone-else approved but is not in site_config/pipeline.yml"),
    ("reviews-dismissed.json",
     "the latest review by dewi-ptip-pyk on pull request #12 (2026-11-20T05:02:47+00:00) is DISMISSED, not APPROVED"),
    ("reviews-pending.json", "pull request #12 has no review by a person with the role kasubag_ptip"),
])
def test_approval_refused(repo: Path, settings: config.Settings, name: str, message: str):
    path = full(repo, "corrected")
    before = path.read_bytes()
    base, head = githubkit.commit_draft(repo)
    with pytest.raises(PipelineError) as exc:
        workflow.approve_github(repo, settings, ID, githubkit.reviews(name, head), githubkit.pull(head), base=base)
    assert _messages(exc) == [message]
    assert path.read_bytes() == before


def test_approval_on_an_older_commit_is_refused(repo: Path, settings: config.Settings):
    full(repo, "corrected")
    base, head = githubkit.commit_draft(repo)
    with pytest.raises(PipelineError) as exc:  # the review as recorded, on another commit than the head
        workflow.approve_github(repo, settings, ID, githubkit.reviews("reviews-approved.json"), githubkit.pull(head),
                                base=base)
    assert _messages(exc) == [f"the approving review is on commit 9f2c4e1d8b7a but the pull request is now at "
                              f"{head[:12]}; changes after the review are not approved"]


def test_review_older_than_the_correction_is_refused(repo: Path, settings: config.Settings):
    draftkit.write(repo, "corrected", summary=draftkit.SUMMARY, body=draftkit.NARRATIVE,
                   history_text=draftkit.history("corrected", start=datetime(2026, 11, 20, 12, 0, tzinfo=draftkit.WIB)))
    with pytest.raises(PipelineError) as exc:
        githubkit.approve(repo, settings, ID)
    assert "it did not see the corrected draft" in _messages(exc)[0]


@pytest.mark.parametrize("change", ["narrative", "caption", "photo bytes"])
def test_content_changed_after_approval_voids_it(repo: Path, settings: config.Settings, change: str):
    draft = at_status(repo, settings, Step.APPROVED)
    text = draft.path.read_text()
    if change == "narrative":
        draft.path.write_text(text.replace("doa bersama", "doa dan makan bersama"))
    elif change == "caption":
        draft.path.write_text(text.replace("Ketua membuka rapat", "Ketua menutup rapat"))
    else:
        draftkit.photo(draft.folder / "photos" / "foto-1.jpg", color=(0, 0, 0))
    changed = drafts.reload(draft)
    assert not workflow.approval_is_valid(changed, settings)
    [finding] = [f for f in checks.check_draft(repo, settings, changed) if f.rule == "approval"]
    assert finding.field == "approval_digest"
    assert finding.message == "the narrative or the selected photos changed after approval; the approval is void"
    with pytest.raises(PipelineError):
        workflow.mark_published(changed, "rina", settings=settings)


def test_unselected_photo_may_change_after_approval(repo: Path, settings: config.Settings):
    draft = at_status(repo, settings, Step.APPROVED)
    draftkit.photo(draft.folder / "photos" / "foto-2.jpg", color=(1, 2, 3))
    assert workflow.approval_is_valid(drafts.reload(draft), settings)


def test_hand_written_approved_status_is_rejected(repo: Path, settings: config.Settings):
    draftkit.write(repo, "approved", summary=draftkit.SUMMARY, body=draftkit.NARRATIVE)
    draft = drafts.load(repo, ID)
    found = {f.rule: f for f in checks.check_draft(repo, settings, draft)}
    assert found["approval"].message == ("status is approved but there is no approval record (approved_by, "
                                         "approved_at, approval_digest, approval_pr, approval_review, approval_login, "
                                         "approval_commit, approval_signature missing)")
    with pytest.raises(PipelineError):
        workflow.mark_published(draft, "rina", settings=settings)


def test_reviews_json_that_is_not_githubs(tmp_path: Path):
    with pytest.raises(PipelineError) as exc:
        workflow.parse_reviews('{"message": "Not Found"}', "reviews.json")
    assert _messages(exc) == ["expected a JSON list of reviews"]
    with pytest.raises(PipelineError) as exc:
        workflow.parse_reviews('[{"id": 1, "state": "APPROVED"}]', "reviews.json")
    assert exc.value.findings[0].field == "[0]"
    with pytest.raises(PipelineError) as exc:
        workflow.parse_reviews("[{", "reviews.json")
    assert exc.value.findings[0].message.startswith("not JSON")


def test_local_mode_approval(repo: Path, settings: config.Settings, local: config.Settings):
    full(repo, "corrected")
    with pytest.raises(PipelineError) as exc:
        workflow.approve_local(repo, settings, ID, "dewi")
    assert "approval mode is github" in _messages(exc)[0]
    with pytest.raises(PipelineError) as exc:
        workflow.approve_local(repo, local, ID, "hendra")
    assert _messages(exc) == ["hendra has the role sekretaris; approval needs the role kasubag_ptip"]
    draft = workflow.approve_local(repo, local, ID, "dewi")
    assert draft.meta.approved_by == "dewi" and draft.meta.approval_pr is None
    assert workflow.approval_is_valid(draft, local)
    assert checks.check_draft(repo, local, draft) == []
    # the same record is not enough where approval must come from GitHub
    assert not workflow.approval_is_valid(draft, settings)


# --- publish API ------------------------------------------------------------------------


def test_publish_and_unpublish_through_the_api(repo: Path, settings: config.Settings):
    draft = at_status(repo, settings, Step.APPROVED)
    published = workflow.mark_published(draft, workflow.SYSTEM_ACTOR, settings=settings, extra={"post": "berita/x"})
    assert published.status is Step.PUBLISHED
    assert published.meta.history[-1].model_extra == {"post": "berita/x"}
    assert checks.check_draft(repo, settings, published) == []
    with pytest.raises(PipelineError) as exc:
        workflow.mark_unpublished(published, "ketua", "", settings=settings)
    assert set(_messages(exc)) == {"a take-down needs a reason",
                                   "ketua has the role ketua; taking a post down needs the role kasubag_ptip "
                                   "or operator or sekretaris"}
    down = workflow.mark_unpublished(published, "dewi", "Keluhan privasi pihak", settings=settings)
    assert down.status is Step.NARRATED
    assert [h.step for h in down.meta.history][-2:] == ["published", "unpublished"]
    assert down.meta.approved_by is None
    assert checks.check_draft(repo, settings, down) == []


# --- new drafts -------------------------------------------------------------------------


def test_new_draft_brings_photos_in_and_passes_check(repo: Path, settings: config.Settings, tmp_path: Path):
    camera = tmp_path / "kamera"
    draftkit.photo(camera / "IMG_0001.jpg", size=(320, 240), exif=True)
    draftkit.photo(camera / "IMG_0002.JPG", size=(240, 320))
    (camera / "catatan.txt").write_text("bukan foto")
    originals = {p.name: p.read_bytes() for p in camera.iterdir()}
    at = datetime(2026, 11, 20, 10, 5, tzinfo=draftkit.WIB)
    draft = workflow.new_draft(repo, settings, title="Rapat Evaluasi Kinerja Bulan November 2026",
                               event_date=date(2026, 11, 20), reporter="rina", location="Ruang Rapat Utama",
                               category="Rapat", photos_dir=camera, at=at)
    assert draft.id == "2026-11-20-rapat-evaluasi-kinerja-bulan-november-2026"
    assert draft.status is Step.COLLECTED
    assert [p.file for p in draft.meta.photos] == ["photos/IMG_0001.jpg", "photos/IMG_0002.jpg"]
    assert "  - {step: collected, by: rina, at: 2026-11-20T10:05:00+07:00}" in draft.path.read_text()
    with Image.open(draft.folder / "photos" / "IMG_0001.jpg") as im:
        assert not im.getexif()
    assert {p.name: p.read_bytes() for p in camera.iterdir()} == originals  # copied, never moved
    assert checks.check_paths(repo, settings) == []


def test_new_draft_refusals_create_nothing(repo: Path, settings: config.Settings, tmp_path: Path):
    with pytest.raises(PipelineError) as exc:
        workflow.new_draft(repo, settings, title="Rapat Evaluasi", event_date=date(2999, 1, 1), reporter="dewi",
                           category="Olahraga")
    assert set(_messages(exc)) == {"dewi has the role kasubag_ptip; collecting coverage needs the role operator",
                                   "unknown category 'Olahraga'", "the event date 2999-01-01 is in the future"}
    camera = tmp_path / "kamera"
    draftkit.photo(camera / "IMG_0001.jpg")
    (camera / "IMG_0002.jpg").write_bytes(b"not a photo at all")
    with pytest.raises(PipelineError):
        workflow.new_draft(repo, settings, title="Rapat Evaluasi", event_date=date(2026, 11, 20), reporter="rina",
                           photos_dir=camera)
    assert [p.name for p in (repo / "drafts").iterdir()] == [".gitkeep"]


def test_new_draft_never_overwrites(repo: Path, settings: config.Settings):
    path = full(repo, "narrated")
    before = path.read_bytes()
    with pytest.raises(PipelineError) as exc:
        workflow.new_draft(repo, settings, title="Rapat Evaluasi Kinerja", event_date=date(2026, 11, 20),
                           reporter="rina")
    assert _messages(exc) == ["this draft already exists"]
    assert path.read_bytes() == before


# --- timing -----------------------------------------------------------------------------


def test_step_times_against_the_sop(repo: Path, settings: config.Settings):
    history = "\n".join([
        "  - {step: collected, by: rina, at: 2026-11-20T10:00:00+07:00}",
        "  - {step: selected, by: rina, at: 2026-11-20T10:45:00+07:00}",
        "  - {step: narrated, by: rina, at: 2026-11-20T12:30:00+07:00}",
        "  - {step: corrected, by: dewi, at: 2026-11-20T13:00:00+07:00}",
        "  - {step: narrated, by: dewi, at: 2026-11-20T13:20:00+07:00, reason: Perbaiki foto}",
    ])
    draftkit.write(repo, "narrated", history_text=history)
    times = workflow.step_times(drafts.load(repo, ID), settings)
    assert [(t.step, t.minutes, t.standard, t.on_time, t.sop_step) for t in times] == [
        ("collected", None, None, None, "G3"),
        ("selected", 45.0, 60, True, "G4"),
        ("narrated", 105.0, 60, False, "G5"),
        ("corrected", 30.0, 60, True, "G6"),
        ("narrated", 20.0, 60, True, "G6"),  # the return, against the approval step being worked on
    ]
    assert times[-1].returned and times[-1].working_on == "approved"


def test_status_rows_mark_overdue(repo: Path, settings: config.Settings):
    draftkit.write(repo, "selected")  # last step 10:30, now working on G5 (60 minutes)
    draftkit.write(repo, "narrated", draft_id="2026-11-21-apel-pagi")
    broken = repo / "drafts" / "2026-11-22-rusak"
    broken.mkdir()
    (broken / "index.md").write_text("---\n: [\n---\n")
    rows = {r.id: r for r in workflow.status_rows(repo, settings, at=datetime(2026, 11, 20, 11, 45, tzinfo=draftkit.WIB))}
    selected = rows[ID]
    assert (selected.status, selected.working_on, selected.elapsed_minutes, selected.standard_minutes) == (
        Step.SELECTED, Step.NARRATED, 75.0, 60)
    assert selected.overdue and selected.last_by == "rina"
    narrated = rows["2026-11-21-apel-pagi"]
    assert narrated.elapsed_minutes == 45.0 and not narrated.overdue
    assert rows["2026-11-22-rusak"].problem.startswith("invalid YAML")
    assert rows[ID].as_dict()["overdue"] is True


# --- the commands -------------------------------------------------------------------------


def _invoke(repo: Path, *args: str):
    from click.testing import CliRunner

    from pipeline.cli import cli

    return CliRunner().invoke(cli, ["--root", str(repo), *args])


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_new_then_check_is_clean(repo: Path, tmp_path: Path):
    import subprocess
    import sys

    camera = tmp_path / "kamera"
    draftkit.photo(camera / "IMG_0001.jpg", exif=True)
    result = _invoke(repo, "new", "--title", "Apel Pagi Disiplin Pegawai", "--date", "2026-11-03",
                     "--reporter", "fajar", "--category", "Pembinaan", "--photos", str(camera))
    assert result.exit_code == 0, result.output
    assert "Draf dibuat: " in result.output and "(1 foto), status collected." in result.output
    check = subprocess.run([sys.executable, "-m", "pipeline", "--root", str(repo), "check"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Tidak ada masalah ditemukan." in check.stdout


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_steps(repo: Path):
    full(repo, "selected")
    result = _invoke(repo, "advance", ID, "--to", "narrated", "--by", "dewi")
    assert result.exit_code == 1
    assert ("by: dewi berperan kasubag_ptip; langkah narrated memerlukan peran operator; minta petugas dengan peran "
            "itu mengambil langkah ini [workflow]") in result.output
    result = _invoke(repo, "advance", ID, "--to", "narrated", "--by", "rina")
    assert result.exit_code == 0 and f"{ID}: status narrated (oleh rina)." in result.output
    assert _invoke(repo, "advance", ID, "--to", "corrected", "--by", "hendra").exit_code == 0
    result = _invoke(repo, "return", ID, "--by", "dewi", "--reason", "Perbaiki keterangan foto")
    assert result.exit_code == 0 and "dikembalikan ke narrated oleh dewi" in result.output
    assert _invoke(repo, "advance", ID, "--to", "bogus", "--by", "rina").exit_code == 2


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_approve_in_github_mode(repo: Path, tmp_path: Path):
    full(repo, "corrected")
    base, head = githubkit.commit_draft(repo)
    pull = githubkit.write_payload(tmp_path, "pull-12-merged.json", head)
    refused = githubkit.write_payload(tmp_path, "reviews-changes-requested-after-approval.json", head)
    approving = githubkit.write_payload(tmp_path, "reviews-approved.json", head)
    assert _invoke(repo, "approve", ID, "--by", "dewi").exit_code == 2
    result = _invoke(repo, "approve", ID, "--reviews", str(approving), "--pull", str(pull))
    assert result.exit_code == 2 and "--trust-base" in result.output and "PIPELINE_TRUST_BASE" in result.output
    result = _invoke(repo, "--trust-base", base, "approve", ID, "--reviews", str(refused), "--pull", str(pull))
    assert result.exit_code == 1 and "is CHANGES_REQUESTED, not APPROVED" in result.output
    result = _invoke(repo, "--trust-base", base, "approve", ID, "--reviews", str(approving), "--pull", str(pull))
    assert result.exit_code == 0, result.output
    assert "disetujui oleh dewi pada 2026-11-20T12:02:47+07:00" in result.output


@pytest.mark.lang("id")  # asserts the Indonesian output
def test_cli_status_table_and_json(repo: Path):
    import json

    full(repo, "selected")  # its last step was days ago: overdue
    result = _invoke(repo, "status")
    assert result.exit_code == 0
    assert "TERLAMBAT" in result.output and "G5 narrated" in result.output
    assert "1 draf, 1 melewati standar waktu SOP." in result.output
    [row] = json.loads(_invoke(repo, "status", "--format", "json").output)
    assert (row["id"], row["status"], row["working_on"], row["standard_minutes"], row["overdue"]) == (
        ID, "selected", "narrated", 60, True)


def test_new_refuses_what_check_would_refuse(repo: Path, settings: config.Settings):
    """`new --help` promises a draft that passes `pipeline check`: a short title is refused, nothing is created."""
    with pytest.raises(PipelineError) as exc:
        workflow.new_draft(repo, settings, title="Apel Pagi", event_date=date(2026, 11, 3), reporter="rina")
    [finding] = exc.value.findings
    assert (finding.path, finding.field, finding.rule) == ("drafts/2026-11-03-apel-pagi/index.md", "title",
                                                           "narrative.title")
    assert finding.message == "title has 9 characters; it needs 10 to 120"
    assert [p.name for p in (repo / "drafts").iterdir()] == [".gitkeep"]
    result = _invoke(repo, "new", "--title", "Apel Pagi", "--date", "2026-11-03", "--reporter", "rina")
    assert result.exit_code == 1 and "title has 9 characters" in result.output
    assert "title_min" in _invoke(repo, "new", "--help").output


def test_advance_offers_only_its_three_statuses(repo: Path):
    full(repo, "corrected")
    help_text = " ".join(_invoke(repo, "advance", "--help").output.split())
    assert "[selected|narrated|corrected]" in help_text and "approved" not in help_text
    for status, command in (("approved", "approve"), ("published", "publish")):
        result = _invoke(repo, "advance", ID, "--to", status, "--by", "dewi")
        assert result.exit_code == 2
        assert f"is not taken with `advance`: use `pipeline {command}`" in result.output
    assert _invoke(repo, "advance", ID, "--to", "collected", "--by", "rina").exit_code == 2
