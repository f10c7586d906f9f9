"""The ``influencegraph`` command: each command parses options, calls one API function, prints the result."""

from __future__ import annotations

import json
import logging
import sys

import click

from . import __version__
from .tables import table
from .views.style import SIZE_MEASURES

ROOT = click.option("--root", type=click.Path(file_okay=False, exists=True), default=None,
                    help="Project folder (default: found from the current folder, or $INFLUENCEGRAPH_ROOT).")
QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
_LEVEL = "influencegraph.progress"   # ctx.meta key: the log level -q/-v ask for where a command shows progress
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
FORCE = click.option("--force", is_flag=True,
                     help="Write even inside the project's inputs (graph/, ontology/, seeds/).")
_OUTPUT_HELP = ("Only a regular file is written: a folder, symbolic link, FIFO or device (even /dev/null) is refused "
                "and left as it is. - writes to standard output.")
STORE = click.option("--store", default=None, metavar="SPEC", envvar="INFLUENCEGRAPH_STORE", show_envvar=True,
                     help="Where the graph lives: memory (default), oxigraph:PATH (a folder on disk, filled from "
                          "the project the first time) or sparql:URL (a SPARQL 1.1 endpoint, read-only).")


class _Errors(click.Group):
    """Report the package's own errors as one clear message and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        from .errors import InputError, UnknownEntity
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
    from .cli_progress import level_for, show_progress
    ctx.meta[_LEVEL] = level_for(quiet, verbose)
    ctx.call_on_close(show_progress(logging.DEBUG if verbose else logging.WARNING))


def _guard_output(output, root, force: bool) -> None:
    """Refuse an output path before any work: not a regular file, or inside the project's inputs without
    --force (one line, exit 2, the thing at the path untouched)."""
    from .outputs import guard
    guard(output, root, force)


def _progress(quiet: bool) -> None:
    """Show the library's progress (its INFO log) on stderr during this command, unless -q was given to it or to
    `influencegraph`; other commands show only warnings (and debug messages with -v)."""
    from .cli_progress import LOGGER
    level = click.get_current_context().meta.get(_LEVEL, logging.INFO)
    logging.getLogger(LOGGER).setLevel(logging.WARNING if quiet else level)


def _print_stats(stats: dict) -> None:
    click.echo(f"{stats['statements']} statements in {len(stats['graphs'])} graphs; "
               f"{stats['entities']} entities; {stats['claims']} claims from {len(stats['claims_by_source'])} sources")
    click.echo(f"{stats['facts']} facts: {stats['corroborated_facts']} corroborated by two or more sources, "
               f"{stats['conflicting_facts']} with conflicting claims ({stats['conflicts']} conflicts)\n")
    click.echo(table([{"type": k, "entities": v} for k, v in stats["entities_by_type"].items()]))
    click.echo()
    click.echo(table([{"source": k, "claims": v} for k, v in stats["claims_by_source"].items()]))
    click.echo()
    click.echo(table([{"claim kind": k, "claims": v} for k, v in stats["claims_by_kind"].items()]))
    click.echo()
    click.echo(table([{"derived edge": k, "count": v} for k, v in stats["derived_edges"].items()]))


@main.command()
@ROOT
@STORE
@click.option("--output-dir", default=None,
              help="Where to write the outputs (default: build/ in the project, git-ignored); the new files "
                   "replace the previous build's as one unit.")
@FORCE
@QUIET
@JSON
def build(root, store, output_dir, force, quiet, as_json):
    """Validate the ontology and graph, derive the network, write the dataset; print a summary.

    Nothing is written unless every check passes; the previous build is then left as it was. With
    --store oxigraph:PATH the dataset also replaces that store's content.
    """
    from . import build as api_build
    if output_dir is not None:
        from .outputs import check_folder, check_not_input
        check_folder(output_dir)
        check_not_input(output_dir, root, force)
    _progress(quiet)
    kg = api_build(root, output_dir, store=store)
    stats = kg.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    for path in kg.outputs:
        click.echo(f"wrote {path}", err=True)
    _print_stats(stats)
    conflicts = kg.conflicts()
    if conflicts:
        click.echo(f"\n{len(conflicts)} conflicts between sources (see `influencegraph conflicts`):")
        for c in conflicts:
            sides = " vs ".join(f"{p['source'][:3]}: {p['value']}" for p in c["positions"])
            click.echo(f"  {c['fact']} / {c['property']} ({c['kind']}): {sides}")


@main.command()
@ROOT
@JSON
def validate(root, as_json):
    """Check the input files; print one line per problem (file:line, focus, constraint, fix) and exit 1 if any."""
    from . import validate as api_validate
    problems = api_validate(root)
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in problems], indent=2))
    elif problems:
        click.echo(f"{len(problems)} problem(s):", err=True)
        for p in problems:
            click.echo(f"  {p}", err=True)
    else:
        click.echo("valid: ontology, shapes, catalogue and graph conform")
    sys.exit(1 if problems else 0)


@main.command()
@ROOT
@STORE
@click.option("-f", "--format", "fmt", default="trig", show_default=True,
              type=click.Choice(["trig", "nquads", "turtle", "ntriples", "jsonld"]),
              help="trig, nquads and jsonld keep one named graph per source; turtle and ntriples carry the union.")
@click.option("-o", "--output", default="-", show_default=True, help=f"File to write. {_OUTPUT_HELP}")
@FORCE
def export(root, store, fmt, output, force):
    """Export the whole dataset with its provenance; the same input gives byte-identical output."""
    from . import export as api_export
    _guard_output(output, root, force)
    size = api_export(fmt, output, root, store=store)
    if output != "-":
        click.echo(f"wrote {size} bytes to {output}", err=True)


@main.command()
@ROOT
@STORE
@JSON
def stats(root, store, as_json):
    """Entities by type, claims per source and kind, corroborated and conflicting facts, derived edges."""
    from . import load
    result = load(root=root, store=store).stats()
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        _print_stats(result)


@main.command()
@click.argument("entity")
@ROOT
@STORE
@JSON
def sources(entity, root, store, as_json):
    """What each source document says about ENTITY (a name, alias or igr: id), with paragraph numbers."""
    from . import load
    result = load(root=root, store=store).sources(entity)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo(f"{result['label']} <{result['entity']}>")
    click.echo(f"mentioned by: {', '.join(result['mentioned_by']) or '(no source)'}")
    for source, rows in result["by_source"].items():
        click.echo(f"\n{source}")
        for row in rows:
            stated = "; ".join(f"{k}={v}" for k, v in row["states"].items())
            click.echo(f"  ¶{row['paragraph']:<3} {row['kind']}: {stated}")


@main.command()
@ROOT
@STORE
@JSON
def conflicts(root, store, as_json):
    """Where source documents disagree, side by side, each claim with its source and paragraph.

    Each conflict says its kind (value, party, date, status regression, attribution) and, for numbers, how far
    apart the sides are. Then the differences that are not disagreements: a project's successive lifecycle
    stages (as a dated timeline) and a data set credited to its compiler by one source and its analyst by
    another.
    """
    from . import load
    kg = load(root=root, store=store)
    result, differences = kg.conflicts(), kg.differences()
    if as_json:
        click.echo(json.dumps({"conflicts": result, "differences": differences}, indent=2, ensure_ascii=False))
        return
    if not result:
        click.echo("no conflicts")
    for c in result:
        apart = f"; sides {c['spread']}{' ' + c['unit'] if c['unit'] else ''} apart" if c["spread"] else ""
        click.echo(f"{c['fact']} — {c['property']} ({c['kind']}{apart})")
        for p in c["positions"]:
            click.echo(f"  {p['source']} {_paragraphs(p)}: {p['value']}")
    if differences:
        click.echo(f"\nnot conflicts ({len(differences)}):")
    for d in differences:
        click.echo(f"{d['fact']} — {d['property']}: {d['reason']}")
        for p in d["positions"]:
            when = ", ".join(p["dates"]) or "undated"
            extra = f" ({when})" if d["property"] == "status" else (f" ({', '.join(p['roles'])})" if p["roles"] else "")
            extra = f" ({'; '.join(p['bounds'])})" if p.get("bounds") and d["reason"] == "overlapping ranges" else extra
            click.echo(f"  {p['source']} {_paragraphs(p)}: {p['value']}{extra}")


def _paragraphs(position: dict) -> str:
    return ", ".join(f"¶{n}" for n in position["paragraphs"])


@main.command()
@ROOT
@STORE
@click.option("--all", "show_all", is_flag=True, help="List every fact, not only those with two or more sources.")
@JSON
def facts(root, store, show_all, as_json):
    """Facts stated by two or more sources (corroboration), with what they agree and disagree on."""
    from . import load
    rows = load(root=root, store=store).corroborated(only=not show_all)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(table([{"fact": r["fact"], "sources": len(r["sources"]),
                       "agree on": ", ".join(r["agreed"]), "disagree on": ", ".join(r["conflicting"])}
                      for r in rows]))


@main.command()
@click.argument("source")
@click.argument("numbers", nargs=-1, type=int)
@ROOT
def paragraphs(source, numbers, root):
    """Print a seed text's paragraphs with the numbers claims cite (SOURCE: id or its 3-digit prefix)."""
    from .evidence import paragraphs as split
    from .project import Project
    project = Project.locate(root)
    folder = project.seeds_dir
    if folder is None:
        raise FileNotFoundError("seed texts not found: expected ../shared/seeds or $INFLUENCEGRAPH_SEEDS")
    matches = sorted(folder.glob(f"{source}*.txt"))
    if len(matches) != 1:
        raise ValueError(f"{source!r} matches {len(matches)} seed files in {folder}")
    for n, text in enumerate(split(matches[0].read_text(encoding="utf-8")), 1):
        if not numbers or n in numbers:
            click.echo(f"¶{n}: {text}\n")


@main.command()
@click.argument("query_ref", metavar="NAME|FILE|-", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query (repeatable); names and labels resolve to entities.")
@click.option("-f", "--format", "fmt", default=None,
              type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld"]),
              help="Output format. SELECT/ASK: table (default), csv, tsv, json (SPARQL 1.1 Query Results JSON), "
                   "xml; CONSTRUCT: turtle (default), ntriples, jsonld.")
@click.option("-e", "--engine", default=None, type=click.Choice(["rdflib", "oxigraph", "sparql"]),
              help="Query engine (default: the store's own: rdflib in memory, Oxigraph for oxigraph:PATH, the "
                   "server for sparql:URL).")
@click.option("-o", "--output", default="-", show_default=True, help=f"File to write. {_OUTPUT_HELP}")
@FORCE
@click.option("-c", "--columns", default=None, metavar="A,B,...",
              help="Only these result columns, in this order (comma-separated).")
@click.option("--list", "list_", is_flag=True, help="List the named queries: name, parameters, description.")
@click.option("--show", is_flag=True, help="Print the query's text instead of running it.")
@click.option("--timeout", default=None, type=float, metavar="SECONDS",
              help="Stop the query if it runs longer (finite, above 0; default: no limit).")
@ROOT
@STORE
@JSON
def query(query_ref, params, fmt, engine, output, force, columns, list_, show, timeout, root, store, as_json):
    """Run a SPARQL query: a named query from the library, a .rq file, or - for standard input.

    \b
    Examples:
      influencegraph query --list
      influencegraph query investments-in-country -p host=Kazakhstan -p origin=China
      influencegraph query capital-by-origin --format csv -o capital.csv
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | influencegraph query -
    """
    from .sparql import library as lib
    if list_:
        queries = lib.library()
        if as_json:
            click.echo(json.dumps([q.as_dict() for q in queries.values()], indent=2, ensure_ascii=False))
            return
        for q in queries.values():
            click.echo(q.name)
            click.echo(f"    {q.description}")
            for p in q.parameters:
                default = f" = {p.default}" if p.default else ""
                click.echo(f"    --param {p.name}=<{p.type}>{default}   {p.doc}")
        click.echo(f"\n{len(queries)} named queries; run one with `influencegraph query NAME`.")
        return
    if not query_ref:
        raise click.UsageError("give a query NAME, a .rq FILE, or - for standard input (or --list)")
    if timeout is not None:
        from .sparql.http import check_seconds
        try:
            check_seconds("--timeout", timeout)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--timeout") from None
    from .sparql import named
    _guard_output(output, root, force)
    target = lib.adhoc(sys.stdin.read()) if query_ref == "-" else named(query_ref)
    if show:
        click.echo(target.text, nl=False)
        return
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r}: write KEY=VALUE", param_hint="--param")
        values[key.strip()] = value
    from . import load
    result = load(root=root, store=store).query(target, engine=engine, raw=True, timeout=timeout, **values)
    if columns:
        result = result.select([c.strip().lstrip("?") for c in columns.split(",") if c.strip()])
    if fmt is None:
        fmt = ("json" if as_json else "table") if not result.is_graph else "turtle"
    text = result.serialize(fmt)
    if output == "-":
        click.echo(text, nl=not text.endswith("\n"))
    else:
        from pathlib import Path

        from .formats import atomic_write
        atomic_write(Path(output), text.encode("utf-8"))
        click.echo(f"wrote {output} ({len(result)} {'triples' if result.is_graph else 'rows'})", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on. Loopback by default; 0.0.0.0 exposes the endpoint to the network.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--dataset", type=click.Path(exists=True), default=None,
              help="Serve this N-Quads/TriG file or Oxigraph folder instead of the project's build output.")
@click.option("--timeout", default=5.0, show_default=True, type=float,
              help="Seconds a query may run before it is stopped (the client gets 503); finite, above 0.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Most result rows (or triples) a query may return (more: 413).")
@click.option("--max-query-bytes", default=65_536, show_default=True, type=click.IntRange(64),
              help="Longest query text accepted (longer: 413).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries evaluated at once, each in its own process.")
@click.option("--read-timeout", default=10.0, show_default=True, type=float,
              help="Seconds a client has to send a whole request (headers and body) once its connection is idle; "
                   "slower or idle connections are closed.")
@click.option("--max-connections", default=64, show_default=True, type=click.IntRange(1, 10_000),
              help="Connections served at once; beyond it an idle one is dropped, or the newcomer gets 503.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (e.g. http://localhost:3000) read answers; repeatable. Default: no "
                   "CORS headers, so no other site's page can read the endpoint.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host is NAME (or NAME:PORT); repeatable. By default only the "
                   "listening address, localhost, 127.0.0.1 and [::1] with the port are answered (others: 421), "
                   "which stops DNS-rebinding pages.")
@click.option("-q", "--quiet", is_flag=True, help="No access log.")
@ROOT
@click.option("--store", default=None, metavar="oxigraph:PATH", envvar="INFLUENCEGRAPH_STORE", show_envvar=True,
              help="Serve this Oxigraph store (same as --dataset PATH).")
def serve(host, port, dataset, timeout, max_rows, max_query_bytes, workers, read_timeout, max_connections, cors,
          allowed_hosts, quiet, root, store):
    """Serve the graph as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/).

    Backed by Oxigraph. Updates, SERVICE and FROM of remote graphs are refused (403); each query has a time
    limit and a row cap. Stop with Ctrl+C.
    """
    from .sparql.http import Policy, check_seconds, normalise_origin
    from .sparql.server import Limits, serve as _serve
    checks = [("--timeout", check_seconds, ("",), timeout), ("--read-timeout", check_seconds, ("",), read_timeout),
              *(("--cors", normalise_origin, (), origin) for origin in cors)]
    for option, check, first, value in checks:
        try:
            check(*first, value)
        except ValueError as exc:
            raise click.BadParameter(str(exc).strip(), param_hint=option) from None
    try:
        policy = Policy(cors=cors, allowed_hosts=allowed_hosts, read_timeout=read_timeout,
                        max_connections=max_connections)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--allowed-host") from None
    if store is not None:
        from .stores import StoreError, parse_spec
        scheme, location = parse_spec(store)
        if scheme == "sparql":
            raise StoreError("a sparql: store is a server already; serve takes --store oxigraph:PATH")
        if scheme == "oxigraph" and dataset is None:
            dataset = location
    if dataset is not None:
        _check_dataset(dataset)
    limits = Limits(timeout=timeout, max_rows=max_rows, max_query_bytes=max_query_bytes, workers=workers)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph "
                   "(add --allowed-host NAME for each name or address clients use)", err=True)

    def ready(url):
        click.echo(f"influencegraph SPARQL endpoint: {url}sparql   query page: {url}", err=False)
        click.echo(f"read-only; timeout {timeout:g} s; at most {max_rows} rows; {workers} workers. "
                   "Stop with Ctrl+C.", err=True)
        sys.stdout.flush()
    try:
        _progress(False)
        _serve(host, port, dataset=dataset, root=root, limits=limits, log=not quiet, ready=ready, policy=policy)
    except (RuntimeError, OSError) as exc:
        click.echo(f"error: cannot serve: {exc}", err=True)
        sys.exit(1)


def _check_dataset(path) -> None:
    """Exit with one line naming the file (and line) when a ``--dataset`` file is broken."""
    from .datafile import DatasetFileError, check_dataset_file
    try:
        check_dataset_file(path)
    except DatasetFileError as exc:
        click.echo(f"error: cannot read the dataset: {exc}", err=True)
        sys.exit(1)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store for `oxigraph serve`.")
@click.option("--dataset", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Push this .nq/.trig/.jsonld file instead of the project's graph.")
@QUIET
@ROOT
@STORE
def push(endpoint, dataset, quiet, root, store):
    """Send the graph to a SPARQL server by the Graph Store Protocol, one PUT per named graph.

    Each named graph replaces the graph of the same name on the server; other graphs there are left alone.
    Query the server afterwards with --store sparql:URL (its default graph must be the union of its graphs:
    `oxigraph serve --union-default-graph`).

    \b
    Example:
      oxigraph serve --location kg-db --union-default-graph &
      influencegraph push --endpoint http://localhost:7878/store
      influencegraph query capital-by-origin --store sparql:http://localhost:7878/query
    """
    from . import push as api_push
    if dataset is not None:
        _check_dataset(dataset)
    _progress(quiet)
    result = api_push(endpoint, root=root, store=store, path=dataset)
    click.echo(f"pushed {result['statements']:,} statements in {result['graphs']} graphs to {result['endpoint']}")


# ---------------------------------------------------------------------------- reports
FORMAT = click.option("-f", "--format", "fmt", type=click.Choice(["md", "html"]), default=None,
                      help="Markdown or self-contained HTML (default: from the --output suffix, else md).")
OUTPUT = click.option("-o", "--output", default="-", show_default=True,
                      help=f"File to write (charts of a .md go to NAME_files/ beside it). {_OUTPUT_HELP}")


def _as_of_type():
    from .dates import AS_OF as date_type
    return date_type


AS_OF = click.option("--as-of", default=None, metavar="DATE", type=_as_of_type(),
                     help="Only what was agreed or announced by then: YYYY, YYYY-MM or YYYY-MM-DD (a calendar date, "
                          "ASCII digits).")

HEDGED = click.option("--hedged", is_flag=True,
                      help="Also use what sources say is planned or expected, possible, forecast or recommended "
                           "(by default only what they state as fact makes a tie).")


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

    from .report.document import SUFFIXES
    _guard_output(output, root, force)
    if output == "-":
        return
    path = Path(output)
    if (fmt or SUFFIXES.get(path.suffix.lower())) == "md":
        from .outputs import check_not_input, make_folder
        charts = path.parent / f"{path.stem}_files"
        check_not_input(charts, root, force)
        if charts.exists() or charts.is_symlink():
            make_folder(charts)  # refuses a link or a file where the charts folder goes


@main.group()
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
    from . import load
    _guard_report(output, fmt, root, force)
    _progress(quiet)
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
    from . import load
    from .report import build_report
    if relations and all_relations:
        raise click.UsageError("give --relation or --all-relations, not both")
    _guard_report(output, fmt, root, force)
    _progress(quiet)
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
    from . import load
    from .report import build_report
    _guard_report(output, fmt, root, force)
    _progress(quiet)
    rep = build_report(load(root=root, store=store), "scenario", remove=list(remove), country=country,
                       as_of=as_of, hedged=hedged)
    _emit(rep, fmt, output)


@main.command()
@click.option("--ego", metavar="ENTITY", default=None, help="An actor's neighbourhood: ties up to --depth steps away.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0), help="How far from --ego to go.")
@click.option("--sector", metavar="SECTOR", default=None,
              help="One sector or commodity (narrower sectors included), e.g. copper, 'nuclear energy'.")
@click.option("-c", "--country", metavar="STATE", default=None,
              help="A host country's dependencies: who invests in, leads, builds, finances and supplies its "
                   "projects, and whom it depends on and trades with.")
@click.option("--competition", is_flag=True, help="Who competes with whom.")
@click.option("--source", metavar="NUMBER", default=None, help="One source document's contribution, e.g. 003.")
@click.option("-r", "--relation", "relations", multiple=True, metavar="NAME",
              help="Only these relations (repeatable), by name or label, e.g. investsIn, 'depends on'.")
@AS_OF
@click.option("--size-by", type=click.Choice(SIZE_MEASURES), default="pagerank", show_default=True,
              help="The centrality (in the whole network) behind node size.")
@click.option("--max-nodes", default=5000, show_default=True, type=click.IntRange(0),
              help="Cut larger views to the most central nodes, with a warning; 0: no limit.")
@click.option("--title", default=None, help="The page heading (default: says what the view shows).")
@click.option("--seed", default=7, show_default=True, type=int, help="The layout's seed (same seed, same file).")
@click.option("-o", "--output", required=True, metavar="FILE.html", help="The page to write: a regular file (a folder, symbolic link, FIFO or device is refused and left as "
                   "it is).")
@HEDGED
@FORCE
@QUIET
@ROOT
@STORE
def view(ego, depth, sector, country, competition, source, relations, as_of, size_by, max_nodes, title, seed, store,
         output, hedged, force, quiet, root):
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

    from . import load
    from .views import ViewWarning
    if not output.lower().endswith((".html", ".htm")):
        raise click.BadParameter(f"{output}: a view is an HTML page; give a name ending in .html",
                                 param_hint="--output")
    _guard_output(output, root, force)
    _progress(quiet)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ViewWarning)
        result = load(root=root, store=store).view(
            ego=ego, depth=depth, sector=sector, country=country, competition=competition, source=source,
            relations=list(relations) or None, as_of=as_of, size_by=size_by, max_nodes=max_nodes, title=title,
            seed=seed, hedged=hedged)
    for message in result.warnings:
        click.echo(f"warning: {message}", err=True)
    path = result.save(output)
    click.echo(f"wrote {path}: {result.number_of_nodes()} entities, {result.number_of_edges()} ties "
               f"({', '.join(result.views)} view)", err=True)


@main.command()
@ROOT
@click.option("--check", is_flag=True, help="Only check; exit 1 if vocab.py is out of date.")
def vocab(root, check):
    """Regenerate the code's vocabulary module (vocab.py) whole from ontology/influence.ttl."""
    from .ontology import write_vocab_module
    from .project import Project
    stale = write_vocab_module(Project.locate(root).ontology_file, check=check)
    if check and stale:
        click.echo("vocab.py is out of date: run `influencegraph vocab`", err=True)
        sys.exit(1)
    if check:
        click.echo("vocab.py matches the ontology")
    else:
        click.echo("vocab.py updated" if stale else "vocab.py already up to date")


if __name__ == "__main__":  # pragma: no cover
    main()
