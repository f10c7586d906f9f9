"""What the ``influencegraph`` commands share: options, the view options generated from
:class:`~influencegraph.views.ViewOptions`, the progress level, and the checks of an output path made before any
work."""

from __future__ import annotations

import dataclasses
import logging
import sys

import click

from ..views.options import ViewOptions

ROOT = click.option("--root", type=click.Path(file_okay=False, exists=True), default=None,
                    help="Project folder (default: found from the current folder, or $INFLUENCEGRAPH_ROOT).")
QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
LEVEL = "influencegraph.progress"   # ctx.meta key: the log level -q/-v ask for where a command shows progress
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
FORCE = click.option("--force", is_flag=True,
                     help="Write even inside the project's inputs (graph/, ontology/, seeds/).")
OUTPUT_HELP = ("Only a regular file is written: a folder, symbolic link, FIFO or device (even /dev/null) is refused "
               "and left as it is. - writes to standard output.")
STORE = click.option("--store", default=None, metavar="SPEC", envvar="INFLUENCEGRAPH_STORE", show_envvar=True,
                     help="Where the graph lives. Default: the Oxigraph store `influencegraph build` writes, opened "
                          "read-only (the graph is assembled in memory when the build is out of date); memory "
                          "(rdflib, filled from the build); oxigraph:PATH (a folder on disk, filled from the "
                          "project the first time); build:PATH (another build folder's store); sparql:URL (a "
                          "SPARQL 1.1 endpoint, read-only).")


def _as_of_type():
    from ..dates import AS_OF as date_type
    return date_type


def view_option(name: str):
    """The click option of one :class:`~influencegraph.views.ViewOptions` field: its name (``as_of`` gives
    ``--as-of``), default and help come from the field.

    Examples
    --------
    >>> option = view_option("depth")(lambda depth: depth).__click_params__[0]
    >>> option.opts, option.default, option.show_default
    (['--depth'], 1, True)
    """
    spec = next(f for f in dataclasses.fields(ViewOptions) if f.name == name)
    meta, default = spec.metadata, spec.default
    decls = [*([meta["flag"]] if "flag" in meta else []), "--" + meta.get("option", name).replace("_", "-"), name]
    kwargs = {"help": meta["help"], "metavar": meta.get("metavar")}
    if meta.get("multiple"):
        kwargs.update(multiple=True)
    else:
        kwargs.update(default=default, is_flag=isinstance(default, bool),
                      show_default=default is not None and not isinstance(default, bool))
    if "choices" in meta:
        kwargs["type"] = click.Choice(meta["choices"])
    elif "minimum" in meta:
        kwargs["type"] = click.IntRange(meta["minimum"])
    elif meta.get("date"):
        kwargs["type"] = _as_of_type()
    elif isinstance(default, int) and not isinstance(default, bool):
        kwargs["type"] = int
    return click.option(*decls, **kwargs)


def view_options(command):
    """Give ``command`` one option per field of :class:`~influencegraph.views.ViewOptions`, in field order."""
    for spec in reversed(dataclasses.fields(ViewOptions)):
        command = view_option(spec.name)(command)
    return command


def pop_view_options(kwargs: dict) -> ViewOptions:
    """The :class:`~influencegraph.views.ViewOptions` a command was given, taken out of its keyword arguments (a
    repeatable option given no time is None)."""
    values = {}
    for spec in dataclasses.fields(ViewOptions):
        value = kwargs.pop(spec.name)
        values[spec.name] = (list(value) or None) if spec.metadata.get("multiple") else value
    return ViewOptions(**values)


#: Shared with the reports: the same words as the view's options.
AS_OF = view_option("as_of")
HEDGED = view_option("hedged")


def guard_output(output, root, force: bool) -> None:
    """Refuse an output path before any work: not a regular file, or inside the project's inputs without
    --force (one line, exit 2, the thing at the path untouched)."""
    from ..outputs import guard
    guard(output, root, force)


def progress(quiet: bool) -> None:
    """Show the library's progress (its INFO log) on stderr during this command, unless -q was given to it or to
    `influencegraph`; other commands show only warnings (and debug messages with -v)."""
    from ..cli_progress import set_level
    level = click.get_current_context().meta.get(LEVEL, logging.INFO)
    set_level(logging.WARNING if quiet else level)


def check_dataset(path) -> None:
    """Exit with one line naming the file (and line) when a ``--dataset`` file is broken."""
    from ..datafile import DatasetFileError, check_dataset_file
    try:
        check_dataset_file(path)
    except DatasetFileError as exc:
        click.echo(f"error: cannot read the dataset: {exc}", err=True)
        sys.exit(1)
