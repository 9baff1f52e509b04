"""Evidence for accreditation: what an assessor asks to see, as printable HTML in Bahasa Indonesia.

For one draft: the filled coverage form (the court's `codes.coverage_form` in
pipeline.yml) with title, date, place, reporter, narrative and the selected photos
with their captions, then the step history with each step's time against its SOP
standard, and the approval record. For a period: how many drafts, and per step how
many were on time and how many late. The page is self-contained (photos embedded as
small JPEGs, CSS inline) so it can be mailed, archived or printed as it is.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from . import drafts, workflow
from .approval import KEY_ENV, assess, signing_key
from .config import Settings, Step
from .drafts import Draft
from .findings import PipelineError
from .i18n import _

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
STATUS_ID = {
    "collected": "dikumpulkan", "selected": "diseleksi", "narrated": "dinarasikan", "corrected": "dikoreksi",
    "approved": "disetujui", "published": "ditayangkan", workflow.UNPUBLISHED: "diturunkan dari situs",
}
ROLE_ID = {"operator": "Operator/Admin", "kasubag_ptip": "Kasubag PTIP", "sekretaris": "Sekretaris",
           "ketua": "Ketua"}
ZONES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
THUMB_EDGE = 640

CSS = """
body { font-family: "Liberation Serif", "Times New Roman", serif; font-size: 11pt; margin: 2cm; color: #000; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 18pt 0 6pt; border-bottom: 1px solid #000; }
.kop { text-align: center; border-bottom: 3px double #000; padding-bottom: 6pt; margin-bottom: 12pt; }
.kop .court { font-size: 14pt; font-weight: bold; text-transform: uppercase; }
.code { text-align: right; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; text-align: left; }
table.form th { width: 28%; background: #f2f2f2; }
th { background: #f2f2f2; }
.late { color: #b00000; font-weight: bold; }
.ok { color: #006000; }
.narrative { text-align: justify; }
figure { display: inline-block; width: 47%; margin: 4pt 1%; vertical-align: top; page-break-inside: avoid; }
figure img { width: 100%; border: 1px solid #999; }
figcaption { font-size: 9pt; }
.signatures { display: flex; justify-content: space-between; margin-top: 28pt; page-break-inside: avoid; }
.signatures div { width: 45%; text-align: center; }
.signatures .space { height: 50pt; }
.footer { margin-top: 18pt; font-size: 8pt; color: #444; }
@media print { body { margin: 0; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""


def long_date(value: date) -> str:
    """`Jumat, 20 November 2026`."""
    return f"{DAYS[value.weekday()]}, {value.day} {MONTHS[value.month - 1]} {value.year}"


def zone_name(settings: Settings) -> str:
    return ZONES.get(settings.court.timezone, settings.court.timezone)


def long_time(value: datetime, settings: Settings) -> str:
    """`20 November 2026 pukul 10.05 WIB`, at the court."""
    local = value.astimezone(settings.court.tz)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} pukul {local:%H.%M} {zone_name(settings)}"


def duration(minutes: float | None) -> str:
    """`95` -> `1 jam 35 menit`; days for long waits."""
    if minutes is None:
        return "-"
    total = int(round(minutes))
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} hari"] * bool(days) + [f"{hours} jam"] * bool(hours) + [f"{mins} menit"] * bool(mins or not (days or hours))
    return " ".join(parts)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _person(settings: Settings, person_id: str) -> str:
    if person_id == workflow.SYSTEM_ACTOR:
        return "otomatis (pipeline, setelah persetujuan)"
    person = settings.person(person_id)
    if person is None:
        return f"{person_id} (tidak dikenal)"
    return f"{person.name} ({ROLE_ID.get(person.role.value, person.role.value)})"


def _narrative_html(body: str) -> str:
    """The narrative as HTML, raw HTML escaped and script links dropped (markdown-it's safe defaults)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    # images in the narrative are shown in the photo section, not fetched from paths here
    md.disable("image")
    return md.render(body)


def _thumbnail(draft: Draft, file: str, settings: Settings) -> str | None:
    """A small JPEG of the photo as a data URI, so the page is self-contained; None if it does not open.

    Only a photo inside the draft folder (links followed) is read, and only one whose
    header says it is within `photos.max_pixels` is decoded.
    """
    from PIL import ImageOps

    from .photos import _open

    path = drafts.inside(draft, file)
    if path is None:
        return None
    try:
        with _open(path, file, settings.photos) as im:
            im.draft("RGB", (THUMB_EDGE, THUMB_EDGE))
            im = ImageOps.exif_transpose(im)
            im.thumbnail((THUMB_EDGE, THUMB_EDGE))
            out = io.BytesIO()
            im.convert("RGB").save(out, "JPEG", quality=80)
    except Exception:  # noqa: BLE001 - a broken photo is shown as missing; `pipeline check` names the problem
        return None
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _page(settings: Settings, title: str, content: str) -> str:
    court = settings.court
    generated = long_time(workflow.now(settings), settings)
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} - {_e(court.name)}</title>
<style>{CSS}</style>
</head>
<body>
<div class="kop">
<div class="court">{_e(court.name)}</div>
<div>{_e(court.address)}{' ' + _e(court.postal_code) if court.postal_code else ''}</div>
<div>Telepon {_e(court.phone)} &middot; {_e(court.email)} &middot; {_e(court.site_url)}</div>
</div>
{content}
<p class="footer">Dibuat oleh pipeline situs web pada {_e(generated)} dari data draf di repositori situs.
{_e(settings.codes.sop)}: {_e(settings.codes.sop_title)}.</p>
</body>
</html>
"""


def _late(count: int) -> str:
    return f'<span class="late">{count}</span>' if count else "0"


def _history_rows(draft: Draft, settings: Settings) -> str:
    rows = []
    for number, item in enumerate(workflow.step_times(draft, settings), 1):
        if item.reason:
            note = f"Dikembalikan: {_e(item.reason)}"
        elif item.on_time is None:
            note = "-"
        elif item.on_time:
            note = '<span class="ok">Tepat waktu</span>'
        else:
            note = f'<span class="late">Terlambat {_e(duration(item.minutes - item.standard))}</span>'
        status = STATUS_ID.get(item.step, item.step)
        rows.append(
            f"<tr><td>{number}</td><td>{_e(item.sop_step)}</td><td>{_e(item.label)}</td><td>{_e(status)}</td>"
            f"<td>{_e(_person(settings, item.by))}</td><td>{_e(long_time(item.at, settings))}</td>"
            f"<td>{_e(duration(item.minutes))}</td><td>{_e(duration(item.standard)) if item.standard else '-'}</td>"
            f"<td>{note}</td></tr>")
    return "\n".join(rows)


def _privacy_accepted_html(draft: Draft, settings: Settings) -> str:
    """The reviewed privacy exceptions (`privacy_accepted`), so the Kasubag approves them with the text."""
    from . import privacy
    from .i18n import _

    matches = privacy.accepted_matches(draft.source, settings)
    if not matches:
        return ""
    title, text, reason, rules = (_("Accepted privacy findings"), _("Text"), _("Reason"), _("Findings let through"))
    rows = "".join(f"<tr><td>{_e(m.text)}</td><td>{_e(m.reason)}</td><td>{_e(', '.join(m.rules) or '-')}</td></tr>"
                   for m in matches)
    return (f"<h3>{_e(title)}</h3>\n<table>\n<tr><th>{_e(text)}</th><th>{_e(reason)}</th><th>{_e(rules)}</th></tr>\n"
            f"{rows}\n</table>")


def draft_page(root: Path, settings: Settings, draft_id: str) -> str:
    """The evidence page of one draft: the filled form, the photos, the step history, the approval."""
    draft = drafts.load(root, draft_id)
    meta = draft.meta
    form = settings.codes.coverage_form
    reporter = _person(settings, meta.reporter)
    photos = []
    for photo in draft.selected_photos:
        uri = _thumbnail(draft, photo.file, settings)
        image = f'<img src="{uri}" alt="{_e(photo.alt)}">' if uri else f"<p>[foto tidak dapat dibuka: {_e(photo.file)}]</p>"
        photos.append(f"<figure>{image}<figcaption>{_e(photo.caption)}</figcaption></figure>")
    approval = "<p>Belum disetujui.</p>"
    if meta.approved_by:
        # a review is called valid only when its record verified here: errors first, then an unchecked signature
        assessed = assess(draft, settings, check_digest=meta.status is Step.APPROVED, key=signing_key())
        valid = assessed.errors
        if valid:
            verdict = '<span class="late">tidak sah: ' + _e("; ".join(f.message for f in valid)) + "</span>"
        elif not assessed.verified:
            verdict = ('<span class="late">' + _e(_("not verified: the approval's signature cannot be checked "
                                                    "without {env}").format(env=KEY_ENV)) + "</span>")
        else:
            verdict = '<span class="ok">sah: isi tidak berubah sejak disetujui</span>'
        reviewer = (" " + _e(_("by {login} on commit {commit}").format(
            login=meta.approval_login, commit=(meta.approval_commit or "")[:12])) if meta.approval_login else "")
        pr = (f"<tr><th>Tinjauan</th><td>pull request #{_e(meta.approval_pr)}, tinjauan {_e(meta.approval_review)}"
              f"{reviewer}</td></tr>" if meta.approval_pr else "")
        approval = f"""<table class="form">
<tr><th>Disetujui oleh</th><td>{_e(_person(settings, meta.approved_by))}</td></tr>
<tr><th>Waktu</th><td>{_e(long_time(meta.approved_at, settings)) if meta.approved_at else '-'}</td></tr>
{pr}<tr><th>Sidik isi (SHA-256)</th><td><code>{_e((meta.approval_digest or '')[:23])}</code></td></tr>
<tr><th>Keabsahan</th><td>{verdict}</td></tr>
</table>"""
    approver = next((p for p in settings.people if p.role.value == "kasubag_ptip"), None)
    content = f"""<p class="code">{_e(form)}</p>
<h1>NASKAH KONTEN WEBSITE</h1>
<p style="text-align:center">Hasil peliputan kegiatan &middot; {_e(settings.codes.sop)}</p>
<h2>1. Data liputan</h2>
<table class="form">
<tr><th>Judul</th><td>{_e(meta.title)}</td></tr>
<tr><th>Hari/tanggal</th><td>{_e(long_date(meta.date))}</td></tr>
<tr><th>Tempat</th><td>{_e(meta.location or '-')}</td></tr>
<tr><th>Kategori</th><td>{_e(meta.category or '-')}</td></tr>
<tr><th>Peliput</th><td>{_e(reporter)}</td></tr>
<tr><th>Status</th><td>{_e(STATUS_ID.get(meta.status.value, meta.status.value))}</td></tr>
<tr><th>Ringkasan</th><td>{_e(meta.summary or '-')}</td></tr>
<tr><th>Nomor draf</th><td>{_e(draft.id)}</td></tr>
</table>
<h2>2. Narasi</h2>
<div class="narrative">{_narrative_html(draft.body) if draft.body.strip() else '<p>Belum ada narasi.</p>'}</div>
{_privacy_accepted_html(draft, settings)}
<h2>3. Foto terpilih ({len(photos)})</h2>
{''.join(photos) or '<p>Belum ada foto terpilih.</p>'}
<h2>4. Riwayat langkah dan standar waktu SOP</h2>
<table>
<tr><th>No</th><th>Langkah</th><th>Kegiatan</th><th>Status</th><th>Oleh</th><th>Waktu</th><th>Lama</th><th>Standar</th><th>Keterangan</th></tr>
{_history_rows(draft, settings)}
</table>
<h2>5. Persetujuan</h2>
{approval}
<div class="signatures">
<div>Peliput,<div class="space"></div>{_e(settings.person(meta.reporter).name if settings.person(meta.reporter) else meta.reporter)}</div>
<div>Mengetahui,<br>Kasubag PTIP<div class="space"></div>{_e(approver.name if approver else '')}</div>
</div>"""
    return _page(settings, f"{form} {meta.title}", content)


@dataclass
class StepTally:
    """Per step of the procedure, over a period: how many were taken, on time, late, and the mean time."""

    count: int = 0
    on_time: int = 0
    late: int = 0
    returned: int = 0
    minutes: float = 0.0

    @property
    def mean(self) -> float | None:
        timed = self.on_time + self.late
        return self.minutes / timed if timed else None


def period_summary(root: Path, settings: Settings, start: date, end: date) -> tuple[list[Draft], dict[str, StepTally], list[str]]:
    """Drafts whose event date lies in [start, end], the tally per step, and drafts that could not be read."""
    found, unreadable = [], []
    tallies: dict[str, StepTally] = {s.value: StepTally() for s in Step if s is not Step.COLLECTED}
    for folder in drafts.list_drafts(root):
        try:
            if drafts.link_findings(folder, root):   # linked out of the repository: not read
                raise PipelineError(drafts.link_findings(folder, root))
            draft = drafts.from_source(drafts.read_source(folder / drafts.INDEX, root), folder)
        except PipelineError:
            unreadable.append(folder.name)
            continue
        if not start <= draft.meta.date <= end:
            continue
        found.append(draft)
        for item in workflow.step_times(draft, settings):
            if item.started is None:
                continue
            tally = tallies.setdefault(item.working_on or item.step, StepTally())
            tally.count += 1
            if item.reason:
                tally.returned += 1
            if item.on_time is True:
                tally.on_time += 1
                tally.minutes += item.minutes
            elif item.on_time is False:
                tally.late += 1
                tally.minutes += item.minutes
    found.sort(key=lambda d: (d.meta.date, d.id))
    return found, tallies, unreadable


def period_page(root: Path, settings: Settings, start: date, end: date) -> str:
    """The evidence summary of a period: drafts, and per step the steps on time and late."""
    found, tallies, unreadable = period_summary(root, settings, start, end)
    draft_rows = []
    for number, draft in enumerate(found, 1):
        times = workflow.step_times(draft, settings)
        late = sum(1 for t in times if t.on_time is False)
        draft_rows.append(
            f"<tr><td>{number}</td><td>{_e(long_date(draft.meta.date))}</td><td>{_e(draft.meta.title)}</td>"
            f"<td>{_e(STATUS_ID.get(draft.status.value, draft.status.value))}</td>"
            f"<td>{len(times)}</td><td>{_late(late)}</td></tr>")
    step_rows = []
    total = StepTally()
    for key, tally in tallies.items():
        rule = settings.steps.get(Step(key)) if key in {s.value for s in Step} else None
        label = rule.label if rule else STATUS_ID.get(key, key)
        standard = duration(rule.minutes) if rule else "-"
        step_rows.append(
            f"<tr><td>{_e(rule.sop_step if rule else '-')}</td><td>{_e(label)}</td><td>{tally.count}</td>"
            f"<td>{tally.on_time}</td><td>{_late(tally.late)}</td>"
            f"<td>{tally.returned}</td><td>{_e(duration(tally.mean))}</td><td>{_e(standard)}</td></tr>")
        total.count += tally.count
        total.on_time += tally.on_time
        total.late += tally.late
        total.returned += tally.returned
    share = f"{100 * total.on_time / (total.on_time + total.late):.0f}%" if total.on_time + total.late else "-"
    note = (f"<p>Draf yang tidak dapat dibaca (periksa dengan <code>pipeline check</code>): "
            f"{_e(', '.join(unreadable))}</p>" if unreadable else "")
    content = f"""<h1>REKAPITULASI PELIPUTAN DAN PENAYANGAN KONTEN WEBSITE</h1>
<p style="text-align:center">Periode {_e(long_date(start))} s.d. {_e(long_date(end))} &middot; {_e(settings.codes.sop)} bagian G</p>
<h2>1. Ringkasan</h2>
<table class="form">
<tr><th>Jumlah liputan</th><td>{len(found)}</td></tr>
<tr><th>Ditayangkan</th><td>{sum(d.status is Step.PUBLISHED for d in found)}</td></tr>
<tr><th>Langkah tercatat</th><td>{total.count}</td></tr>
<tr><th>Tepat waktu / terlambat</th><td>{total.on_time} / {total.late} ({share} tepat waktu)</td></tr>
<tr><th>Dikembalikan untuk perbaikan</th><td>{total.returned}</td></tr>
</table>
<h2>2. Per langkah SOP</h2>
<table>
<tr><th>Langkah</th><th>Kegiatan</th><th>Jumlah</th><th>Tepat waktu</th><th>Terlambat</th><th>Dikembalikan</th><th>Rata-rata</th><th>Standar</th></tr>
{chr(10).join(step_rows)}
</table>
<h2>3. Daftar liputan</h2>
<table>
<tr><th>No</th><th>Tanggal</th><th>Judul</th><th>Status</th><th>Langkah</th><th>Terlambat</th></tr>
{chr(10).join(draft_rows) or '<tr><td colspan="6">Tidak ada liputan pada periode ini.</td></tr>'}
</table>
{note}"""
    return _page(settings, f"Rekapitulasi {start.isoformat()} s.d. {end.isoformat()}", content)
