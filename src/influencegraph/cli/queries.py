"""The SPARQL commands: run a query, serve the graph as an endpoint, push it to a server."""

from __future__ import annotations

import json
import sys

import click

from .common import FORCE, JSON, OUTPUT_HELP, QUIET, ROOT, STORE, check_dataset, guard_output, progress


@click.command()
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
@click.option("-o", "--output", default="-", show_default=True, help=f"File to write. {OUTPUT_HELP}")
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
    from ..sparql import library as lib
    if list_:
        from ..answers import queries_text
        queries = lib.library().values()
        click.echo(json.dumps([q.as_dict() for q in queries], indent=2, ensure_ascii=False) if as_json
                   else queries_text(queries))
        return
    if not query_ref:
        raise click.UsageError("give a query NAME, a .rq FILE, or - for standard input (or --list)")
    if timeout is not None:
        from ..sparql.http import check_seconds
        try:
            check_seconds("--timeout", timeout)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--timeout") from None
    from ..sparql import named
    guard_output(output, root, force)
    target = lib.adhoc(sys.stdin.read()) if query_ref == "-" else named(query_ref)
    if show:
        click.echo(target.text, nl=False)
        return
    values = _parameters(params)
    from .. import load
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

        from ..formats import atomic_write
        atomic_write(Path(output), text.encode("utf-8"))
        click.echo(f"wrote {output} ({len(result)} {'triples' if result.is_graph else 'rows'})", err=True)


@click.command()
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
    from ..sparql.server import Limits, serve as _serve
    policy = _policy(timeout, read_timeout, cors, allowed_hosts, max_connections)
    dataset = _served(store, dataset)
    if dataset is not None:
        check_dataset(dataset)
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
        progress(False)
        _serve(host, port, dataset=dataset, root=root, limits=limits, log=not quiet, ready=ready, policy=policy)
    except (RuntimeError, OSError) as exc:
        click.echo(f"error: cannot serve: {exc}", err=True)
        sys.exit(1)


@click.command()
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
    from .. import push as api_push
    if dataset is not None:
        check_dataset(dataset)
    progress(quiet)
    result = api_push(endpoint, root=root, store=store, path=dataset)
    click.echo(f"pushed {result['statements']:,} statements in {result['graphs']} graphs to {result['endpoint']}")


def _policy(timeout, read_timeout, cors, allowed_hosts, max_connections):
    """The endpoint's HTTP policy, each option checked first (a bad one: a usage error naming it)."""
    from ..sparql.http import Policy, check_seconds, normalise_origin
    checks = [("--timeout", check_seconds, ("",), timeout), ("--read-timeout", check_seconds, ("",), read_timeout),
              *(("--cors", normalise_origin, (), origin) for origin in cors)]
    for option, check, first, value in checks:
        try:
            check(*first, value)
        except ValueError as exc:
            raise click.BadParameter(str(exc).strip(), param_hint=option) from None
    try:
        return Policy(cors=cors, allowed_hosts=allowed_hosts, read_timeout=read_timeout,
                      max_connections=max_connections)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--allowed-host") from None


def _served(store, dataset):
    """The dataset to serve: ``--dataset``, else the folder of an ``oxigraph:PATH`` store (a ``sparql:`` store is
    refused), else None (the project's build output)."""
    if store is None:
        return dataset
    from ..stores import StoreError, parse_spec
    scheme, location = parse_spec(store)
    if scheme == "sparql":
        raise StoreError("a sparql: store is a server already; serve takes --store oxigraph:PATH")
    return location if scheme == "oxigraph" and dataset is None else dataset


def _parameters(items) -> dict[str, str]:
    """``-p KEY=VALUE`` options as a dict (a malformed one: a usage error)."""
    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r}: write KEY=VALUE", param_hint="--param")
        values[key.strip()] = value
    return values


COMMANDS = [query, serve, push]
