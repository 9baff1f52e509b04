"""Builders for draft tests: front matter text in the layout of DESIGN section 3, real photos, step history.

Shared by test_drafts, test_workflow, test_checks and test_evidence (and usable by the
publish tests): a draft is written as text, the way a person or `pipeline new` would.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from PIL import Image

DRAFT_ID = "2026-11-20-rapat-evaluasi-kinerja"
WIB = timezone(timedelta(hours=7), "+07:00")
START = datetime(2026, 11, 20, 10, 0, tzinfo=WIB)
ORDER = ["collected", "selected", "narrated", "corrected", "approved", "published"]
BY = {"collected": "rina", "selected": "rina", "narrated": "rina", "corrected": "dewi", "approved": "dewi",
      "published": "rina"}

PARAGRAPH = ("Pimpinan dan seluruh pegawai mengevaluasi capaian kinerja bulan November serta menetapkan "
             "langkah perbaikan pelayanan kepada masyarakat pencari keadilan. ")
NARRATIVE = (
    "**Payakumbuh, Jumat 20 November 2026 -** Kegiatan berlangsung di Ruang Rapat Utama mulai pukul 08.30 WIB "
    "dan diikuti oleh pimpinan, hakim, pejabat struktural dan fungsional, serta pegawai. " + PARAGRAPH * 3 + "\n\n"
    + PARAGRAPH * 4 + "\n\n"
    "Kegiatan ditutup pukul 11.00 WIB dengan doa bersama.\n\n"
    "(rm)\n"
)
SUMMARY = ("Pimpinan dan seluruh pegawai mengevaluasi capaian kinerja bulan November serta menetapkan "
           "langkah perbaikan pelayanan.")


def photo(path: Path, size: tuple[int, int] = (64, 48), color=(90, 120, 150), exif: bool = False) -> Path:
    """A real JPEG made by Pillow; with `exif`, it carries a GPS block (as a phone photo does)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", size, color)
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"
        gps = data.get_ifd(0x8825)
        gps[1] = "S"
        gps[2] = (0.0, 13.0, 21.0)
        im.save(path, "JPEG", exif=data.tobytes())
    else:
        im.save(path, "JPEG", quality=80)
    return path


def history(status: str, *, start: datetime = START, step_minutes: int = 30) -> str:
    """History lines (flow mappings) for a draft that went straight to `status`."""
    lines = []
    for index, step in enumerate(ORDER[:ORDER.index(status) + 1]):
        at = (start + timedelta(minutes=step_minutes * index)).isoformat()
        lines.append(f"  - {{step: {step}, by: {BY[step]}, at: {at}}}")
    return "\n".join(lines)


def front(status: str = "narrated", *, title: str = "Rapat Evaluasi Kinerja Bulan November 2026",
          event_date: str = "2026-11-20", summary: str | None = None, photos: str | None = None,
          extra: str = "", history_text: str | None = None, category: str = "Rapat",
          location: str = "Ruang Rapat Utama") -> str:
    """Front matter text (without the --- lines) of a draft at `status`."""
    if summary is None:
        summary = SUMMARY if ORDER.index(status) >= 2 else "''"
    if photos is None:
        photos = ("  - file: photos/foto-1.jpg  # from the camera\n"
                  "    caption: Ketua membuka rapat evaluasi kinerja\n"
                  "    alt: Ketua Pengadilan berbicara di podium ruang rapat\n"
                  "    selected: true\n"
                  "  - file: photos/foto-2.jpg\n"
                  "    caption: ''\n"
                  "    alt: ''\n"
                  "    selected: false")
    return (f"title: {title}\n"
            f"date: {event_date}  # date of the event\n"
            f"location: {location}\n"
            f"category: {category}\n"
            f"reporter: rina\n"
            f"status: {status}\n"
            f"summary: {summary}\n"
            f"photos:\n{photos}\n"
            f"history:  # appended by the pipeline, never edited by hand\n"
            f"{history(status) if history_text is None else history_text}\n"
            f"{extra}")


def write(root: Path, status: str = "narrated", *, draft_id: str = DRAFT_ID, body: str | None = None,
          front_text: str | None = None, with_photos: bool = True, **kwargs) -> Path:
    """Write `drafts/<draft_id>/index.md` (and its two photos); return the index.md path."""
    folder = root / "drafts" / draft_id
    folder.mkdir(parents=True, exist_ok=True)
    if with_photos:
        photo(folder / "photos" / "foto-1.jpg")
        photo(folder / "photos" / "foto-2.jpg", color=(150, 120, 90))
    if body is None:
        body = NARRATIVE if ORDER.index(status) >= 2 else ""
    text = f"---\n{front(status, **kwargs) if front_text is None else front_text}---\n{body}"
    (folder / "index.md").write_text(text, encoding="utf-8")
    return folder / "index.md"
