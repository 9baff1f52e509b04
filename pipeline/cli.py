"""The `pipeline` command: a thin layer over the library.

Each command loads the settings, calls one stage, renders what it returns and
owns the exit status:

\b
  0  done, nothing wrong
  1  problems found (check findings, broken links, stale pages, refused step)
  2  usage or configuration error (bad option, broken pipeline.yml or mkdocs.yml)
"""

from __future__ import annotations

import sys
from pathlib import Path

import inspect
import os

import click

from . import i18n
from . import root as root_module
from .findings import ConfigError, Finding, PipelineError, error, render_text
from .i18n import N_, _, ngettext

EXIT_OK, EXIT_FINDINGS, EXIT_CONFIG = 0, 1, 2


def _choose_language(lang: str | None, root: Path | None = None) -> None:
    """--lang, else PIPELINE_LANG, else `language:` of the repository's pipeline.yml, else Indonesian."""
    i18n.set_language(lang)
    config_file = None
    try:
        start = root or (Path(os.environ["PIPELINE_ROOT"]) if os.environ.get("PIPELINE_ROOT") else None)
        config_file = root_module.find_root(start) / root_module.CONFIG_DIR / root_module.CONFIG_FILE
    except (ConfigError, OSError):
        pass
    i18n.set_config_language(i18n.config_language(config_file) if config_file else None)


# Click's own words on a help page and in usage errors, in the staff's language too: Click looks
# them up with gettext under these English texts, so the catalogue holds them (_translate_click).
_CLICK_MESSAGES = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"), N_("Show this message and exit."),
    N_("Show the version and exit."), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Missing option"), N_("Missing argument"), N_("Missing parameter"), N_("Missing command."),
    N_("Missing {param_type}"), N_("No such command {name!r}."), N_("No such option {name!r}."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"), N_("default: {default}"),
    N_("required"), N_("Aborted!"), N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."), N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is a file."), N_("file"), N_("directory"),
    N_("path"),
)


def _translate_click() -> None:
    """Let Click's modules look their words up in our catalogue (they call gettext's `_` at use)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if getattr(module, "_", None) is not None:
            module._ = _


_translate_click()


def _translated_doc(text: str | None) -> str | None:
    return _(inspect.cleandoc(text)) if text else text


class TranslatedCommand(click.Command):
    """Help in the staff's language: the docstring and option help are looked up when shown.

    Click reads them at import, before `--lang` or pipeline.yml can say which
    language; `pipeline.catalogue` extracts them under their cleaned text.
    """

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not getattr(ctx.find_root(), "_language_chosen", False):
            _choose_language(None, ctx.find_root().params.get("root"))
        saved = [(self, self.help)] + [(p, p.help) for p in self.params if getattr(p, "help", None)]
        try:
            for owner, text in saved:
                owner.help = _translated_doc(text)
            super().format_help(ctx, formatter)
        finally:
            for owner, text in saved:
                owner.help = text

    def get_short_help_str(self, limit: int = 45) -> str:
        saved = self.help
        try:
            self.help = _translated_doc(saved)
            return super().get_short_help_str(limit)
        finally:
            self.help = saved


class TranslatedGroup(TranslatedCommand, click.Group):
    command_class = TranslatedCommand
    group_class = type


def _lang_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Eager, so that `pipeline --lang en --help` is already English."""
    _choose_language(value)
    ctx._language_chosen = True
    return value


class Context:
    """What every command needs: the repository root and, loaded once, its settings."""

    def __init__(self, root: Path | None, trust_base: str | None = None):
        self._root = root
        self._settings = None
        self.trust_base = trust_base

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = root_module.find_root()
        return self._root

    @property
    def settings(self):
        """The validated `Settings` (pydantic is imported here, not when the CLI starts)."""
        if self._settings is None:
            from . import config as config_module

            settings = config_module.load_settings(self.root)
            if self.trust_base:
                # people, roles and approval from the base commit, never from the tree being judged
                from .approval import trusted_settings

                settings = trusted_settings(self.root, settings, self.trust_base)
            self._settings = settings
        return self._settings


pass_context = click.make_pass_decorator(Context)


def echo_findings(findings: list[Finding]) -> None:
    if findings:
        click.echo(render_text(findings), err=True)


def fail(exc: PipelineError, code: int = EXIT_FINDINGS) -> None:
    echo_findings(exc.findings)
    errors = sum(f.is_error for f in exc.findings)
    if errors:
        click.secho(ngettext("{count} error found.", "{count} errors found.", errors).format(count=errors),
                    fg="red", err=True)
    sys.exit(EXIT_CONFIG if isinstance(exc, ConfigError) else code)


def stage(title: str) -> None:
    click.secho(f"==> {title}", bold=True)


@click.group(cls=TranslatedGroup, help=__doc__,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), envvar="PIPELINE_ROOT",
              help="The website repository (default: the nearest folder upwards with site_config/pipeline.yml).")
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), is_eager=True, expose_value=False,
              callback=_lang_option,
              help="Language of messages and help: id (Bahasa Indonesia, the default) or en. "
                   "Also PIPELINE_LANG, or language: in pipeline.yml.")
@click.option("--trust-base", metavar="COMMIT", envvar="PIPELINE_TRUST_BASE",
              help="Read people, roles, GitHub logins and approval from pipeline.yml at this commit "
                   "(the publish workflow sets it to the commit before the merge).")
@click.version_option(package_name="court-site-pipeline")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, trust_base: str | None) -> None:
    ctx.obj = Context(root.resolve() if root else None, trust_base or None)
    _choose_language(i18n._language, ctx.obj._root)


@cli.command()
@click.option("--cold", is_flag=True, help="Render every page again instead of only the changed ones.")
@pass_context
def build(ctx: Context, cold: bool) -> None:
    """Build the site from content/ into site/ with MkDocs, strictly.

    Any MkDocs warning (a broken link between pages, a missing file) fails the
    build and is reported with the source file it comes from. Only the pages whose
    sources (or anything they show) changed since the last build are rendered again;
    the cache is in .cache/court/ and deleting it is always safe.

    \b
    Example:
      pipeline build
      pipeline build --cold
    """
    from . import site

    try:
        ctx.settings
        result = site.build(ctx.root, cold=cold)
    except PipelineError as exc:
        fail(exc)
    click.echo(_("Site built: {pages} pages in {folder} ({seconds:.1f} s)").format(
        pages=result.pages, folder=_shown(result.site_dir), seconds=result.seconds))
    if not result.cold:
        click.echo(_("{rendered} pages rendered again, the others kept from the last build").format(
            rendered=result.rendered))


@cli.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@pass_context
def serve(ctx: Context, port: int) -> None:
    """Preview the site at http://127.0.0.1:PORT/, rebuilt live on every change.

    Only the pages a change touches are rendered again (into .cache/court/serve/;
    site/ is left as it is), so an edit shows within seconds even on a large site.

    \b
    Example:
      pipeline serve --port 8001
    """
    from .i18n import _
    from .serve import serve as serve_site

    try:
        ctx.settings
        serve_site(ctx.root, port=port, report=click.echo, announce=lambda url: click.echo("\n".join([
            _("Preview: {url} (built first, then served)").format(url=url),
            _("Watching content/ and site_config/: every saved change rebuilds the site. Stop with Ctrl+C.")])))
    except PipelineError as exc:
        fail(exc)
    except OSError as exc:  # the port is taken, or not ours to use
        fail(ConfigError(error("", None, "port", "serve", _("cannot serve on 127.0.0.1:{port}: {reason}").format(
            port=port, reason=exc.strerror or exc), _("choose another port with --port"))))


@cli.command()
@click.argument("draft", required=False)
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@pass_context
def preview(ctx: Context, draft: str | None, port: int) -> None:
    """Show a draft exactly as it will be published, at http://127.0.0.1:PORT/, rendered again on every save.

    The post (dateline, gallery, the site's look), the home page and the news index
    it will appear on are built in a few seconds from a copy of part of content/ in
    a temporary folder; nothing is written into content/ or drafts/. Saving the
    draft (its index.md or a photo) reloads the page in the browser. Without DRAFT:
    every draft with its narrative (narrated, corrected, approved) as if published
    together. Stop with Ctrl+C.

    \b
    Example:
      pipeline preview 2026-11-20-rapat-evaluasi-kinerja
    """
    import time

    from . import preview as preview_module

    started = time.perf_counter()
    host = "127.0.0.1"
    try:
        ctx.settings
        shown = preview_module.Preview(ctx.root, ctx.settings, [draft] if draft else [])
    except PipelineError as exc:
        fail(exc)
    busy = preview_module.port_problem(host, port)
    if busy is not None:
        shown.close()
        fail(ConfigError(error("", None, "port", "preview", _("cannot serve on 127.0.0.1:{port}: {reason}").format(
            port=port, reason=busy.strerror or busy), _("choose another port with --port"))))
    try:
        try:
            report = shown.build()
        except PipelineError as exc:
            fail(exc)
        echo_findings(list(report.findings))
        base = f"http://{host}:{port}/"
        posts = shown.urls()
        if posts:
            for url in posts:
                click.echo(_("Preview of the post: {url}").format(url=base + url))
        else:
            click.echo(_("Preview: {url} (no draft with its narrative yet: the site as it is)").format(url=base))
        click.echo(_("Home page: {url}  News: {news}").format(url=base, news=base + shown.layout.blog_dir + "/"))
        click.echo(_("Ready in {seconds:.1f} s. Saving the draft shows the change; stop with Ctrl+C.").format(
            seconds=time.perf_counter() - started))

        def on_build(result, problem) -> None:
            if problem is not None:
                echo_findings(problem.findings)
                click.echo(_("The preview still shows the last version that could be built."), err=True)
            elif result is not None:
                click.echo(_("Rendered again in {seconds:.2f} s ({pages} pages).").format(
                    seconds=result.seconds, pages=result.rendered))

        preview_module.serve(shown, host, port, on_build=on_build)
    except OSError as exc:
        fail(ConfigError(error("", None, "port", "preview", _("cannot serve on 127.0.0.1:{port}: {reason}").format(
            port=port, reason=exc.strerror or exc), _("choose another port with --port"))))
    finally:
        shown.close()
    click.echo(_("Preview stopped; its temporary folder is removed."))


@cli.command()
@pass_context
def run(ctx: Context) -> None:
    """The main job: check, publish what is approved, build, guard against leaks, then links and freshness.

    Prints what it did at each stage and, at the end, where the built site is
    and how to preview it.

    \b
    Example:
      pipeline run
    """
    from . import site

    try:
        stage(_("Checking the settings (site_config/)"))
        settings = ctx.settings
        click.echo("    " + _("{court}: {people} staff, {categories} news categories").format(
            court=settings.court.name, people=len(settings.people), categories=len(settings.categories)))
        stage(_("Checking drafts and pages (pipeline check)"))
        _run_check(ctx)
        stage(_("Publishing approved coverage"))
        _run_publish(ctx)
        stage(_("Building the site"))
        result = site.build(ctx.root)
        click.echo("    " + _("{pages} pages in {seconds:.1f} seconds").format(pages=result.pages, seconds=result.seconds))
        stage(_("Checking that no draft leaks into the site"))
        _run_leak_guard(ctx, result.site_dir)
        _run_links_and_freshness(ctx, result.site_dir)
    except PipelineError as exc:
        fail(exc)
    click.echo("\n" + _("Site ready in {folder}/ (open {folder}/index.html).").format(folder=_shown(result.site_dir)))
    click.echo(_("Preview: {command} serve  then open http://127.0.0.1:8000/").format(command=_self_command()))


def _run_publish(ctx: Context) -> None:
    """`pipeline run`: publish every approved draft (step G7, by the publish job)."""
    from . import publish as publish_module

    result = publish_module.publish(ctx.root, ctx.settings)
    for change in result.changes:
        click.echo("    " + _("Published: {draft} -> {folder}/ ({photos} photo files)").format(
            draft=change.draft_id, folder=change.post_dir, photos=len(change.files) - 1))
    if not result.changes:
        click.echo("    " + _("No approved coverage waiting to be published."))


def _run_leak_guard(ctx: Context, site_dir: Path) -> None:
    """`pipeline run`, after the build: nothing in site/ may come from an unpublished draft."""
    from . import publish as publish_module

    findings = publish_module.leak_guard(ctx.root, site_dir)
    if findings:
        raise PipelineError(findings)
    click.echo("    " + _("Safe: nothing of an unpublished draft is on the site."))


def _run_links_and_freshness(ctx: Context, site_dir: Path) -> None:
    """`pipeline run`, after the build: broken internal links stop the job; stale pages are reported."""
    from . import freshness as freshness_module
    from . import links as links_module

    stage(_("Checking internal links, images and anchors"))
    report = links_module.check(ctx.root, site_dir, site_url=ctx.settings.court.site_url)
    if report.errors:
        raise PipelineError(report.findings)
    click.echo("    " + _("{references} references in {pages} pages, all valid ({seconds:.1f} seconds)").format(
        references=report.references, pages=report.pages, seconds=report.seconds))
    stage(_("Checking that the content is up to date"))
    if freshness_module.is_shallow(ctx.root) is None:
        click.echo("    " + _("Skipped: this folder is not a git repository, so the dates of updates are unknown."))
        return
    fresh = freshness_module.report(ctx.root, ctx.settings)
    click.echo(f"    {fresh.summary()}")
    echo_findings(fresh.stale_findings() + list(fresh.findings))
    if fresh.stale:
        click.echo("    " + _("Full report: {command} freshness").format(command=_self_command()))


@cli.command()
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when .github/CODEOWNERS differs from pipeline.yml.")
@pass_context
def codeowners(ctx: Context, check_only: bool) -> None:
    """Write .github/CODEOWNERS from pipeline.yml: the Kasubag PTIP owns every path (`*`).

    GitHub then asks the Kasubag PTIP to review every pull request: drafts,
    content, settings, and the pipeline's own code, tests and workflows, which
    the publish workflow runs with write access. Run it after changing people, roles or GitHub
    logins in pipeline.yml, and commit the file; `pipeline check` reports when
    the two disagree.

    \b
    Example:
      pipeline codeowners
      pipeline codeowners --check
    """
    from . import codeowners as codeowners_module

    try:
        settings = ctx.settings
        if check_only:
            findings = codeowners_module.codeowners_findings(ctx.root, settings)
            if findings:
                raise PipelineError(findings)
            click.echo(_("{path} matches pipeline.yml.").format(path=codeowners_module.CODEOWNERS_PATH))
            return
        changed = codeowners_module.write(ctx.root, settings)
    except PipelineError as exc:
        fail(exc)
    path = codeowners_module.CODEOWNERS_PATH
    click.echo((_("{path} written.") if changed else _("{path} is up to date; nothing changed.")).format(path=path))


@cli.command()
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when a generated file differs from pipeline.yml.")
@pass_context
def generate(ctx: Context, check_only: bool) -> None:
    """Write the files of .github/ that come from pipeline.yml: CODEOWNERS, the
    pull-request template and the job-summary checklist; and the browser editor's
    settings, content/admin/config.yml and index.html, when the site serves it.

    They name the court's people, document numbers and step numbers, so a fork
    edits site_config/ alone: run it after changing pipeline.yml, and commit the
    files; `pipeline check` reports when they disagree.

    \b
    Example:
      pipeline generate
      pipeline generate --check
    """
    from . import codeowners as codeowners_module
    from . import generated
    from .i18n import _

    try:
        settings = ctx.settings
        if check_only:
            from . import cms as cms_module

            findings = codeowners_module.codeowners_findings(ctx.root, settings) + \
                generated.drift_findings(ctx.root, settings) + cms_module.cms_findings(ctx.root, settings)
            if findings:
                raise PipelineError(findings)
            click.echo(_("The generated files agree with pipeline.yml."))
            return
        changed = generated.write_all(ctx.root, settings)
    except PipelineError as exc:
        fail(exc)
    for path in changed:
        click.echo(_("written: {path}").format(path=path))
    if not changed:
        click.echo(_("The generated files agree with pipeline.yml; nothing written."))


def _court_options(command):
    """One option per court field and code of `pipeline init` (--name, --city..., --coverage-form, --sop)."""
    from .court_fields import CODE_FIELDS, COURT_FIELDS

    for key, question in reversed(COURT_FIELDS + CODE_FIELDS):
        command = click.option("--" + key.replace("_", "-"), key, default=None, help=question)(command)
    return command


@cli.command()
@_court_options
@click.option("--person", "people", multiple=True, metavar="ID:ROLE:GITHUB:NAME",
              help="A person of the court (repeat for each; replaces the people). ROLE: operator, kasubag_ptip, "
                   "sekretaris or ketua; GITHUB may be empty.")
@click.option("--language", type=click.Choice(["id", "en"]), default=None,
              help="Language of the messages staff read (language: in pipeline.yml).")
@click.option("--remove-samples", is_flag=True,
              help="Also delete the sample news posts (the posts whose front matter says sample: true).")
@click.option("--dry-run", is_flag=True, help="Show the changes; write nothing.")
@click.option("--no-input", is_flag=True, help="Never ask: what no option gives stays as it is.")
@click.option("--ask", is_flag=True, help="Ask for what no option gives even when input is not a terminal.")
@pass_context
def init(ctx: Context, people: tuple[str, ...], language: str | None, remove_samples: bool, dry_run: bool,
         no_input: bool, ask: bool, **court: str | None) -> None:
    """Make this repository your court's: its name, address, contacts, site, time zone and people.

    Writes site_config/pipeline.yml (comments and every other setting kept),
    shows what changed as a diff, and regenerates the files that come from it
    (CODEOWNERS, the pull-request template, the checklist). In a terminal it
    asks for what no option gives, showing the current value; --no-input keeps
    those as they are. Freshness policies of people who are gone pass to the
    new person with the same role. --remove-samples deletes the sample news
    posts. Then run `pipeline run` and commit.

    \b
    Example:
      pipeline init
      pipeline init --name "Pengadilan Agama Sukamaju" --short-name "PA Sukamaju" \\
        --city Sukamaju --address "Jl. Merdeka No. 1, Sukamaju" --phone "(0751) 123456" \\
        --email info@pa-sukamaju.go.id --site-url https://www.pa-sukamaju.go.id/ \\
        --person "yusuf:operator:yusuf-pasmj:Yusuf Anwar, S.Kom." \\
        --person "sari:kasubag_ptip:sari-pasmj:Sari Wulandari, S.T." --remove-samples --no-input
    """
    from . import init as init_module
    from .i18n import _

    try:
        root = ctx.root
        if ask or (not no_input and sys.stdin.isatty()):
            court, people = _ask_court(root, court, people)
        entries = [init_module.parse_person(spec) for spec in people] if people else None
        codes = {key: court.pop(key, None) for key, _question in init_module.CODE_FIELDS}
        todo = init_module.plan(root, court=court, people=entries, codes=codes, language=language,
                                remove_samples=remove_samples)
        diff = todo.diff()
        if diff:
            click.echo(diff, nl=False)
        else:
            click.echo(_("{path} already says this; nothing to change there.").format(path=init_module.CONFIG_PATH))
        for old, new in todo.owners.items():
            click.echo(_("freshness: the pages of {old} now belong to {new}").format(old=old, new=new))
        for folder in todo.samples:
            click.echo(_("sample post to remove: {path}").format(path=folder.relative_to(root).as_posix()))
        if dry_run:
            click.echo(_("Dry run: nothing written."))
            return
        done = init_module.apply(root, todo)
    except PipelineError as exc:
        fail(exc)
    for path in done:
        click.echo(_("written: {path}").format(path=path) if not path.endswith("/")
                   else _("removed: {path}").format(path=path))
    click.echo(_("Next: {command} run, then commit the changes.").format(command=_self_command()))


def _ask_court(root: Path, court: dict, people: tuple[str, ...]) -> tuple[dict, tuple[str, ...]]:
    """Ask in the terminal for every court field, code and the people no option gave, the current value as default."""
    from .files import load_yaml
    from .i18n import _
    from .init import CODE_FIELDS, CONFIG_PATH, COURT_FIELDS, PERSON_FORMAT

    try:
        tree = load_yaml((root / CONFIG_PATH).read_text(encoding="utf-8")) or {}
    except Exception:  # noqa: BLE001 - plan() reports a broken file precisely; here it only gives defaults
        tree = {}
    current = tree.get("court") if isinstance(tree, dict) and isinstance(tree.get("court"), dict) else {}
    court = dict(court)
    codes = tree.get("codes") if isinstance(tree, dict) and isinstance(tree.get("codes"), dict) else {}
    for fields, values in ((COURT_FIELDS, current), (CODE_FIELDS, codes)):
        for key, question in fields:
            if court.get(key) is None:
                court[key] = click.prompt(_(question), default=str(values.get(key, "")), show_default=True)
    if not people:
        listed = tree.get("people") if isinstance(tree, dict) else None
        for person in listed or []:
            if isinstance(person, dict):
                click.echo(f"  {person.get('id')}:{person.get('role')}:{person.get('github') or ''}:{person.get('name')}")
        if click.confirm(_("Replace these people?"), default=False):
            click.echo(_("One person a line as {format}; an empty line ends the list.").format(format=PERSON_FORMAT))
            answers = []
            while answer := click.prompt(_("Person"), default="", show_default=False).strip():
                answers.append(answer)
            people = tuple(answers)
    return court, people


@cli.group()
def cms() -> None:
    """The browser editor at /admin/ (Sveltia CMS): its vendored script and the pull-request bridge.

    Its settings (content/admin/config.yml and index.html) are written by
    `pipeline generate` from pipeline.yml.
    """


@cms.command("bridge")
@click.option("--event", "event_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The pull_request event payload (in a workflow: $GITHUB_EVENT_PATH).")
@click.option("--base-config", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="pipeline.yml of the BASE branch: people, roles and rules are read from it, never from the PR.")
@click.option("--comment", "comment_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the pull-request comment (Markdown) here when there is one to post.")
@pass_context
def cms_bridge(ctx: Context, event_path: Path, base_config: Path, comment_path: Path | None) -> None:
    """Turn a browser-editor pull request (branch cms/drafts/<id>) into editorial steps.

    Maps the pull request's author to a person of the base branch's pipeline.yml
    (an unknown login is refused, exit 1, with a comment saying whom to ask),
    gives a new draft its `collected` history entry, runs every photo not yet
    normalised through the intake (the upload is replaced by its normalised
    copy), and when the labels say "in review" or "ready" takes `selected` and
    `narrated` if their requirements hold; otherwise the comment lists what is
    missing. It never approves: the Kasubag PTIP approves by review. Writes
    `changed`, `refused` and `branch` to $GITHUB_OUTPUT when that is set.

    \b
    Example:
      pipeline cms bridge --event "$GITHUB_EVENT_PATH" --base-config ../base/site_config/pipeline.yml \\
        --comment "$RUNNER_TEMP/comment.md"
    """
    import json
    import os

    from . import cms as cms_module

    try:
        try:
            payload = json.loads(event_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PipelineError(error(_shown(event_path), None, "", "cms",
                                      _("not a JSON event payload ({detail})").format(detail=exc),
                                      _("pass the file GitHub names in $GITHUB_EVENT_PATH")))
        from .config import load_settings_file

        base = load_settings_file(base_config, _shown(base_config))
        result = cms_module.bridge(ctx.root, base, payload)
    except PipelineError as exc:
        fail(exc)
    if comment_path is not None and result.comment:
        from .files import atomic_write

        atomic_write(comment_path, result.comment)
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as fh:
            fh.write(f"changed={'true' if result.changed else 'false'}\n"
                     f"refused={'true' if result.refused else 'false'}\n")
            if result.branch and not result.skipped:
                fh.write(f"branch={result.branch}\n")
    if result.skipped:
        click.echo(_("Skipped: {why}.").format(why=result.skipped))
        return
    for step in result.steps:
        click.echo(_("{draft}: step {step} recorded for {person}.").format(draft=result.draft_id, step=step,
                                                                          person=result.person))
    for old, new in result.photos:
        click.echo(f"    {old} -> {new}")
    if result.comment:
        click.echo(result.comment, nl=False)
    if result.refused:
        sys.exit(EXIT_FINDINGS)


@cms.command("vendor")
@pass_context
def cms_vendor(ctx: Context) -> None:
    """Fetch the pinned Sveltia CMS from the npm registry into content/admin/.

    Runs `npm pack` for the version of @sveltia/cms pinned in pipeline/cms.py
    and the editor's icon font; refuses a tarball whose SHA-512 is not the
    pinned integrity, and writes sveltia-cms.js, the font and their licences.
    Needs npm.

    \b
    Example:
      pipeline cms vendor && pipeline generate --check
    """
    from . import cms as cms_module

    try:
        written = cms_module.vendor(ctx.root)
    except PipelineError as exc:
        fail(exc)
    pinned = {name: digest for pin in cms_module.VENDORED for name, digest in pin.files.values()}
    for name, digest in written.items():
        mark = "" if pinned.get(name) == digest else "  " + _("(NEW: copy this SHA-256 into pipeline/cms.py)")
        click.echo(f"    {cms_module.ADMIN_PATH}/{name}  sha256 {digest}{mark}")
    sri = cms_module.script_sri((ctx.root / cms_module.ADMIN_PATH / cms_module.SCRIPT_NAME).read_bytes())
    if sri != cms_module.SCRIPT_SRI:
        click.echo(_("SCRIPT_SRI in pipeline/cms.py differs: set it to {sri}, then run pipeline generate.").format(
            sri=sri))
    click.echo(_("Sveltia CMS {version} is ready in {folder}/.").format(version=cms_module.SVELTIA.version,
                                                                       folder=cms_module.ADMIN_PATH))


@cli.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="The built site to check (default: site/).")
@pass_context
def leaks(ctx: Context, site_dir: Path | None) -> None:
    """Check the built site for anything from a draft that is not published.

    The leak guard `pipeline run` runs after every build, on its own for CI
    steps: pages, sitemap.xml, the feeds and the search index must hold no id,
    title, summary or post marker of an unpublished draft. Exit 1 on a leak.

    \b
    Example:
      pipeline build && pipeline leaks
    """
    try:
        ctx.settings
        _run_leak_guard(ctx, site_dir.resolve() if site_dir else ctx.root / "site")
    except PipelineError as exc:
        fail(exc)


@cli.group()
def photos() -> None:
    """Bring photos into a draft safely: upright, metadata removed, sized for the web."""


@photos.command("add")
@click.argument("draft")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def photos_add(ctx: Context, draft: str, files: tuple[Path, ...]) -> None:
    """Copy photos into DRAFT's photos/ folder, normalised.

    DRAFT is a draft folder (drafts/<id>) or just its id. Each copy is turned
    upright, converted to sRGB, stripped of every metadata block (GPS location,
    camera data, comments) and capped at photos.max_long_edge pixels. The
    originals are only read: never changed, moved or deleted. A name already
    taken in photos/ gets a -2, -3... suffix; nothing there is overwritten.
    Each new photo is listed in the draft's `photos:` (file, empty caption and
    alt, selected: false), ready for step G4 to fill in and select.
    All or nothing: if one file is bad, none is added and every bad file is
    listed with how to fix it.

    \b
    Example:
      pipeline photos add 2026-11-20-rapat-evaluasi ~/Kamera/IMG_0012.JPG ~/Kamera/IMG_0013.JPG
      pipeline photos add drafts/2026-11-20-rapat-evaluasi /media/kartu-sd/DCIM/*.JPG
    """
    from . import drafts as drafts_module
    from . import photos as photos_module

    try:
        settings = ctx.settings
        draft_dir = photos_module.resolve_draft(ctx.root, draft)
        written = photos_module.intake_many(list(files), draft_dir / "photos", settings.photos,
                                            cache=photos_module.default_cache(ctx.root),
                                            shown=[_shown(f) for f in files])
        listed = drafts_module.record_photos(draft_dir, ctx.root,
                                             [p.relative_to(draft_dir).as_posix() for p in written])
    except PipelineError as exc:
        fail(exc)
    for src, path in zip(files, written):
        click.echo(f"    {_shown(src)} -> {_shown(path)}")
    click.echo(_("{count} photos ready in {folder}/ (no metadata, upright).").format(
        count=len(written), folder=_shown(draft_dir / "photos")))
    if listed:
        click.echo(_("{count} photos listed under photos: in {path}; fill in caption and alt, then mark "
                     "the chosen photos selected: true.").format(count=len(listed), path=_shown(draft_dir / "index.md")))


_TO_OPTION = click.option("--to", "to", type=click.Path(file_okay=False, path_type=Path),
                          help="The backup folder (default: backup.target in pipeline.yml).")


def _megabytes(count: int) -> str:
    return f"{count / 1e6:,.1f} MB"


@cli.group()
def backup() -> None:
    """Back up the site's data, check and restore backups, keep a few (step F5 of the procedure)."""


@backup.command("create")
@_TO_OPTION
@pass_context
def backup_create(ctx: Context, to: Path | None) -> None:
    """Write one archive of content/, drafts/, site_config/, site/ and the git history.

    The archive (an uncompressed tar: photos do not compress) holds a manifest
    with the SHA-256 and size of every file, the git commit, the time and the
    tool version. It is written under a temporary name and renamed when complete;
    a failure leaves no archive and older backups untouched.

    \b
    Example:
      pipeline build && pipeline backup create
      pipeline backup create --to /media/hdd-cadangan/website
    """
    from . import backup as backup_module

    try:
        result = backup_module.create(ctx.root, ctx.settings, to)
    except PipelineError as exc:
        fail(exc)
    echo_findings(result.findings)
    click.echo(_("Backup created: {archive} ({files} files, {size}, {seconds:.1f} s)").format(
        archive=_shown(result.archive), files=result.files, size=_megabytes(result.bytes), seconds=result.seconds))


@backup.command("verify")
@click.argument("archive", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--all", "every", is_flag=True, help="Verify every backup in the backup folder.")
@_TO_OPTION
@pass_context
def backup_verify(ctx: Context, archive: Path | None, every: bool, to: Path | None) -> None:
    """Re-read a backup and compare every byte with its manifest.

    Reports a damaged file (a flipped byte), a missing or extra file and a
    truncated archive. Exit status 1 when any backup fails.

    \b
    Example:
      pipeline backup verify backups/backup-20261120T180000Z.tar
      pipeline backup verify --all
    """
    from . import backup as backup_module

    if (archive is None) == (not every):
        raise click.UsageError(_("give one ARCHIVE, or --all"))
    try:
        if every:
            folder = backup_module.backup_dir(ctx.root, ctx.settings, to)
            archives = [b.path for b in backup_module.list_backups(folder)]
            if not archives:
                raise PipelineError(error(_shown(folder), None, "", "backup-verify", _("no backups in this folder"),
                                          _("run `pipeline backup create` first")))
        else:
            archives = [archive]
    except PipelineError as exc:
        fail(exc)
    failed: list[Finding] = []
    for path in archives:
        report = backup_module.verify(path)
        if report.ok:
            click.echo(_("INTACT  {archive} ({files} files, {size}, {seconds:.1f} s)").format(
                archive=_shown(path), files=report.files, size=_megabytes(report.bytes), seconds=report.seconds))
        else:
            click.secho(_("DAMAGED {archive}").format(archive=_shown(path)), fg="red")
            failed += report.findings
    if failed:
        fail(PipelineError(failed))


@backup.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST's contents when it is not empty (after the restore verified).")
def backup_restore(archive: Path, dest: Path, force: bool) -> None:
    """Restore ARCHIVE into the folder DEST, verify every file, and rebuild the git repository.

    Refuses a non-empty DEST unless --force, and any archive entry that is an
    absolute path, contains `..`, or is a link leading out of DEST. The files
    are unpacked beside DEST and verified first: a failure leaves DEST as it was.

    \b
    Example:
      pipeline backup restore /media/hdd-cadangan/website/backup-20261120T180000Z.tar ~/website-pulih
    """
    from . import backup as backup_module

    try:
        result = backup_module.restore(archive, dest, force=force)
    except PipelineError as exc:
        fail(exc)
    echo_findings(result.findings)
    if result.git_restored:
        done = _("Restored to {folder}: {files} files ({size}), all match the manifest; git history restored.")
    else:
        done = _("Restored to {folder}: {files} files ({size}), all match the manifest.")
    click.echo(done.format(folder=_shown(result.dest), files=result.files, size=_megabytes(result.bytes)))


@backup.command("drill")
@click.argument("archive", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_TO_OPTION
@pass_context
def backup_drill(ctx: Context, archive: Path | None, to: Path | None) -> None:
    """Restore drill: restore the newest backup into a temporary folder, rebuild, compare.

    The site rebuilt from the restored backup must match the backed-up site file
    by file. Ignored, because they depend on the day of the build: the dates in
    sitemap.xml and the "perlu diperbarui" notice on overdue pages (and in the
    search index). Nothing outside the temporary folder is touched.

    \b
    Example:
      pipeline backup drill
      pipeline backup drill backups/backup-20261120T180000Z.tar
    """
    from . import backup as backup_module

    try:
        settings = ctx.settings
        if archive is None:
            backups = backup_module.list_backups(backup_module.backup_dir(ctx.root, settings, to))
            archive = backups[-1].path if backups else None
            if archive is None:
                raise PipelineError(error(_shown(backup_module.backup_dir(ctx.root, settings, to)), None, "",
                                          "backup-drill", _("no backup to drill with"),
                                          _("run `pipeline backup create` first")))
        stage(_("Restoring {archive} into a temporary folder, then rebuilding the site").format(archive=_shown(archive)))
        report = backup_module.drill(ctx.root, settings, archive)
    except PipelineError as exc:
        fail(exc)
    for name, why in report.ignored:
        click.echo("    " + _("ignored: site/{name} ({why})").format(name=name, why=_(why)))
    if not report.ok:
        fail(PipelineError(report.findings))
    click.echo(_("Restore drill passed: {count} site files are the same as in the backup ({seconds:.1f} s).").format(
        count=report.compared, seconds=report.seconds))


@backup.command("list")
@_TO_OPTION
@pass_context
def backup_list(ctx: Context, to: Path | None) -> None:
    """List the backups, oldest first, as a Markdown table (time at the court).

    \b
    Example:
      pipeline backup list
      pipeline backup list --to /media/hdd-cadangan/website >> "$GITHUB_STEP_SUMMARY"
    """
    from datetime import datetime, timezone

    from . import backup as backup_module

    settings = ctx.settings
    folder = backup_module.backup_dir(ctx.root, settings, to)
    backups = backup_module.list_backups(folder)
    if not backups:
        click.echo(_("No backups in {folder} yet.").format(folder=_shown(folder)))
        return
    now = datetime.now(timezone.utc)
    click.echo(_("| Backup | Created | Size | Age |") + "\n|---|---|---|---|")
    for info in backups:
        hours = (now - info.created).total_seconds() / 3600
        age = _("{hours:.0f} hours").format(hours=hours) if hours < 48 else _("{days:.0f} days").format(days=hours / 24)
        made = info.created.astimezone(settings.court.tz).strftime("%Y-%m-%d %H:%M %Z")
        click.echo(f"| `{info.name}` | {made} | {_megabytes(info.size)} | {age} |")


@backup.command("prune")
@click.option("--keep-daily", type=click.IntRange(min=0), help="Days to keep one backup of (default: backup.keep_daily).")
@click.option("--keep-weekly", type=click.IntRange(min=0), help="Weeks to keep one backup of (default: backup.keep_weekly).")
@click.option("--keep-monthly", type=click.IntRange(min=0),
              help="Months to keep one backup of (default: backup.keep_monthly).")
@click.option("--dry-run", is_flag=True, help="Only say what would be removed.")
@_TO_OPTION
@pass_context
def backup_prune(ctx: Context, keep_daily: int | None, keep_weekly: int | None, keep_monthly: int | None,
                 dry_run: bool, to: Path | None) -> None:
    """Remove old backups: keep the newest of each of the last N days, weeks and months.

    The newest backup that verifies is never removed; when none verifies,
    nothing is removed at all.

    \b
    Example:
      pipeline backup prune --dry-run
      pipeline backup prune --keep-daily 7 --keep-weekly 4 --keep-monthly 12
    """
    from . import backup as backup_module

    try:
        plan = backup_module.prune(ctx.root, ctx.settings, keep_daily, keep_weekly, keep_monthly, dry_run=dry_run, to=to)
    except PipelineError as exc:
        fail(exc)
    labels = {"daily": _("daily"), "weekly": _("weekly"), "monthly": _("monthly"),
              "newest verified": _("newest verified")}
    for info, reasons in plan.keep:
        click.echo(_("keep    {name} ({reasons})").format(name=info.name, reasons=", ".join(labels.get(r, r) for r in reasons)))
    for info in plan.remove:
        click.echo((_("would remove  {name}") if dry_run else _("removed  {name}")).format(name=info.name))
    summary = _("{kept} kept, {removed} would be removed (dry run).") if dry_run else _("{kept} kept, {removed} removed.")
    click.echo(summary.format(kept=len(plan.keep), removed=len(plan.remove)))


@cli.group(invoke_without_command=True)
@click.pass_context
def deploy(click_ctx: click.Context) -> None:
    """Deploy the built site/ to the target in pipeline.yml, check it, roll back if it fails.

    Refuses a site with broken internal links or unpublished material. A `dir`
    target gets a new releases/<time>/ folder and its `current` link is switched
    in one step; a `git` target gets a new commit on its branch, pushed without
    force. Then the home page, the newest post and the feed are read back from
    what was deployed; if that fails, the previous release is put back. Every
    deploy and rollback is recorded in deploy-log.jsonl in the deploy folder.

    \b
    Example:
      pipeline run && pipeline deploy
      pipeline deploy rollback
    """
    if click_ctx.invoked_subcommand is not None:
        return
    from . import deploy as deploy_module

    ctx: Context = click_ctx.obj
    try:
        settings = ctx.settings
        result = deploy_module.deploy(ctx.root, settings)
    except PipelineError as exc:
        fail(exc)
    if not result.changed:
        click.echo(_("No change: release {release} is already live.").format(release=result.release[:12]))
        return
    click.echo(_("Site deployed ({target}): release {release} (before: {previous}).").format(
        target=settings.deploy.target, release=result.release[:20], previous=result.previous[:20] if result.previous else "-"))
    click.echo(_("Live check passed: {checked}.").format(checked=", ".join(result.checked)))


@deploy.command("rollback")
@pass_context
def deploy_rollback(ctx: Context) -> None:
    """Go back one release: the one before the live one (a new commit for a `git` target).

    \b
    Example:
      pipeline deploy rollback
    """
    from . import deploy as deploy_module

    try:
        result = deploy_module.rollback(ctx.root, ctx.settings)
    except PipelineError as exc:
        fail(exc)
    previous = result.previous[:20] if result.previous else "-"
    if result.target == "git":
        done = _("Rolled back to release {release} with a new commit {commit} (before: {previous}).")
    else:
        done = _("Rolled back to release {release} (before: {previous}).")
    click.echo(done.format(release=result.restored[:20], commit=result.release[:12], previous=previous))
    click.echo(_("Live check passed: {checked}.").format(checked=", ".join(result.checked)))


@cli.command()
@click.option("--external", is_flag=True,
              help="Also check links to other sites with LinkChecker (needs the network; rate-limited per host, "
                   "obeys robots.txt). Broken external links are warnings.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="The built site (default: site_dir of site_config/mkdocs.yml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="How to print the findings.")
@pass_context
def links(ctx: Context, external: bool, site_dir: Path | None, fmt: str) -> None:
    """Check every internal link, image and #anchor of the built site.

    Reads the HTML in site/ (run `pipeline build` first) and reports each broken
    reference at the Markdown file it comes from, with the line where it can be
    found. Nothing leaves the machine unless --external is given. Exits 1 when an
    internal link is broken.

    \b
    Example:
      pipeline build && pipeline links
      pipeline links --external --format github
    """
    from . import links as links_module
    from .findings import append_step_summary, render_github, render_json, render_markdown

    try:
        settings = ctx.settings
        site_dir = site_dir or _site_dir(ctx.root)
        report = links_module.check(ctx.root, site_dir, site_url=settings.court.site_url, external=external)
    except PipelineError as exc:
        fail(exc)
    if fmt == "json":
        click.echo(render_json(report.findings))
    elif fmt == "github":
        if report.findings:
            click.echo(render_github(report.findings))
    else:
        echo_findings(report.findings)
    append_step_summary(render_markdown(report.findings, _("Link check")))
    if external:
        done = _("{references} internal references and {external} external links in {pages} pages checked "
                 "({seconds:.1f} s): {broken} broken.")
    else:
        done = _("{references} internal references in {pages} pages checked ({seconds:.1f} s): {broken} broken.")
    click.echo(done.format(references=report.references, external=report.external, pages=report.pages,
                           seconds=report.seconds, broken=len(report.errors)), err=fmt != "text")
    if report.errors:
        sys.exit(EXIT_FINDINGS)


def _site_dir(root: Path) -> Path:
    from . import links, site

    return links.configured_site_dir(root) or Path(site.load_mkdocs_config(root)["site_dir"])


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text: tables for a terminal; markdown: for a GitHub issue or job summary; json: for tools.")
@click.option("--fail-on-stale", is_flag=True, help="Exit 1 when a page is overdue for an update.")
@click.option("--allow-shallow", is_flag=True,
              help="Accept a shallow git clone (its commit dates are wrong: the report says so).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Judge as of this date, YYYY-MM-DD (default: today at the court).")
@pass_context
def freshness(ctx: Context, fmt: str, fail_on_stale: bool, allow_shallow: bool, today) -> None:
    """Report pages not updated in time, by owner, most overdue first (steps F1-F3).

    A page's last update is the later of its last git commit and a `reviewed:`
    date in its front matter. The policies (how old a page may get) are in
    site_config/pipeline.yml under freshness.policies; a page may set its own
    `review_in: DAYS`. The report is in Bahasa Indonesia, for the Kasubag PTIP.

    \b
    Example:
      pipeline freshness
      pipeline freshness --format markdown --fail-on-stale > laporan.md
    """
    from . import freshness as freshness_module
    from .findings import append_step_summary

    try:
        report = freshness_module.report(ctx.root, ctx.settings, today=today.date() if today else None,
                                         allow_shallow=allow_shallow)
    except PipelineError as exc:
        fail(exc)
    _echo_report(report, fmt)
    from .backup import backup_findings  # F5 belongs in the same weekly look: is the newest backup recent?

    echo_findings(list(report.findings) + backup_findings(ctx.root, ctx.settings))
    append_step_summary(report.render_markdown())
    if any(f.is_error for f in report.findings) or (fail_on_stale and report.stale):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text: a table for a terminal; markdown: for a GitHub issue or job summary; json: for tools.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds to wait for each response (default: monitor.timeout_seconds).")
@click.option("--retries", type=click.IntRange(min=0), default=None,
              help="Retries after a timeout, refused connection or 5xx (default: monitor.retries).")
@click.option("--no-feed", is_flag=True, help="Do not read the news feed (feed_rss.xml) of each URL.")
@click.option("--ca-file", type=click.Path(dir_okay=False, exists=True),
              help="Also trust the certificate(s) in this PEM file (a staging server's own CA).")
@pass_context
def monitor(ctx: Context, urls: tuple[str, ...], fmt: str, timeout: float | None, retries: int | None,
            no_feed: bool, ca_file: str | None) -> None:
    """Check the live site: HTTP status, response time, redirects, TLS expiry, news feed.

    URLS default to monitor.urls in site_config/pipeline.yml, or the court's
    site_url. The newest post in each site's feed_rss.xml is compared with the
    repository's newest post: an older one means the site was not deployed.
    Exits 1 when a site is down, its certificate is invalid, or its feed is behind.

    \b
    Example:
      pipeline monitor
      pipeline monitor https://www.example.go.id/ --format markdown
    """
    from datetime import datetime

    from . import freshness as freshness_module
    from . import monitor as monitor_module
    from .findings import append_step_summary

    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise click.UsageError(_("not an http(s) URL: {url}").format(url=bad[0]))
    try:
        settings = ctx.settings
        targets = list(urls) or list(settings.monitor.urls) or [settings.court.site_url]
        news = next((p for p in settings.freshness.policies if p.kind == "newest"), None)
        options = monitor_module.Options(
            timeout=timeout or settings.monitor.timeout_seconds,
            retries=settings.monitor.retries if retries is None else retries,
            slow_seconds=settings.monitor.slow_seconds, tls_warn_days=settings.monitor.tls_warn_days,
            news_max_age_days=news.max_age_days if news else None, check_feed=not no_feed, ca_file=ca_file)
        repo_newest = freshness_module.newest_post(ctx.root, settings)
        report = monitor_module.check(targets, options, repo_newest=repo_newest,
                                      now=datetime.now(settings.court.tz))
    except PipelineError as exc:
        fail(exc)
    _echo_report(report, fmt)
    append_step_summary(report.render_markdown())
    if report.errors:
        sys.exit(EXIT_FINDINGS)


def _width() -> int:
    import shutil

    return max(100, shutil.get_terminal_size((120, 24)).columns)


# --- section G: drafts, checks, steps, approval, status, evidence (workflow issue) ---

class _AdvanceChoice(click.Choice):
    """The three statuses `advance` takes; approval and publishing name the command that takes them."""

    ELSEWHERE = {"approved": "approve", "published": "publish"}

    # the values of steps.ADVANCE_STEPS, read when a value or the help needs them
    # (pipeline.steps loads the settings' models; test_cli checks the two agree)
    VALUES = ("selected", "narrated", "corrected")

    def __init__(self) -> None:
        super().__init__(self.VALUES)

    def convert(self, value, param, ctx):
        if value in self.ELSEWHERE:
            from .i18n import _

            self.fail(_("{status} is not taken with `advance`: use `pipeline {command}`").format(
                status=value, command=self.ELSEWHERE[value]), param, ctx)
        return super().convert(value, param, ctx)


def _step(value: str):
    from .config import Step

    return Step(value)


def _check_summary(findings: list[Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    return _("{errors} errors, {warnings} warnings.").format(errors=errors, warnings=len(findings) - errors)


@cli.command()
@click.option("--title", required=True, help="Title of the coverage, as it will be published.")
@click.option("--date", "event_date", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Date of the event, YYYY-MM-DD.")
@click.option("--reporter", required=True, help="Person id (from pipeline.yml) of the operator covering it.")
@click.option("--location", default="", help="Where the event took place.")
@click.option("--category", default="", help="One of the categories in pipeline.yml.")
@click.option("--photos", "photos_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of photos to bring in (copied, never moved; metadata removed).")
@pass_context
def new(ctx: Context, title: str, event_date, reporter: str, location: str, category: str,
        photos_dir: Path | None) -> None:
    """Start a draft: drafts/<date>-<slug>/index.md at status `collected` (step G3).

    The first history entry records who collected it and when. Photos from
    --photos go through the same intake as `pipeline photos add`: upright,
    every metadata block removed. All or nothing; an existing draft is never
    touched. What `pipeline check` would refuse (a title shorter or longer than
    narrative.title_min/title_max in pipeline.yml, an unknown category) is
    refused here, so the new draft passes the check as it is.

    \b
    Example:
      pipeline new --title "Rapat Evaluasi Kinerja Bulan November 2026" --date 2026-11-20 \\
        --reporter OPERATOR --location "Ruang Rapat Utama" --category Rapat --photos ~/Kamera/rapat
      (OPERATOR: a person id from people in site_config/pipeline.yml)
    """
    from . import workflow

    try:
        draft = workflow.new_draft(ctx.root, ctx.settings, title=title, event_date=event_date.date(),
                                   reporter=reporter, location=location, category=category, photos_dir=photos_dir)
    except PipelineError as exc:
        fail(exc)
    count = len(draft.meta.photos)
    click.echo(_("Draft created: {path} ({count} photos), status collected.").format(path=_shown(draft.path), count=count))
    click.echo(_("Next: select photos (selected: true, caption, alt), then {command}").format(
        command=f"pipeline advance {draft.id} --to selected --by {reporter}"))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text: `path:line: field: message`; json: for tools; github: annotations on the pull request.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--deep-photos", is_flag=True,
              help="Decode every photo fully (finds damage inside the data; about 20 ms a photo instead of 0.03).")
@click.option("--fix-privacy", is_flag=True,
              help="Rewrite the narrative of the given drafts with the privacy suggestions (initials, masked "
                   "numbers, kabupaten/kota) and show the diff; nothing is written without --yes.")
@click.option("--yes", is_flag=True, help="With --fix-privacy: write the rewritten narratives.")
@pass_context
def check(ctx: Context, paths: tuple[Path, ...], fmt: str, strict: bool, deep_photos: bool, fix_privacy: bool,
          yes: bool) -> None:
    """Check drafts and content pages: schema, photos, narrative, privacy, safety.

    With no PATHS: every draft, every content page and the repository rules.
    Every finding is reported at once. With --format github, findings become
    annotations and a summary is appended to $GITHUB_STEP_SUMMARY when set.
    Exit 0 when clean, 1 when an error was found (or a warning, with --strict).

    \b
    Example:
      pipeline check
      pipeline check drafts/2026-11-20-rapat-evaluasi-kinerja
      pipeline check --format github --strict
      pipeline check --fix-privacy drafts/2026-11-20-sidang-keliling --yes
    """
    if fix_privacy:
        return _fix_privacy(ctx, paths, yes)
    from . import checks
    from .findings import append_step_summary, render_github, render_json, render_markdown

    try:
        findings = checks.check_paths(ctx.root, ctx.settings, list(paths) or None, deep_photos=deep_photos)
    except PipelineError as exc:
        fail(exc)
    if fmt == "json":
        click.echo(render_json(findings))
    elif fmt == "github":
        if findings:
            click.echo(render_github(findings))
        append_step_summary(render_markdown(findings, _("Check of drafts and pages")))
    elif findings:
        click.echo(render_text(findings))
    click.echo(_check_summary(findings) if findings else _("No problems found."), err=fmt != "text")
    if any(f.is_error for f in findings) or (strict and findings):
        sys.exit(EXIT_FINDINGS)


def _fix_privacy(ctx: Context, paths: tuple[Path, ...], yes: bool) -> None:
    """`check --fix-privacy`: the diff of each narrative rewritten with the suggestions; written only with --yes."""
    from . import privacy
    from .files import atomic_write
    from .i18n import _

    if not paths:
        fail(PipelineError(error("", None, "", "check", _("--fix-privacy needs the drafts or pages to fix"),
                                 _("give a path, e.g. pipeline check --fix-privacy drafts/2026-11-20-rapat"))),
             EXIT_CONFIG)
    files = []
    for given in paths:
        path = Path(given).resolve()
        files.append(path / "index.md" if path.is_dir() else path)
    left = []
    pending = False
    for path in files:
        try:
            fix = privacy.fix_file(ctx.root, ctx.settings, path)
        except PipelineError as exc:
            fail(exc)
        left += fix.left
        if not fix.changed:
            click.echo(_("{path}: no privacy finding in the narrative").format(path=fix.shown))
            continue
        click.echo(fix.diff(), nl=False)
        if yes:
            atomic_write(path, fix.new)
            click.echo(_("{path}: {count} change(s) written").format(path=fix.shown, count=len(fix.applied)))
        else:
            pending = True
            click.echo(_("{path}: {count} change(s) not written; run again with --yes to write them").format(
                path=fix.shown, count=len(fix.applied)))
    if left:
        click.echo(_("Fix these front-matter fields by hand:"))
        click.echo(render_text(left))
    if pending or left:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("draft_id", metavar="ID")
@click.option("--to", "to", required=True, type=_AdvanceChoice(), help="The next status: selected, narrated or corrected.")
@click.option("--by", "by", required=True, help="Person id (from pipeline.yml) taking the step.")
@pass_context
def advance(ctx: Context, draft_id: str, to: str, by: str) -> None:
    """Take the next editorial step (G4 selected, G5 narrated, G6 corrected).

    Checks that BY holds the step's role and that the draft meets the step's
    requirements; when refused, lists everything that is missing. Only the
    `status` line and one history line of index.md change.

    \b
    Example:
      pipeline advance 2026-11-20-rapat-evaluasi-kinerja --to selected --by OPERATOR
      pipeline advance 2026-11-20-rapat-evaluasi-kinerja --to corrected --by KASUBAG
      (OPERATOR, KASUBAG: person ids from people in site_config/pipeline.yml)
    """
    from . import workflow

    try:
        draft = workflow.advance(ctx.root, ctx.settings, draft_id, _step(to), by)
    except PipelineError as exc:
        fail(exc)
    click.echo(_("{draft}: status {status} (by {person}).").format(draft=draft.id, status=draft.status.value, person=by))


@cli.command("return")
@click.argument("draft_id", metavar="ID")
@click.option("--to", "to", default="narrated", show_default=True, type=click.Choice(["narrated"]),
              help="Where the draft goes back to.")
@click.option("--by", "by", required=True, help="Person id of the reviewer sending it back.")
@click.option("--reason", required=True, help="What must be corrected (kept in the history).")
@pass_context
def return_cmd(ctx: Context, draft_id: str, to: str, by: str, reason: str) -> None:
    """Send a corrected or approved draft back to `narrated`, with the reason.

    An approval recorded on the draft is removed: the corrected draft needs a
    new review.

    \b
    Example:
      pipeline return 2026-11-20-rapat-evaluasi-kinerja --to narrated --by KASUBAG \\
        --reason "Sebutkan jumlah peserta; perbaiki keterangan foto 2"
    """
    from . import workflow

    try:
        draft = workflow.return_to(ctx.root, ctx.settings, draft_id, _step(to), by, reason)
    except PipelineError as exc:
        fail(exc)
    click.echo(_("{draft}: returned to {status} by {person}: {reason}").format(
        draft=draft.id, status=draft.status.value, person=by, reason=reason))


@cli.command()
@click.argument("draft_id", metavar="ID")
@click.option("--reviews", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="github mode: the JSON of GET /repos/{owner}/{repo}/pulls/{n}/reviews.")
@click.option("--pull", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="github mode: the JSON of GET /repos/{owner}/{repo}/pulls/{n} (its number and head commit).")
@click.option("--by", "by", help="local mode: the person id of the Kasubag PTIP approving.")
@pass_context
def approve(ctx: Context, draft_id: str, reviews: Path | None, pull: Path | None, by: str | None) -> None:
    """Record the approval of a corrected draft (G6): who, when, and a digest of the content.

    In github mode (approval.mode in pipeline.yml) the publish workflow runs it:
    the approval is re-derived from the merged pull request's reviews and the
    pull request itself, judged by the people and roles of the trust base
    (--trust-base or PIPELINE_TRUST_BASE: the commit before the merge), and
    signed with the key in PIPELINE_APPROVAL_KEY. The Kasubag PTIP's latest
    review must be APPROVED, on the pull request's head commit, whose tree holds
    exactly this draft's text and photos. For an approved draft it checks that
    the record is exactly that. In local mode, --by names the approver and the
    trust is this machine's. Any change to the narrative or the selected photos
    afterwards voids the approval.

    \b
    Example:
      gh api repos/OWNER/REPO/pulls/12/reviews > reviews.json
      gh api repos/OWNER/REPO/pulls/12 > pull.json
      PIPELINE_TRUST_BASE=$(git rev-parse main~1) PIPELINE_APPROVAL_KEY=... \\
        pipeline approve 2026-11-20-rapat-evaluasi-kinerja --reviews reviews.json --pull pull.json
      pipeline approve 2026-11-20-rapat-evaluasi-kinerja --by KASUBAG   # local mode
    """
    from . import approval as approval_module
    from . import workflow

    try:
        settings = ctx.settings
        if settings.approval.mode == "github":
            if by or reviews is None or pull is None:
                raise click.UsageError(_("approval.mode is github: give --reviews FILE and --pull FILE (not --by)"))
            if not ctx.trust_base:
                raise click.UsageError(_("approval.mode is github: people and roles are read from the commit before "
                                         "the merge; give --trust-base COMMIT or set PIPELINE_TRUST_BASE"))
        elif reviews or pull or not by:
            raise click.UsageError(_("approval.mode is local: give --by PERSON (not --reviews/--pull)"))
        if reviews is not None:
            parsed = approval_module.parse_reviews(reviews.read_text(encoding="utf-8"), _shown(reviews))
            pr = approval_module.parse_pull(pull.read_text(encoding="utf-8"), _shown(pull))
            draft = workflow.approve_github(ctx.root, settings, draft_id, parsed, pr, base=ctx.trust_base)
        else:
            draft = workflow.approve_local(ctx.root, settings, draft_id, by)
    except PipelineError as exc:
        fail(exc)
    click.echo(_("{draft}: approved by {person} at {time}.").format(
        draft=draft.id, person=draft.meta.approved_by, time=draft.meta.approved_at.isoformat()))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a table; json: for tools.")
@pass_context
def status(ctx: Context, fmt: str) -> None:
    """Where every draft stands: status, last step, time in the current step against the SOP.

    The time runs from the last step to now and is compared with the standard
    of the step being worked on (e.g. a `selected` draft is being narrated,
    G5: 60 minutes). Overdue drafts are marked.

    \b
    Example:
      pipeline status
      pipeline status --format json
    """
    import json

    from . import workflow

    try:
        rows = workflow.status_rows(ctx.root, ctx.settings)
    except PipelineError as exc:
        fail(exc)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(_("No drafts yet. Start with: pipeline new --title ... --date ... --reporter ..."))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=_("Status of coverage drafts (SOP section G)"))
    for name in (_("Draft"), _("Status"), _("Last step"), _("Being worked on"), _("Time / standard"), ""):
        table.add_column(name)
    for row in rows:
        if row.problem:
            table.add_row(row.id, "[red]" + _("unreadable") + "[/red]", row.problem, "", "", "")
            continue
        last = f"{row.last_by}, {row.last_at:%Y-%m-%d %H:%M}" if row.last_at else "-"
        working = ""
        if row.working_on:
            rule = ctx.settings.steps[row.working_on]
            working = f"{rule.sop_step} {row.working_on.value}"
        timing = (f"{_duration(row.elapsed_minutes)} / {_duration(row.standard_minutes)}"
                  if row.elapsed_minutes is not None else "-")
        mark = "[bold red]" + _("OVERDUE") + "[/bold red]" if row.overdue else ""
        table.add_row(row.id, row.status.value, last, working, timing, mark)
    Console(width=_width()).print(table)
    overdue = sum(r.overdue for r in rows)
    click.echo(_("{count} drafts, {overdue} past the SOP's time standard.").format(count=len(rows), overdue=overdue))


def _duration(minutes: float | None) -> str:
    """`95` -> `1 h 35 m`, `3000` -> `2 d 2 h`: short units (in Indonesian `1 j 35 m`, `2 h 2 j`)."""
    if minutes is None:
        return "-"
    minutes = int(round(minutes))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("{days} d {hours} h").format(days=days, hours=hours)
    if hours:
        return _("{hours} h {minutes} m").format(hours=hours, minutes=mins)
    return _("{minutes} m").format(minutes=mins)


@cli.command()
@click.argument("draft_id", metavar="[ID]", required=False)
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="Period summary: first event date.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Period summary: last event date.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the HTML page to this file (default: standard output).")
@pass_context
def evidence(ctx: Context, draft_id: str | None, start, end, out: Path | None) -> None:
    """Evidence for an accreditation assessor, as a printable HTML page in Bahasa Indonesia.

    For one draft: the filled coverage form (codes.coverage_form: title, date, place,
    reporter, narrative, photos with captions) and its step history, each step's
    time against the SOP standard. With --from/--to: a summary of the period's
    drafts, steps on time and late, by step.

    \b
    Example:
      pipeline evidence 2026-11-20-rapat-evaluasi-kinerja --out bukti-rapat.html
      pipeline evidence --from 2026-10-01 --to 2026-12-31 --out bukti-triwulan-4.html
    """
    from . import evidence as evidence_module
    from .files import atomic_write

    if bool(draft_id) == bool(start or end):
        raise click.UsageError(_("give a draft ID, or a period with --from and --to"))
    if not draft_id and not (start and end):
        raise click.UsageError(_("a period needs both --from and --to"))
    try:
        if draft_id:
            html = evidence_module.draft_page(ctx.root, ctx.settings, draft_id)
        else:
            if end < start:
                raise click.UsageError(_("--to is before --from"))
            html = evidence_module.period_page(ctx.root, ctx.settings, start.date(), end.date())
    except PipelineError as exc:
        fail(exc)
    if out:
        atomic_write(out, html)
        click.echo(_("Evidence written: {path} (open it in a browser, then print).").format(path=_shown(out)))
    else:
        click.echo(html, nl=False)


def _run_check(ctx: Context) -> None:
    """`pipeline run`, first stage: every draft and page checked; an error stops the job."""
    from . import checks

    findings = checks.check_paths(ctx.root, ctx.settings)
    if any(f.is_error for f in findings):
        raise PipelineError(findings)
    echo_findings(findings)
    click.echo("    " + (_check_summary(findings) if findings else _("no problems")))



@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--dry-run", is_flag=True, help="List what would change; write nothing.")
@click.option("--by", "by", default=None,
              help="Person (id in pipeline.yml) taking step G7; default: the publish job ('pipeline').")
@pass_context
def publish(ctx: Context, ids: tuple[str, ...], dry_run: bool, by: str | None) -> None:
    """Publish approved drafts as news posts (step G7), all or nothing.

    Without IDs, every draft with status `approved` and an intact approval record
    goes out; with IDs, only those. Each becomes content/berita/posts/<id>/ (the
    post and its photos' web variants) and the draft becomes `published`. If
    anything fails, content/ and drafts/ stay exactly as they were. A draft
    already published is left alone, so running it twice changes nothing.

    \b
    Example:
      pipeline publish --dry-run
      pipeline publish 2026-11-20-rapat-evaluasi-kinerja
    """
    from . import publish as publish_module
    from .workflow import SYSTEM_ACTOR

    try:
        result = publish_module.publish(ctx.root, ctx.settings, list(ids) or None, by=by or SYSTEM_ACTOR,
                                        dry_run=dry_run)
    except PipelineError as exc:
        fail(exc)
    for draft_id in result.already:
        click.echo(_("{draft}: already published, not changed.").format(draft=draft_id))
    for change in result.changes:
        click.echo((_("Would publish: {title}") if dry_run else _("Published: {title}")).format(title=change.title))
        for name in change.files:
            click.echo(f"    + {change.post_dir}/{name}")
        click.echo(f"    ~ {change.draft_path}: approved -> published")
    if not result.changes and not result.already:
        click.echo(_("No approved drafts to publish."))
    elif result.changes and not dry_run:
        click.echo(_("{count} news posts published ({seconds:.1f} s). Build and check the site with: pipeline run").format(
            count=len(result.changes), seconds=result.seconds))


@cli.command()
@click.argument("draft_id", metavar="ID")
@click.option("--by", "by", required=True, help="Person (id in pipeline.yml) taking the post down.")
@click.option("--reason", required=True, help="Why (kept in the draft's history), e.g. a privacy complaint.")
@pass_context
def unpublish(ctx: Context, draft_id: str, by: str, reason: str) -> None:
    """Take a published post off the site at once; its draft goes back to `narrated`.

    The post folder leaves content/ now; the draft keeps its text and photos, and
    the reason goes into its history for the correction. Rebuild and deploy
    (`pipeline run`, then `pipeline deploy`) to take it off the live site.

    \b
    Example:
      pipeline unpublish 2026-11-20-rapat-evaluasi-kinerja --by KASUBAG --reason "Wajah pihak terlihat di foto 2"
    """
    from . import publish as publish_module

    try:
        result = publish_module.unpublish(ctx.root, ctx.settings, draft_id, by, reason)
    except PipelineError as exc:
        fail(exc)
    if result.removed:
        click.echo(_("Taken down: {folder}/ removed from content/.").format(folder=result.removed))
    else:
        click.echo(_("No news folder for this draft in content/; only the draft's status changed."))
    click.echo(_("{path}: published -> narrated (reason kept in the history).").format(path=result.draft_path))
    click.echo(_("Rebuild and deploy the site to take the post off the public site: pipeline run, then pipeline deploy"))


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _echo_report(report, fmt: str) -> None:
    """Print a freshness or monitor report as text, Markdown or JSON."""
    if fmt == "json":
        click.echo(report.render_json(), nl=False)
    elif fmt == "markdown":
        click.echo(report.render_markdown(), nl=False)
    else:
        click.echo(report.render_text(width=_width()), nl=False)


def _self_command() -> str:
    """How the operator can call this tool again: `pipeline` when on PATH, else the script's path."""
    import shutil

    script = Path(sys.argv[0])
    if shutil.which("pipeline") or script.name != "pipeline":
        return "pipeline"
    return _shown(script)


def main() -> None:
    """Console entry point: a configuration problem is a message and exit 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo(_("Cancelled."), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_CONFIG)
    except ConfigError as exc:
        fail(exc)
    except KeyboardInterrupt:
        click.echo(_("Cancelled."), err=True)
        sys.exit(130)
