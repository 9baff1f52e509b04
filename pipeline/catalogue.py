"""The translator's tool: extract every message, update the `id` catalogue, compile it.

    python -m pipeline.catalogue          # re-extract, update the .po, compile the .mo
    python -m pipeline.catalogue --check  # exit 1 when a message lacks a translation

Needs Babel (in the `test` extra); the pipeline itself never imports this module,
it reads the compiled `.mo` with the standard library. The extraction mapping is
`[tool.babel]` in pyproject.toml, so `pybabel extract -F pyproject.toml` finds
the same messages. Besides `_()`, `N_()` and `ngettext()` calls, `extract_click`
takes the help of click commands: their docstrings and `help=` strings.
"""

from __future__ import annotations

import ast
import inspect
import io
import sys
import tomllib
from pathlib import Path

from .i18n import DOMAIN, LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
LANGUAGE = "id"
PO_FILE = LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"
MO_FILE = PO_FILE.with_suffix(".mo")
COMMENT_TAGS = ["TRANSLATORS:"]
HEADER = "Indonesian translation of the court site pipeline's messages."


def extract_click(fileobj, keywords, comment_tags, options):
    """Babel extractor: gettext calls, plus click help (command docstrings, `help=` strings).

    Click reads a command's help from its docstring and an option's from `help=`
    when the module is imported, before the language is known; `cli.py` looks
    them up in the catalogue when the help is shown, by the cleaned text
    (`inspect.cleandoc`), so that is the msgid.
    """
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    tree = ast.parse(source)
    module_doc = ast.get_docstring(tree, clean=True)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                _is_click_decorator(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.lineno, None, doc, []
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg not in ("help", "short_help", "epilog"):
                    continue
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                    yield value.lineno, None, inspect.cleandoc(value.value), []
                elif isinstance(value, ast.Name) and value.id == "__doc__" and module_doc:
                    yield value.lineno, None, module_doc, []


def _is_click_decorator(node: ast.expr) -> bool:
    """`@cli.command()`, `@click.group(...)`, `@backup.command("create")`..."""
    func = node.func if isinstance(node, ast.Call) else node
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("command", "group")


def _method_map() -> list[tuple[str, str]]:
    config = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    return [(m["pattern"], m["method"]) for m in config["tool"]["babel"]["mappings"]]


def extract():
    """A fresh template (POT) of every message in the package."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    template = Catalog(project="court-site-pipeline", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE_DIR), _method_map(), keywords=DEFAULT_KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True):
        template.add(message, None, [(f"pipeline/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def read_catalogue(path: Path = PO_FILE):
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        return read_po(fh, locale=LANGUAGE, domain=DOMAIN)


def write_catalogue(catalogue, path: Path = PO_FILE) -> None:
    """The .po sorted by msgid, file names without line numbers: an edit elsewhere changes nothing here."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalogue, sort_output=True, include_lineno=False, ignore_obsolete=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def compiled(po_file: Path = PO_FILE) -> bytes:
    """The .mo for a .po (fuzzy entries left out, as gettext does)."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(po_file))
    return buffer.getvalue()


def mo_messages(data: bytes) -> dict:
    """The translations a .mo holds, without its header (which names the Babel version)."""
    import gettext

    messages = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)
    messages.pop("", None)
    return messages


def update() -> None:
    """Re-extract, merge into the .po (new messages untranslated, gone ones dropped), compile the .mo."""
    from babel.messages.catalog import Catalog

    template = extract()
    if PO_FILE.exists():
        catalogue = read_catalogue()
    else:
        catalogue = Catalog(locale=LANGUAGE, domain=DOMAIN, project="court-site-pipeline", version="0.1",
                            header_comment=f"# {HEADER}", fuzzy=False, last_translator="court site pipeline",
                            language_team="Bahasa Indonesia")
    # the dates stay as they are: two people updating the catalogue should not conflict on them
    dates = catalogue.creation_date, catalogue.revision_date
    catalogue.update(template, update_header_comment=False)
    catalogue.creation_date, catalogue.revision_date = dates
    write_catalogue(catalogue)
    MO_FILE.write_bytes(compiled())


def problems() -> list[str]:
    """What stops the catalogue from being complete: missing, untranslated or fuzzy messages, a stale .mo."""
    template = extract()
    catalogue = read_catalogue()
    found = []
    for message in template:
        if not message.id:
            continue
        entry = catalogue.get(message.id, message.context)
        where = ", ".join(f"{f}:{n}" for f, n in message.locations)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if entry is None:
            found.append(f"not in the catalogue: {key!r} ({where})")
        elif entry.fuzzy:
            found.append(f"fuzzy (check it, then remove the fuzzy flag): {key!r}")
        elif not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            found.append(f"not translated: {key!r} ({where})")
        elif "python-brace-format" in message.flags and any(
                _placeholders(s) != _placeholders(key) for s in _strings(entry.string)):
            found.append(f"the translation's {{placeholders}} differ from the message's: {key!r}")
    if not MO_FILE.exists() or mo_messages(MO_FILE.read_bytes()) != mo_messages(compiled()):
        found.append(f"{MO_FILE.relative_to(PROJECT_DIR)} is not compiled from the .po: run python -m pipeline.catalogue")
    return found


def hidden_messages() -> list[str]:
    """`_("...")` written inside an f-string: shown to staff, but Babel's extractor does not see it."""
    found = []
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "_"
                            and inner.args and isinstance(inner.args[0], ast.Constant)):
                        found.append(f"pipeline/{path.name}:{inner.lineno}: _({inner.args[0].value!r}) inside an f-string")
    return found


def _placeholders(text: str) -> list[str]:
    """The `{name}` fields of a message (a translation may reorder them, not rename or drop them)."""
    import string

    try:
        return sorted(field for _, field, _, _ in string.Formatter().parse(text) if field is not None)
    except ValueError:  # not a format string after all (a lone brace)
        return []


def _strings(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        found = problems()
        print("\n".join(found) or "every message is translated")
        return 1 if found else 0
    update()
    untranslated = [p for p in problems() if not p.startswith(str(MO_FILE.relative_to(PROJECT_DIR)))]
    print(f"{PO_FILE.relative_to(PROJECT_DIR)} updated and compiled; {len(untranslated)} to translate")
    for line in untranslated:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
