"""Atomic writes: all or nothing, and files readable like any other."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline import files


def test_atomic_write_replaces_whole_and_keeps_mode(tmp_path: Path):
    target = tmp_path / "page.md"
    files.atomic_write(target, "satu\n")
    assert target.read_text() == "satu\n"
    assert target.stat().st_mode & 0o777 == 0o666 & ~files._umask()
    target.chmod(0o640)
    files.atomic_write(target, b"dua\n")
    assert target.read_bytes() == b"dua\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "page.md"
    target.write_text("lama\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        files.atomic_write(target, "baru\n")
    assert target.read_text() == "lama\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]


def test_yaml_line_numbers_and_dotted_fields():
    tree = files.load_yaml("a: 1\nb:\n  - x: 1\n  - x: 2\n    y: 3\n")
    assert files.line_of(tree, ["b", 1, "y"]) == 5
    assert files.line_of(tree, ["b", 1, "missing"]) == 4
    assert files.line_of(tree, ["a"], line_offset=10) == 11
    assert files.dotted(["b", 1, "y"]) == "b[1].y"
    with pytest.raises(files.YamlSyntaxError) as info:
        files.load_yaml("a: 1\nb: [\n")
    assert info.value.line is not None and info.value.line >= 2
