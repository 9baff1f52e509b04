"""Privacy rules (pipeline/privacy.py): the labelled corpus, the public-name tests, findings, fixes, exceptions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import checks, config, privacy

CORPUS = Path(__file__).parent / "data" / "privacy" / "corpus.jsonl"
ROWS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def settings() -> config.Settings:
    """The sample court's settings, read once: these tests write no files."""
    return config.load_settings(Path(__file__).resolve().parent / "fixture_court")


def _rules(text: str, settings: config.Settings) -> list[str]:
    return [hit.rule for hit in privacy.scan(text, settings)]


def test_corpus_is_large_and_labelled():
    kinds = {r["kind"] for r in ROWS}
    assert len(ROWS) >= 150
    assert kinds >= {"clean", "email", "phone", "nik", "case", "party", "bin", "name", "address", "parents", "child",
                     "witness"}
    for row in ROWS:
        for plant in row["plants"]:
            assert row["text"][plant["start"]:plant["end"]] == plant["text"], row["id"]


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_corpus_recall_and_false_positives(settings: config.Settings, split: str):
    """Per kind at least 0.95 of the plants caught (a finding overlaps the span); at most 0.05 of clean texts flagged."""
    rows = [r for r in ROWS if r["split"] == split]
    caught: dict[str, list[int]] = {}
    flagged = clean = 0
    for row in rows:
        spans = [span for hit in privacy.scan(row["text"], settings) for span in hit.covers()]
        if row["kind"] == "clean":
            clean += 1
            flagged += bool(spans)
            continue
        for plant in row["plants"]:
            hit = any(s < plant["end"] and plant["start"] < e for s, e in spans)
            caught.setdefault(plant["kind"], [0, 0])[0] += hit
            caught[plant["kind"]][1] += 1
    recall = {kind: got / total for kind, (got, total) in caught.items()}
    assert all(value >= 0.95 for value in recall.values()), recall
    assert clean >= 10 and flagged / clean <= 0.05, (flagged, clean)


@pytest.mark.parametrize("text", [
    "Sidang perkara Nomor 235/Pdt.G/2025/PA.Pst dipandu oleh Hakim Mediator Ridwan Fariz Maulana, S.H. di ruang mediasi.",
    "Perkara 12/Pdt.G/2025/PA.Pyk diperiksa majelis yang diketuai Drs. H. Amril, M.H. bersama Regno. Syafri Yusuf, S.H.",
    "Para pihak yang disebut dengan inisial JAM dan MAH hadir dalam perkara 9/Pdt.G/2025/PA.Pyk.",
    "Pemohon S.A. dan Termohon R.M. hadir; Penggugat dan Tergugat didampingi kuasa hukumnya.",
    "Sidang isbat nikah di Kabupaten Lima Puluh Kota dan Tanah Datar, di Masjid Raya Bukittinggi, Jalan Sudirman.",
    "Hubungi kami di (0752) 7970992 atau pa.payakumbuh@pta-padang.go.id, Jln. Soekarno - Hatta No. 214, Payakumbuh.",
    "Pengadilan Tinggi Agama Padang menerima 40 perkara banding, antara lain 33/Pdt.G/2025/PTA.Pdg.",
    "Bupati Lima Puluh Kota, Safaruddin Dt. Bandaro Rajo, dan Ketua PA, Ahmad Fauzi, membuka sidang isbat nikah.",
    "Pukul 08.00 - 12.00 - 13.30 WIB sidang berlangsung; NIP 198503102010011001; Rp 1.500.000.",
    # a lawyer after `kuasa hukum Penggugat`, a venue's address, famous names, a hearing led by a judge
    "Kuasa hukum Penggugat, Hendra Wijaya, S.H., menyerahkan bukti dalam perkara cerai gugat itu.",
    "Kantor Pengadilan Agama Bukittinggi beralamat di Jalan Sudirman No. 5, Kelurahan Aur Kuning, Kota Bukittinggi.",
    "Dalam tausiyah isbat nikah, penceramah mengisahkan Siti Khadijah dan Ali bin Abi Thalib.",
    "Perkara 7/Pdt.G/2025/PA.Pyk dipimpin oleh H. Zulkifli Amri; Zulkifli Amri lalu menunda sidang cerai itu.",
    "Panitera Pengganti perkara 9/Pdt.G/2025/PA.Pdg adalah Ramadhani Putra, S.H. Putusan dibacakan hari itu.",
])
def test_public_and_harmless_texts_pass(settings: config.Settings, text: str):
    assert privacy.scan(text, settings) == []


@pytest.mark.parametrize("text, rule_id, found", [
    ("Dalam perkara ini pemohon, yakni Ibu Rosmawati, hadir sendiri.", "privacy.party", "Ibu Rosmawati"),
    ("Penggugatnya, Sri Wahyuni, keberatan.", "privacy.party", "Sri Wahyuni"),
    ("Terbanding Siti Rahmah tidak hadir.", "privacy.party", "Siti Rahmah"),
    ("Pemohon I bernama Ahmad dan Pemohon II bernama Nurhasanah hadir.", "privacy.party", "Ahmad"),
    ("Yang hadir Siti Aminah binti Ahmad dari Jorong Koto Tuo.", "privacy.name", "Siti Aminah binti Ahmad"),
    ("Saksi bernama Hendri Gusnadi menerangkan.", "privacy.witness", "Hendri Gusnadi"),
    ("Ia anak dari pasangan Syafrizal dan Yusniar.", "privacy.parent", "Syafrizal"),
    ("Hak asuh anak bernama Zahra Aulia ditetapkan.", "privacy.child", "Zahra Aulia"),
    ("Penggugat beralamat di Jalan Melati No. 12 RT 02 RW 03, Kota Payakumbuh.", "privacy.address",
     "Jalan Melati No. 12 RT 02 RW 03"),
    ("NIK 13.11.03.600391.0001 tercantum.", "privacy.nik", "13.11.03.600391.0001"),
    ("Hubungi 0812 - 6634 - 1030.", "privacy.phone", "0812 - 6634 - 1030"),
    ("Perkara 5/Pdt.G/2025/PA.Pyk diputus. Majelis memutus perceraian Yulia Fitriani dengan suaminya.", "privacy.case",
     "Yulia Fitriani"),
    ("Rosmaniar (45), warga Payakumbuh, mengaku senang.", "privacy.name", "Rosmaniar"),
    ("Hakim PA, Rizka Amelia, S.H., M.H. Domisili termohon di Jl. Diponegoro No. 17 B, Kelurahan Kampung Jao, "
     "Kota Padang.", "privacy.address", "Jl. Diponegoro No. 17 B, Kelurahan Kampung Jao"),
    ("Gugatan itu diajukan oleh Rosmaini Yusuf setelah suaminya pergi.", "privacy.name", "Rosmaini Yusuf"),
    ("Kapolres AKBP Rendi Pratama hadir; Tergugat Ahmad Zaki bin Umar tidak hadir.", "privacy.party",
     "Ahmad Zaki bin Umar"),
])
def test_each_kind_is_found(settings: config.Settings, text: str, rule_id: str, found: str):
    hits = privacy.scan(text, settings)
    assert (rule_id, found) in [(h.rule, h.text) for h in hits], hits


def test_people_are_public_by_full_name_not_first_name(settings: config.Settings):
    """`Dewi Kartika` is staff; `Tergugat Dewi Sartika` is a party; an official listed in pipeline.yml is public."""
    assert _rules("Materi disampaikan Kasubag PTIP, Dewi Kartika, S.T., kepada peserta sidang isbat nikah.", settings) == []
    assert _rules("Tergugat Dewi Sartika tidak hadir.", settings) == ["privacy.party"]
    text = "Perkara 7/Pdt.G/2025/PA.Pyk. Majelis memutus perceraian itu bersama Yusri Handayani."
    assert _rules(text, settings) == ["privacy.case"]
    listed = settings.model_copy(update={"officials": [config.Official(name="Dra. Yusri Handayani, M.H.",
                                                                       position="Hakim")]})
    assert _rules(text, listed) == []


def test_officials_setting_is_validated(repo: Path):
    path = repo / "site_config" / "pipeline.yml"
    path.write_text(path.read_text() + "officials:\n  - name: X\n")
    with pytest.raises(config.ConfigError) as exc:
        config.load_settings(repo)
    assert [f.field for f in exc.value.findings] == ["officials[0].name"]


def test_finding_masks_explains_and_suggests(settings: config.Settings):
    found = privacy.privacy_text("Pemohon yaitu Siti Aminah binti Ahmad hadir.", settings, "x.md", lambda _o: 3, "")
    assert [(f.rule, f.line) for f in found] == [("privacy.party", 3)]
    assert found[0].message == ("a party named: Si** Am**** bi*** Ah*** (Pemohon); parties are named only by "
                                "initials or role")
    assert found[0].hint == "name the party by role only, or by initials: SA"
    assert "Siti" not in found[0].text()


def test_fix_text_applies_the_suggestions(settings: config.Settings):
    text = ("Pemohon yaitu Siti Aminah binti Ahmad, beralamat di Jalan Melati No. 12 RT 02 RW 03, Kota Payakumbuh, "
            "dapat dihubungi di 0812-6634-1030.")
    fixed, applied = privacy.fix_text(text, settings)
    assert fixed == ("Pemohon yaitu SA, beralamat di Kota Payakumbuh, dapat dihubungi di [phone number removed].")
    assert [h.rule for h in applied] == ["privacy.party", "privacy.address", "privacy.phone"]
    assert privacy.scan(fixed, settings) == []


def test_accepted_text_is_not_reported(settings: config.Settings):
    text = "Warga Nagari, Rahmat Fauzan (54), menjadi narasumber."
    assert _rules(text, settings) == ["privacy.name"]
    reported, passed = privacy.hits_in(text, settings, {"Rahmat Fauzan"})
    assert reported == [] and [h.text for h in passed] == ["Rahmat Fauzan"]
    assert privacy.hits_in(text, settings, {"Rahmat"})[0] != []  # only the exact text


def test_rules_are_listed(settings: config.Settings):
    for rule_id in privacy.WHY:
        assert rule_id in checks.RULES


def test_fix_privacy_shows_the_diff_and_writes_only_with_yes(repo: Path):
    """`check --fix-privacy DRAFT`: a diff and exit 1 without --yes (file unchanged); with --yes only the body changes."""
    import draftkit
    from click.testing import CliRunner

    from pipeline.cli import cli

    body = draftkit.NARRATIVE.replace("dengan doa bersama.", "dengan doa bersama. Pemohon yaitu Siti Aminah binti "
                                      "Ahmad hadir; nomornya 0812-6634-1030.")
    path = draftkit.write(repo, "narrated", body=body,
                          summary="Pemohon Siti Aminah hadir dalam sidang isbat nikah terpadu bersama puluhan "
                                  "pasangan lainnya.")
    before = path.read_text()
    run = lambda *args: CliRunner().invoke(cli, ["--root", str(repo), "check", "--fix-privacy", *args],
                                           env={"PIPELINE_LANG": "en"})
    result = run(str(path.parent))
    assert result.exit_code == 1, result.output
    assert "-Kegiatan ditutup pukul 11.00 WIB dengan doa bersama. Pemohon yaitu Siti Aminah binti Ahmad" in result.output
    assert "+Kegiatan ditutup pukul 11.00 WIB dengan doa bersama. Pemohon yaitu SA hadir; nomornya " \
           "[phone number removed]." in result.output
    assert "not written; run again with --yes" in result.output
    assert "summary: a party named: Si** Am****" in result.output  # the front matter is left to a person
    assert path.read_text() == before
    result = run("--yes", str(path.parent))
    after = path.read_text()
    assert result.exit_code == 1 and "2 change(s) written" in result.output  # the summary is still to fix
    head = before[:before.index("Kegiatan ditutup")]
    assert after.startswith(head) and "Pemohon yaitu SA hadir" in after and "Siti Aminah binti" not in after
    assert run(str(path.parent)).output.startswith(f"drafts/{draftkit.DRAFT_ID}/index.md: no privacy finding")


@pytest.mark.lang("id")
def test_findings_and_replacements_are_indonesian_by_default(settings: config.Settings):
    found = privacy.privacy_text("Saksi bernama Hendri Gusnadi hadir, HP 0812-6634-1030.", settings, "x.md",
                                 lambda _o: 1, "")
    assert [f.message for f in found] == [
        "nama saksi disebut: He**** Gu*****; identitas saksi tidak boleh dapat dikenali",
        "nomor telepon 0812-****-**30: menghubungkan ke orang pribadi"]
    assert found[0].hint == "tulis inisial saksi HG, atau cukup `saksi`"
    assert privacy.fix_text("HP 0812-6634-1030.", settings)[0] == "HP [nomor telepon dihapus]."


ACCEPTED = ("privacy_accepted:\n  - text: Rahmat Fauzan\n    reason: narasumber dari Universitas Andalas, bukan pihak\n")


def _draft_with_accepted(repo: Path, accepted: str = ACCEPTED) -> Path:
    import draftkit

    body = draftkit.NARRATIVE.replace("dengan doa bersama.", "dengan doa bersama. Salah satu peserta, Rahmat Fauzan, "
                                      "memberi sambutan.")
    return draftkit.write(repo, "narrated", body=body, extra=accepted)


def test_accepted_item_passes_check_and_is_covered_by_the_digest(repo: Path):
    """The accepted text passes `check`; the list is part of the approval digest; the evidence page shows it."""
    from pipeline import drafts, evidence, workflow

    import draftkit

    settings = config.load_settings(repo)
    path = _draft_with_accepted(repo, "")
    assert [f.rule for f in checks.check_paths(repo, settings) if f.rule.startswith("privacy.")] == ["privacy.name"]
    plain = workflow.approval_digest(drafts.load(repo, draftkit.DRAFT_ID))
    path = _draft_with_accepted(repo)
    assert [f.rule for f in checks.check_paths(repo, settings) if f.rule.startswith("privacy.")] == []
    draft = drafts.load(repo, draftkit.DRAFT_ID)
    accepted = workflow.approval_digest(draft)
    assert accepted != plain
    path.write_text(path.read_text().replace("bukan pihak", "bukan pihak perkara"))
    assert workflow.approval_digest(drafts.load(repo, draftkit.DRAFT_ID)) != accepted  # the reason is approved too
    page = evidence.draft_page(repo, settings, draftkit.DRAFT_ID)
    assert "<td>Rahmat Fauzan</td><td>narasumber dari Universitas Andalas, bukan pihak perkara</td>" \
           "<td>privacy.name</td>" in page


def test_accepted_item_needs_text_and_reason(repo: Path):
    settings = config.load_settings(repo)
    _draft_with_accepted(repo, "privacy_accepted:\n  - text: Rahmat Fauzan\n")
    found = [f for f in checks.check_paths(repo, settings) if f.rule == "schema"]
    assert [f.field for f in found] == ["privacy_accepted[0].reason"]
