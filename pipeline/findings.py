"""The one problem type every stage reports, and its renderers.

A check never stops at the first problem: it returns every `Finding`, and the
CLI renders them all at once as text, JSON, or GitHub annotations.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Iterable

from .i18n import _


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """A problem at a place: which file and line, which field, what is wrong, how to fix it."""

    path: str
    line: int | None
    field: str
    rule: str
    severity: Severity
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        """`path:line: field: message; hint` — the form editors and CI logs link to."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        hint = f"; {self.hint}" if self.hint else ""
        level = "" if self.is_error else " " + _("(warning)")
        return f"{where}:{field} {self.message}{hint}{level} [{self.rule}]"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class PipelineError(Exception):
    """A stage could not go on; carries the findings that say why."""

    def __init__(self, findings: Finding | Iterable[Finding]):
        self.findings = [findings] if isinstance(findings, Finding) else list(findings)
        super().__init__("\n".join(f.text() for f in self.findings))


class ConfigError(PipelineError):
    """The court's configuration is unusable; the CLI exits 2."""


def error(path: str, line: int | None, field: str, rule: str, message: str, hint: str = "") -> Finding:
    return Finding(str(path), line, field, rule, Severity.ERROR, message, hint)


def warning(path: str, line: int | None, field: str, rule: str, message: str, hint: str = "") -> Finding:
    return Finding(str(path), line, field, rule, Severity.WARNING, message, hint)


def sort_key(finding: Finding) -> tuple:
    return (finding.path, finding.line or 0, finding.field, finding.rule)


def render_text(findings: list[Finding]) -> str:
    return "\n".join(f.text() for f in sorted(findings, key=sort_key))


def render_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in sorted(findings, key=sort_key)], ensure_ascii=False, indent=2)


def _escape_annotation(value: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping: data needs %, CR, LF; properties also : and ,
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render_github(findings: list[Finding]) -> str:
    """`::error file=...,line=...,title=...::message` lines that GitHub shows on the diff."""
    lines = []
    for f in sorted(findings, key=sort_key):
        props = [f"file={_escape_annotation(f.path, prop=True)}"]
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_annotation(f'{f.rule}: {f.field}' if f.field else f.rule, prop=True)}")
        message = f.message + (f"; {f.hint}" if f.hint else "")
        lines.append(f"::{f.severity.value} {','.join(props)}::{_escape_annotation(message)}")
    return "\n".join(lines)


def render_markdown(findings: list[Finding], title: str | None = None) -> str:
    """A job summary in the staff's language, one table row per finding."""
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    out = ["## " + (title or _("Check results")), ""]
    if not findings:
        out.append(_("No problems found."))
        return "\n".join(out) + "\n"
    out.append(_("{errors} errors, {warnings} warnings.").format(errors=errors, warnings=warnings))
    out += ["", _("| File | Line | Field | Level | Message |"), "|---|---|---|---|---|"]
    for f in sorted(findings, key=sort_key):
        level = _("error") if f.is_error else _("warning")
        message = (f.message + (f"; {f.hint}" if f.hint else "")).replace("|", "\\|")
        out.append(f"| `{f.path}` | {f.line or ''} | {f.field} | {level} | {message} |")
    return "\n".join(out) + "\n"


def append_step_summary(markdown: str) -> bool:
    """Append to `$GITHUB_STEP_SUMMARY` when running in GitHub Actions."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(markdown)
    return True
