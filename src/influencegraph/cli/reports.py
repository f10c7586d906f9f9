"""The commands that write something to hand on: reports (Markdown or HTML) and network views (HTML)."""

from __future__ import annotations

import click

from .common import (
    AS_OF, FORCE, HEDGED, OUTPUT_HELP, QUIET, ROOT, STORE, guard_output, pop_view_options, progress, view_options,
)

FORMAT = click.option("-f", "--format", "fmt", type=click.Choice(["md", "html"]), default=None,
                      help="Markdown or self-contained HTML (default: from the --output suffix, else md).")
OUTPUT = click.option("-o", "--output", default="-", show_default=True,
                      help=f"File to write (charts of a .md go to NAME_files/ beside it). {OUTPUT_HELP}")


def _emit(rep, fmt, output) -> None:
    from pathlib import Path
    if output == "-":
        click.echo(rep.render(fmt or "md", **({"charts": False} if (fmt or "md") == "md" else {})), nl=False)
        return
    path = rep.save(Path(output), fmt)
    notes = len(rep.footnotes())
    click.echo(f"wrote {path} ({len(rep.sections)} sections, {notes} source footnotes)", err=True)


def _guard_report(output, fmt, root, force: bool) -> None:
    """A report's file, and the charts folder beside a Markdown one, checked before the graph is loaded."""
    from pathlib import Path

    from ..report.document import SUFFIXES
    guard_output(output, root, force)
    if output == "-":
        return
    path = Path(output)
    if (fmt or SUFFIXES.get(path.suffix.lower())) == "md":
        from ..outputs import check_not_input, make_folder
        charts = path.parent / f"{path.stem}_files"
        check_not_input(charts, root, force)
        if charts.exists() or charts.is_symlink():
            make_folder(charts)  # refuses a link or a file where the charts folder goes


@click.group()
def report():
    """Reports to hand on, in Markdown or HTML: every figure carries a numbered source footnote.

    \b
    Examples:
      influencegraph report dependency --country Kazakhstan --output kazakhstan.html
      influencegraph report centrality --top 15
      influencegraph report scenario --remove Rosatom
      influencegraph report scenario --remove Russia --country Kazakhstan -o russia.md
    """


@report.command("dependency")
@click.option("-c", "--country", default="Kazakhstan", show_default=True, help="The host country.")
@AS_OF
@FORMAT
@OUTPUT
@click.option("--partner", "partners", multiple=True, metavar="STATE",
              help="Run the what-if scenario for this partner state (repeatable; default: the main partners).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Rows of the centrality table.")
@click.option("--no-scenarios", is_flag=True, help="Skip the what-if scenarios.")
@HEDGED
@FORCE
@QUIET
@ROOT
@STORE
def report_dependency(country, as_of, fmt, output, partners, top, no_scenarios, hedged, force, quiet, root, store):
    """How dependent a country is, on whom, in which sectors, and what breaks if a partner leaves.

    Capital by origin state and sector with concentration (HHI), lead partners per sector, supply, trade and
    technology ties, single points of failure, what-if scenarios, centrality, contested sectors and the
    sources' disagreements; charts as images.
    """
    from .. import load
    _guard_report(output, fmt, root, force)
    progress(quiet)
    profile = load(root=root, store=store).dependency(
        country, as_of=as_of, partners=list(partners) or None, top=top, scenarios=not no_scenarios, hedged=hedged)
    _emit(profile.report(), fmt, output)


@report.command("centrality")
@AS_OF
@click.option("--top", default=20, show_default=True, type=click.IntRange(1), help="How many to list.")
@click.option("--relation", "relations", multiple=True, metavar="NAME",
              help="Rank on these relations only (repeatable), e.g. investsIn, leads, dependsOn "
                   "(default: the influence relations).")
@click.option("--all-relations", is_flag=True,
              help="Rank on every relation, membership, location, agreement and event ties included.")
@FORMAT
@OUTPUT
@HEDGED
@FORCE
@QUIET
@ROOT
@STORE
def report_centrality(as_of, top, relations, all_relations, fmt, output, hedged, force, quiet, root, store):
    """Who matters in the network: degree, weighted PageRank, betweenness, eigenvector (or Katz), closeness.

    Ranked on influence ties (capital, project leadership, ownership, supply, dependence, trade) unless
    --relation or --all-relations says otherwise; the report says which.
    """
    from .. import load
    from ..report import build_report
    if relations and all_relations:
        raise click.UsageError("give --relation or --all-relations, not both")
    _guard_report(output, fmt, root, force)
    progress(quiet)
    rep = build_report(load(root=root, store=store), "centrality", as_of=as_of, top=top,
                       relations="all" if all_relations else (list(relations) or None), hedged=hedged)
    _emit(rep, fmt, output)


@report.command("scenario")
@click.option("-r", "--remove", "remove", multiple=True, required=True, metavar="ACTOR|STATE",
              help="An actor to remove, or a state (removes every actor of it); repeatable.")
@click.option("-c", "--country", default=None,
              help="Only the consequences for this host country: its projects, the capital into it, their "
                   "capacity, its sectors, and who there depends on the removed actors.")
@AS_OF
@FORMAT
@OUTPUT
@HEDGED
@FORCE
@QUIET
@ROOT
@STORE
def report_scenario(remove, country, as_of, fmt, output, hedged, force, quiet, root, store):
    """What breaks if an actor, or every actor of a state, leaves: projects losing their lead or financing,
    capital and capacity at risk, sectors left with no partner, and the cascade along dependencies."""
    from .. import load
    from ..report import build_report
    _guard_report(output, fmt, root, force)
    progress(quiet)
    rep = build_report(load(root=root, store=store), "scenario", remove=list(remove), country=country,
                       as_of=as_of, hedged=hedged)
    _emit(rep, fmt, output)


@click.command()
@view_options
@click.option("-o", "--output", required=True, metavar="FILE.html", help="The page to write: a regular file (a folder, symbolic link, FIFO or device is refused and left as "
                   "it is).")
@FORCE
@QUIET
@ROOT
@STORE
def view(output, force, quiet, root, store, **options):
    """Draw the network as one interactive HTML page that works offline and can be sent on.

    Colour and shape: entity type; size: centrality; tie colour and dash: relation; tie width: amount. Hover for
    figures and their sources (document and paragraph); click a node to light up its neighbours; search and
    filter in the side panel. Several view options together intersect.

    \b
    Examples:
      influencegraph view -o network.html
      influencegraph view --ego Rosatom --depth 2 -o rosatom.html
      influencegraph view --sector copper -o copper.html
      influencegraph view --country Kazakhstan --as-of 2024-12-31 -o kazakhstan.html
      influencegraph view --competition -o rivals.html
      influencegraph view --source 003 -r investsIn -r leads -o source-003.html
    """
    import warnings

    from .. import load
    from ..views import ViewWarning
    if not output.lower().endswith((".html", ".htm")):
        raise click.BadParameter(f"{output}: a view is an HTML page; give a name ending in .html",
                                 param_hint="--output")
    guard_output(output, root, force)
    progress(quiet)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ViewWarning)
        result = load(root=root, store=store).view(pop_view_options(options))
    for message in result.warnings:
        click.echo(f"warning: {message}", err=True)
    path = result.save(output)
    click.echo(f"wrote {path}: {result.number_of_nodes()} entities, {result.number_of_edges()} ties "
               f"({', '.join(result.views)} view)", err=True)


COMMANDS = [report, view]
