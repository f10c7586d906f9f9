"""The ``influencegraph`` command: each command parses options, calls one API function, prints the result.

The commands live by topic: :mod:`.data` (build, validate, export, stats, sources, conflicts, facts, paragraphs,
vocab), :mod:`.queries` (query, serve, push), :mod:`.reports` (report, view); :mod:`.common` holds the options
they share. Heavy imports happen inside the commands, so ``influencegraph --help`` starts fast.
"""

from __future__ import annotations

import logging

import click

from .. import __version__
from . import data, queries, reports
from .common import LEVEL


class _Errors(click.Group):
    """Report the package's own errors as one clear message and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        from ..errors import InputError, UnknownEntity
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"error: {len(exc.problems)} problem(s) in the input; nothing was written:", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            ctx.exit(1)
        except UnknownEntity as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except (FileNotFoundError, ValueError) as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Errors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="influencegraph")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages (warnings only).")
@click.option("-v", "--verbose", is_flag=True, help="Debug messages too (each file parsed, ...).")
@click.pass_context
def main(ctx, quiet, verbose):
    """A sourced knowledge graph of China's investment push into Central Asia.

    Start with `influencegraph build`; then ask `stats`, `sources ENTITY`, `conflicts`, run a SPARQL `query`,
    write a dependency, centrality or what-if `report`, draw an HTML network `view`, or `export` the dataset.
    """
    from ..cli_progress import level_for, show_progress
    ctx.meta[LEVEL] = level_for(quiet, verbose)
    ctx.call_on_close(show_progress(logging.DEBUG if verbose else logging.WARNING))


for _command in (*data.COMMANDS, *queries.COMMANDS, *reports.COMMANDS):
    main.add_command(_command)

__all__ = ["main"]
