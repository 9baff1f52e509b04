"""Small file helpers every stage shares: atomic writes and YAML with line numbers."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError


def atomic_write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, then rename it over: readers never see half a file.

    `durable=False` skips the fsync: for files that can be made again (built pages).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes 0600 files; keep the old file's mode, or the mode a plain open() would give
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write a generated text file atomically unless it already holds `text`; return whether it was written."""
    path = Path(path)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
    return True


STALE_AFTER = 3600  # seconds: a staging leftover this old belongs to no running command


def remove_stale(candidates: Iterable[Path], max_age: float = STALE_AFTER, now: float | None = None) -> list[Path]:
    """Remove the leftovers (files or folders) among `candidates` not modified for `max_age` seconds.

    Commands stage their work under temporary names; a kill leaves them behind, and
    the next run of the same command calls this. Younger ones may belong to a run
    still under way and are kept.
    """
    now = time.time() if now is None else now
    removed = []
    for path in candidates:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        if now - info.st_mtime < max_age:
            continue
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            Path(path).unlink(missing_ok=True)
        removed.append(Path(path))
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def round_trip_yaml() -> YAML:
    """A YAML that keeps key order, quoting and comments when a file is rewritten."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class YamlSyntaxError(Exception):
    """A YAML document that does not parse; `line` is 1-based."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


def load_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML keeping positions; raise `YamlSyntaxError` with a 1-based line."""
    try:
        return round_trip_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(f"invalid YAML: {problem}", line) from None
    except YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None) from None


def line_of(node: Any, loc: Iterable[str | int], line_offset: int = 0) -> int | None:
    """The 1-based line of the deepest part of `loc` that exists in a round-trip YAML tree."""
    line = None
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lc.item(key)[0] + 1
            node = node[key]
        else:
            break
    if line is None and isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None:
        line = node.lc.line + 1
    return None if line is None else line + line_offset


def dotted(loc: Iterable[str | int]) -> str:
    """`("people", 2, "role")` -> `people[2].role`, the way messages name a field."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
