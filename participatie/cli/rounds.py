"""A round's figures from the command line: exports, and the theme analyses of open answers."""

from pathlib import Path

import click

from . import find_round, in_app


@click.command("export")
@click.argument("round_path", metavar="NETWORK/ROUND")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="xlsx",
              show_default=True)
@click.option("--kind", type=click.Choice(["summary", "responses"]), default="summary",
              show_default=True, help="responses: one row per response (recorded in the log)")
@click.option("--language", default="nl", show_default=True,
              help="of the column names, question texts and notes")
@click.option("--semicolon", is_flag=True, help="CSV for Belgian Excel: ; and decimal commas")
@click.option("--keys", "keys_only", is_flag=True,
              help="the stable column keys as the only header row (for scripts)")
@click.option("--output", type=click.Path(path_type=Path), help="default: NETWORK-ROUND-KIND.EXT")
@in_app
def export(round_path: str, fmt: str, kind: str, language: str, semicolon: bool,
           keys_only: bool, output: Path | None):
    """Export a round's summaries (blurred, withheld below the minimum) or its responses.
    Row 1 names the columns in LANGUAGE, row 2 gives their keys (--keys: the keys only)."""
    from ..services.exports import record_export, responses_table, summary_table

    round_ = find_round(round_path)
    make = responses_table if kind == "responses" else summary_table
    table = make(round_, language, keys_only)
    body = table.xlsx(kind) if fmt == "xlsx" else table.csv(semicolon)
    output = output or Path(f"{round_.network.key}-{round_.key}-{kind}.{fmt}")
    output.write_bytes(body)
    if kind == "responses":
        record_export(round_, None, kind, fmt, len(table.data))
    click.echo(f"wrote {len(table.data)} rows to {output}")


@click.group()
def themes():
    """Themes in open answers: the analysis jobs."""


@themes.command("run")
@click.argument("round_path", metavar="[NETWORK/ROUND QUESTIONNAIRE QUESTION]", nargs=-1)
@in_app
def themes_run(round_path: tuple[str, ...]):
    """Run the queued analyses (for a server that leaves them to cron), or queue and run the
    analysis of one question: NETWORK/ROUND QUESTIONNAIRE QUESTION."""
    from ..extensions import db
    from ..services import themes as service

    if round_path:
        if len(round_path) != 3:
            raise click.UsageError("give NETWORK/ROUND QUESTIONNAIRE QUESTION, or nothing")
        round_ = find_round(round_path[0])
        if service.find_question(round_, round_path[1], round_path[2]) is None:
            raise click.ClickException(
                f"no open question {round_path[2]!r} in {round_path[1]!r} in this round")
        service.request_analysis(round_, round_path[1], round_path[2], runner="inline")
    for analysis_id in service.run_waiting():
        analysis = db.session.get(service.ThemeAnalysis, analysis_id)
        assert analysis is not None  # run_waiting names the analyses it ran
        outcome = (f"{len(analysis.themes)} themes in {analysis.answers} answers"
                   if analysis.status == service.JobState.DONE else f"failed: {analysis.error}")
        click.echo(f"{analysis.round.name} · {analysis.question_key}: {outcome}")
