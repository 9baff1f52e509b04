"""Benchmark: `pipeline check` over 500 drafts of 10 photos each (goal: under 2 s).

    /tmp/venv/bin/python bench/check.py                  # 500 drafts x 10 photos
    /tmp/venv/bin/python bench/check.py --drafts 100     # a quicker run

Builds a scratch repository (the tests' court, tests/fixture_court/, then N narrated
drafts with a 150-word narrative, 10 listed and selected photos each, and a
history of three steps), then measures in the same run:

- check: `checks.check_paths` in-process (best of 3), and the `pipeline check`
  command in a fresh process (interpreter start and imports included; best of
  `--runs` after a warm-up, wall clock and CPU seconds), next to `python -c pass`;
- without privacy: the same check with `rule_privacy` taken out of the text
  rules, in-process and as a fresh process, so the privacy rules' share is
  measured in the same run;
- bytecode: the fresh processes run with Python's bytecode cache (`.pyc` files,
  kept in a temporary PYTHONPYCACHEPREFIX, so the tree is not touched), as an
  installed or once-run `pipeline` has them; the same command without it
  (PYTHONDONTWRITEBYTECODE=1, every module compiled from source at each start)
  is printed too, because a shell that sets that variable pays about half a
  second more;
- floor: only reading every index.md and opening every photo's header with
  Pillow, no rules: what any check must at least spend;
- naive: ruamel round-trip parsing of each front matter plus a full decode of
  each photo (`photos.inspect`), timed on 10 drafts and scaled to N; this is the
  cost the fast paths (libyaml for values, header-only photo checks) avoid.

The photos are 1600 x 1200 JPEGs like the publish variants; 10 distinct files are
hard-linked into every draft so the run does not need gigabytes of disk (each link
is still opened and read on its own).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import checks, config, drafts, files, photos  # noqa: E402

PARAGRAPH = ("Pimpinan dan seluruh pegawai mengevaluasi capaian kinerja bulan November serta menetapkan "
             "langkah perbaikan pelayanan kepada masyarakat pencari keadilan. ")
BODY = ("**Payakumbuh, Jumat 20 November 2026 -** Kegiatan berlangsung mulai pukul 08.30 WIB. " + PARAGRAPH * 4
        + "\n\n" + PARAGRAPH * 5 + "\n\n(rm)\n")


def make_photos(folder: Path, count: int = 10) -> list[Path]:
    folder.mkdir(parents=True)
    out = []
    for i in range(count):
        noise = Image.effect_noise((400, 300), 30 + i).convert("RGB").resize((1600, 1200))
        path = folder / f"src-{i}.jpg"
        noise.save(path, "JPEG", quality=82)
        out.append(path)
    return out


def make_repo(base: Path, count: int) -> Path:
    root = base / "repo"
    court = ROOT / "tests" / "fixture_court"  # the tests' court: the same bench in any fork
    shutil.copytree(court / "site_config", root / "site_config")
    shutil.copytree(court / "content", root / "content")
    if (ROOT / ".github").is_dir():
        from pipeline import generated
        from pipeline.config import load_settings

        shutil.copytree(ROOT / ".github", root / ".github")
        generated.write_all(root, load_settings(root))  # CODEOWNERS and the rest for that court
    sources = make_photos(base / "sources")
    for n in range(count):
        day = 1 + n % 28
        folder = root / "drafts" / f"2026-10-{day:02d}-liputan-kegiatan-{n:04d}"
        (folder / "photos").mkdir(parents=True)
        entries = []
        for i, src in enumerate(sources):
            os.link(src, folder / "photos" / f"IMG_{i:04d}.jpg")
            entries.append(f"  - file: photos/IMG_{i:04d}.jpg\n    caption: Suasana kegiatan bagian {i + 1}\n"
                           f"    alt: Pegawai mengikuti kegiatan di ruang rapat, bagian {i + 1}\n    selected: true")
        front = (f"title: Liputan Kegiatan Pengadilan Nomor {n}\ndate: 2026-10-{day:02d}\nlocation: Ruang Rapat Utama\n"
                 f"category: Kegiatan\nreporter: rina\nstatus: narrated\nsummary: Pimpinan dan pegawai mengikuti "
                 f"kegiatan untuk meningkatkan kualitas pelayanan kepada masyarakat.\nphotos:\n" + "\n".join(entries)
                 + f"\nhistory:\n  - {{step: collected, by: rina, at: 2026-10-{day:02d}T10:00:00+07:00}}\n"
                 f"  - {{step: selected, by: rina, at: 2026-10-{day:02d}T10:30:00+07:00}}\n"
                 f"  - {{step: narrated, by: rina, at: 2026-10-{day:02d}T11:00:00+07:00}}\n")
        (folder / "index.md").write_text(f"---\n{front}---\n{BODY.replace('Jumat 20 November', _dateline(day))}")
    return root


def _dateline(day: int) -> str:
    import datetime as dt

    names = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    return f"{names[dt.date(2026, 10, day).weekday()]} {day} Oktober"


def best_of(runs: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def floor(root: Path) -> int:
    count = 0
    for folder in drafts.list_drafts(root):
        (folder / "index.md").read_text(encoding="utf-8")
        for path in sorted((folder / "photos").iterdir()):
            with Image.open(path) as im:
                im.size
            count += 1
    return count


def with_and_without_privacy(root: Path, settings: config.Settings, rounds: int) -> tuple[float, float, list]:
    """The check, and the same check with `rule_privacy` taken out, alternating (best of `rounds` each)."""
    rules = checks.TEXT_RULES[:]
    best_with = best_without = float("inf")
    found: list = []
    for _ in range(rounds):
        started = time.perf_counter()
        found = checks.check_paths(root, settings)
        best_with = min(best_with, time.perf_counter() - started)
        checks.TEXT_RULES[:] = [r for r in rules if r is not checks.rule_privacy]
        try:
            started = time.perf_counter()
            checks.check_paths(root, settings)
            best_without = min(best_without, time.perf_counter() - started)
        finally:
            checks.TEXT_RULES[:] = rules
    return best_with, best_without, found


def fresh_env(pycache: Path | None) -> dict[str, str]:
    """The environment of a fresh `pipeline` process: with a bytecode cache at `pycache`, or none at all."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def fresh(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """(best wall seconds, best CPU seconds) of `runs` fresh processes, after one warm-up run."""
    def once() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"{argv} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    once()
    times = [once() for _ in range(runs)]
    return min(t[0] for t in times), min(t[1] for t in times)


# `pipeline check` with the privacy rules taken out, as a fresh process (the bench's baseline)
WITHOUT_PRIVACY = ("import sys\nfrom pipeline import checks\n"
                   "checks.TEXT_RULES.remove(checks.rule_privacy)\n"
                   "from pipeline.cli import main\nsys.argv = ['pipeline', *sys.argv[1:]]\nmain()")


def naive(root: Path, settings: config.Settings, sample: int) -> float:
    started = time.perf_counter()
    for folder in drafts.list_drafts(root)[:sample]:
        text = (folder / "index.md").read_text(encoding="utf-8")
        head, front, _ = drafts.split_front_matter(text)
        files.load_yaml(front, 1)
        for path in sorted((folder / "photos").iterdir()):
            photos.inspect(path, path.name, settings.photos)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drafts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per command (best of)")
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        started = time.perf_counter()
        root = make_repo(Path(tmp), args.drafts)
        print(f"repository: {args.drafts} drafts x 10 photos, made in {time.perf_counter() - started:.1f} s")
        settings = config.load_settings(root)
        floor_s, photo_count = best_of(3, lambda: floor(root))
        check_s, no_privacy_s, found = with_and_without_privacy(root, settings, 3)
        errors = [f for f in found if f.is_error]
        assert not errors, errors[:3]
        cached = fresh_env(Path(tmp) / "pycache")
        command = [py, "-m", "pipeline", "--root", str(root), "check"]
        python_s = fresh([py, "-c", "pass"], cached, args.runs)
        command_s = fresh(command, cached, args.runs)
        command_np_s = fresh([py, "-c", WITHOUT_PRIVACY, "--root", str(root), "check"], cached, args.runs)
        uncached_s = fresh(command, fresh_env(None), args.runs)
        sample = min(10, args.drafts)
        naive_s = naive(root, settings, sample) * args.drafts / sample
    print(f"{'':36}{'seconds':>9}")
    print(f"{'check (in process, best of 3)':36}{check_s:9.2f}   {len(found)} findings")
    print(f"{'check without the privacy rules':36}{no_privacy_s:9.2f}   privacy adds "
          f"{(check_s / no_privacy_s - 1) * 100:.0f}% (goal: at most 20%)")
    print(f"{'floor: read files + photo headers':36}{floor_s:9.2f}   {photo_count} photos")
    print(f"{'naive: ruamel + full decode':36}{naive_s:9.2f}   (10 drafts timed, scaled to {args.drafts})")
    print(f"check costs {check_s / floor_s:.1f} x the floor and is {naive_s / check_s:.0f} x faster than the naive way")
    print(f"\nfresh processes, best of {args.runs} after a warm-up{'':6}{'wall':>7} {'CPU':>7}")
    rows = [("python -c pass (baseline)", python_s, ""),
            ("pipeline check", command_s, "goal: under 2 s"),
            ("pipeline check, no privacy rules", command_np_s,
             f"privacy adds {(command_s[0] / command_np_s[0] - 1) * 100:.0f}%"),
            ("pipeline check, no bytecode cache", uncached_s, "PYTHONDONTWRITEBYTECODE=1: compiled at each start")]
    for label, (wall, cpu), note in rows:
        print(f"{label:47}{wall:7.2f} {cpu:7.2f}   {note}")
    print(f"start-up and settings: {command_s[0] - check_s:.2f} s of the process "
          f"({python_s[0]:.2f} s of it the interpreter); os.environ has PYTHONDONTWRITEBYTECODE="
          f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}")


if __name__ == "__main__":
    main()
