"""Benchmark: the privacy rules on the labelled corpus (tests/data/privacy/corpus.jsonl).

    .venv/bin/python bench/privacy.py                 # every text
    .venv/bin/python bench/privacy.py --split dev     # only the development part
    .venv/bin/python bench/privacy.py --show          # also list misses and false positives

Prints, per planted kind: plants caught (a reported finding overlaps the planted
span), recall, and precision of the findings in those texts; for clean texts the
share flagged (false-positive rate); and the time per text of `privacy.scan`
(best of 3 rounds), beside the rules this module replaced (`baseline`, as on main
before issue 13, kept below) measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import config, privacy  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "privacy" / "corpus.jsonl"


def load(split: str) -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(rows: list[dict], scan) -> dict:
    """Per kind: caught, planted, true and false findings; clean: texts flagged; the misses and false findings."""
    stats: dict = defaultdict(lambda: {"caught": 0, "planted": 0, "tp": 0, "fp": 0})
    misses, false = [], []
    for row in rows:
        hits = scan(row["text"])
        spans = [span for hit in hits for span in hit]
        plants = row["plants"]
        kind = row["kind"]
        entry = stats[kind]
        if kind == "clean":
            entry["planted"] += 1
            if spans:
                entry["caught"] += 1
                false.append((row["id"], [row["text"][s:e] for s, e in spans]))
            entry["fp"] += len(hits)
            continue
        for plant in plants:
            entry["planted"] += 1
            if any(overlaps(span, (plant["start"], plant["end"])) for span in spans):
                entry["caught"] += 1
            else:
                misses.append((row["id"], plant["text"]))
        for hit in hits:
            if any(overlaps(span, (p["start"], p["end"])) for p in plants for span in hit):
                entry["tp"] += 1
            else:
                entry["fp"] += 1
                false.append((row["id"], [row["text"][s:e] for s, e in hit]))
    return {"stats": dict(stats), "misses": misses, "false": false}


def ours(settings):
    def scan(text: str) -> list[tuple[int, int]]:
        return [hit.covers() for hit in privacy.scan(text, settings)]
    return scan


# ---------------------------------------------------------------------------- the rules before issue 13
OLD_NIK = re.compile(r"(?<!\d)(\d{16}|\d{6}[ .-]\d{6}[ .-]\d{4}|\d{4}[ .-]\d{4}[ .-]\d{4}[ .-]\d{4})(?!\d)")
OLD_PHONE = re.compile(r"(?<![\w/+.,-])(?:\(\s*0\d{2,3}\s*\)[ .-]*\d{3,4}(?:[ .-]?\d{2,5}){0,2}|\+\s?62[ .-]?\(?0?\)?"
                       r"[ .-]?\d{2,4}(?:[ .-]?\d{2,5}){1,3}|62\d{8,12}|0\d{2,4}(?:[ .-]?\d{2,5}){1,3})(?![\w])")
OLD_CASE = re.compile(r"\b\d{1,5}\s*/\s*Pdt\s*\.\s*(?:G|P)(?:\s*\.\s*S)?\s*/\s*\d{4}\s*/\s*(?:PA|PTA|MS)\s*\.?\s*[A-Za-z]+", re.I)
OLD_PARTY = re.compile(r"\b(?i:penggugat|tergugat|pemohon|termohon)(?:\s+(?:I{1,3}|IV|V|Konvensi|Rekonvensi|Intervensi|Asal|"
                       r"Prinsipal))*(?:\s*[:,(]\s*|\s+)(?:(?:(?:Sdr|Sdri|Saudara|Saudari|Bapak|Bpk|Ibu|Tuan|Nyonya|Ny|Tn|"
                       r"Nona|Nn)\.?|bernama|yang\s+bernama|atas\s+nama|a\.n\.)\s+)?[A-Z][a-z']+(?:\s+(?:bin|binti)\s+[A-Z][a-z']+)?")


def baseline(settings):
    """The privacy rules as they were (NIK, phone, e-mail, case number near a name, party term + name), spans only."""
    own = privacy.court_numbers(settings)

    def scan(text: str) -> list[tuple[tuple[int, int], ...]]:
        spans = []
        for m in OLD_NIK.finditer(text):
            if privacy.nik_valid(re.sub(r"\D", "", m.group(1))):
                spans.append(m.span())
        for m in OLD_PHONE.finditer(text):
            digits = privacy._phone_digits(m.group(0))
            if 9 <= len(digits) <= 13 and digits.startswith("0") and digits[1] != "0" and digits not in own:
                spans.append(m.span())
        for m in privacy.EMAIL.finditer(text):
            if not privacy._email_allowed(m.group(1), privacy.allowed_email_domains(settings)):
                spans.append(m.span())
        for m in OLD_CASE.finditer(text):
            window = text[max(0, m.start() - 160):m.end() + 160]
            if re.search(r"\b[A-Z][a-z']+\s+(?:bin|binti)\s+[A-Z]|\b(?:Sdr|Ibu|Bapak)\.?\s+[A-Z]", window):
                spans.append(m.span())
        spans += [m.span() for m in OLD_PARTY.finditer(text)]
        return [(span,) for span in spans]
    return scan


def timed(rows: list[dict], scan, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for row in rows:
            scan(row["text"])
        best = min(best, time.perf_counter() - started)
    return best / max(1, len(rows))


def table(result: dict, title: str) -> None:
    stats = result["stats"]
    print(f"\n{title}")
    print(f"{'kind':10}{'caught':>10}{'recall':>9}{'precision':>11}")
    kinds = sorted(k for k in stats if k != "clean")
    for kind in kinds:
        s = stats[kind]
        found = s["tp"] + s["fp"]
        precision = s["tp"] / found if found else 1.0
        print(f"{kind:10}{s['caught']:>5}/{s['planted']:<4}{s['caught'] / s['planted']:>9.2f}{precision:>11.2f}")
    total_c = sum(stats[k]["caught"] for k in kinds)
    total_p = sum(stats[k]["planted"] for k in kinds)
    tp = sum(stats[k]["tp"] for k in kinds)
    fp = sum(stats[k]["fp"] for k in kinds) + stats.get("clean", {}).get("fp", 0)
    print(f"{'all':10}{total_c:>5}/{total_p:<4}{total_c / max(1, total_p):>9.2f}{tp / max(1, tp + fp):>11.2f}")
    clean = stats.get("clean", {"caught": 0, "planted": 0})
    print(f"clean texts flagged: {clean['caught']}/{clean['planted']} "
          f"(false-positive rate {clean['caught'] / max(1, clean['planted']):.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--show", action="store_true", help="list misses and false positives")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    settings = config.load_settings(ROOT / "tests" / "fixture_court")  # the court the corpus was written for
    rows = load(args.split)
    print(f"corpus: {len(rows)} texts ({args.split}), {sum(r['kind'] == 'clean' for r in rows)} clean")
    scan = ours(settings)
    result = evaluate(rows, scan)
    table(result, "privacy rules (pipeline/privacy.py)")
    if not args.no_baseline:
        table(evaluate(rows, baseline(settings)), "baseline: the rules before issue 13")
    ours_s = timed(rows, scan)
    base_s = timed(rows, baseline(settings))
    print(f"\ntime per text: {ours_s * 1000:.3f} ms (baseline {base_s * 1000:.3f} ms), best of 3 rounds")
    if args.show:
        for row_id, text in result["misses"]:
            print(f"MISS  {row_id}: {text}")
        for row_id, texts in result["false"]:
            print(f"FALSE {row_id}: {texts}")


if __name__ == "__main__":
    main()
