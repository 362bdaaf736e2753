"""``participatie import FILE``: the answers an offline tablet saved to a file."""

from pathlib import Path

import click

from . import in_app


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@in_app
def import_file(file: Path):
    """Store the responses of a file saved on a tablet; each is stored once, however often
    the file is imported. Refused responses are listed with their reason."""
    from ..services.imports import ImportFileError, import_responses, read_file

    try:
        bodies = read_file(file.read_bytes())
    except ImportFileError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    report = import_responses(bodies)
    for ident, reason in report.refused:
        click.echo(f"refused {ident}: {reason}", err=True)
    click.echo(f"stored {report.stored}, stored before {report.already}, "
               f"refused {len(report.refused)}")
    if report.refused:
        raise SystemExit(1)
