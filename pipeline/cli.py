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

import click

from . import config as config_module
from .findings import ConfigError, Finding, PipelineError, render_text

EXIT_OK, EXIT_FINDINGS, EXIT_CONFIG = 0, 1, 2


class Context:
    """What every command needs: the repository root and, loaded once, its settings."""

    def __init__(self, root: Path | None):
        self._root = root
        self._settings = None

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = config_module.find_root()
        return self._root

    @property
    def settings(self) -> config_module.Settings:
        if self._settings is None:
            self._settings = config_module.load_settings(self.root)
        return self._settings


pass_context = click.make_pass_decorator(Context)


def echo_findings(findings: list[Finding]) -> None:
    if findings:
        click.echo(render_text(findings), err=True)


def fail(exc: PipelineError, code: int = EXIT_FINDINGS) -> None:
    echo_findings(exc.findings)
    errors = sum(f.is_error for f in exc.findings)
    if errors:
        click.secho(f"{errors} kesalahan ditemukan.", fg="red", err=True)
    sys.exit(EXIT_CONFIG if isinstance(exc, ConfigError) else code)


def stage(title: str) -> None:
    click.secho(f"==> {title}", bold=True)


@click.group(help=__doc__, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), envvar="PIPELINE_ROOT",
              help="The website repository (default: the nearest folder upwards with site_config/pipeline.yml).")
@click.version_option(package_name="court-site-pipeline")
@click.pass_context
def cli(ctx: click.Context, root: Path | None) -> None:
    ctx.obj = Context(root.resolve() if root else None)


@cli.command()
@pass_context
def build(ctx: Context) -> None:
    """Build the site from content/ into site/ with MkDocs, strictly.

    Any MkDocs warning (a broken link between pages, a missing file) fails the
    build and is reported with the source file it comes from.

    \b
    Example:
      pipeline build
    """
    from . import site

    try:
        ctx.settings
        result = site.build(ctx.root)
    except PipelineError as exc:
        fail(exc)
    click.echo(f"Situs dibangun: {result.pages} halaman di {_shown(result.site_dir)} ({result.seconds:.1f} dtk)")


@cli.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@pass_context
def serve(ctx: Context, port: int) -> None:
    """Preview the site at http://127.0.0.1:PORT/, rebuilt live on every change.

    \b
    Example:
      pipeline serve --port 8001
    """
    from . import site

    try:
        ctx.settings
        site.serve(ctx.root, port=port)
    except PipelineError as exc:
        fail(exc)


@cli.command()
@pass_context
def run(ctx: Context) -> None:
    """The main job: validate the settings, then build the site.

    Prints what it did at each stage and, at the end, where the built site is
    and how to preview it.

    \b
    Example:
      pipeline run
    """
    from . import site

    try:
        stage("Memeriksa pengaturan (site_config/)")
        settings = ctx.settings
        click.echo(f"    {settings.court.name}: {len(settings.people)} petugas, {len(settings.categories)} kategori berita")
        stage("Membangun situs")
        result = site.build(ctx.root)
        click.echo(f"    {result.pages} halaman dalam {result.seconds:.1f} detik")
    except PipelineError as exc:
        fail(exc)
    click.echo(f"\nSitus siap di {_shown(result.site_dir)}/ (buka {_shown(result.site_dir)}/index.html).")
    click.echo(f"Pratinjau: {_self_command()} serve  lalu buka http://127.0.0.1:8000/")


@cli.command()
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when .github/CODEOWNERS differs from pipeline.yml.")
@pass_context
def codeowners(ctx: Context, check_only: bool) -> None:
    """Write .github/CODEOWNERS from pipeline.yml: the Kasubag PTIP owns drafts/ and content/.

    GitHub then asks the Kasubag PTIP to review every pull request that touches
    drafts, content or settings. Run it after changing people, roles or GitHub
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
            click.echo(f"{codeowners_module.CODEOWNERS_PATH} sesuai dengan pipeline.yml.")
            return
        changed = codeowners_module.write(ctx.root, settings)
    except PipelineError as exc:
        fail(exc)
    path = codeowners_module.CODEOWNERS_PATH
    click.echo(f"{path} ditulis." if changed else f"{path} sudah sesuai; tidak ada yang diubah.")


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
    All or nothing: if one file is bad, none is added and every bad file is
    listed with how to fix it.

    \b
    Example:
      pipeline photos add 2026-11-20-rapat-evaluasi ~/Kamera/IMG_0012.JPG ~/Kamera/IMG_0013.JPG
      pipeline photos add drafts/2026-11-20-rapat-evaluasi /media/kartu-sd/DCIM/*.JPG
    """
    from . import photos as photos_module

    try:
        settings = ctx.settings
        draft_dir = photos_module.resolve_draft(ctx.root, draft)
        written = photos_module.intake_many(list(files), draft_dir / "photos", settings.photos,
                                            cache=photos_module.default_cache(ctx.root),
                                            shown=[_shown(f) for f in files])
    except PipelineError as exc:
        fail(exc)
    for src, path in zip(files, written):
        click.echo(f"    {_shown(src)} -> {_shown(path)}")
    click.echo(f"{len(written)} foto siap di {_shown(draft_dir / 'photos')}/ (tanpa metadata, sudah tegak).")


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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
        click.echo("Dibatalkan.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_CONFIG)
    except ConfigError as exc:
        fail(exc)
    except KeyboardInterrupt:
        click.echo("Dibatalkan.", err=True)
        sys.exit(130)
