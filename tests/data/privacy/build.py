"""Write corpus.jsonl from the hand-written texts: each clean article as it is, each plant put into one.

    python tests/data/privacy/build.py

A line: {"id", "split" (dev | heldout), "kind" (clean or the planted kind), "text",
"plants": [{"kind", "text", "start", "end"}]}. A plant sentence goes at the end of the
article's first paragraph (round robin over the articles), so it sits among real
context: dateline, judges' names, case numbers.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def records(split: str, module) -> list[dict]:
    out = []
    for n, text in enumerate(module.CLEAN):
        out.append({"id": f"{split}-clean-{n:03d}", "split": split, "kind": "clean", "text": text, "plants": []})
    for n, (kind, sentence, span) in enumerate(module.PLANTS):
        base = module.CLEAN[(n * 7) % len(module.CLEAN)]
        paragraphs = base.split("\n\n")
        at = 0 if len(paragraphs) < 3 else 1
        paragraphs[at] = paragraphs[at].rstrip() + " " + sentence
        text = "\n\n".join(paragraphs)
        offset = text.index(sentence) + sentence.index(span)
        out.append({"id": f"{split}-{kind}-{n:03d}", "split": split, "kind": kind, "text": text,
                    "plants": [{"kind": kind, "text": span, "start": offset, "end": offset + len(span)}]})
    return out


def main() -> None:
    rows = records("dev", _load("texts_dev"))
    if (HERE / "texts_heldout.py").is_file():
        rows += records("heldout", _load("texts_heldout"))
    with open(HERE / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"corpus.jsonl: {len(rows)} texts")


if __name__ == "__main__":
    main()
