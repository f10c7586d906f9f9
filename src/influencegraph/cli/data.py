"""The commands on the dataset itself: build, validate, export; stats, sources, conflicts, facts; the seed texts'
paragraphs and the code's vocabulary."""

from __future__ import annotations

import json
import sys

import click

from .common import FORCE, JSON, OUTPUT_HELP, QUIET, ROOT, STORE, guard_output, progress


@click.command()
@ROOT
@STORE
@click.option("--output-dir", default=None,
              help="Where to write the outputs (default: build/ in the project, git-ignored); the new files "
                   "replace the previous build's as one unit.")
@FORCE
@click.option("--rebuild", is_flag=True, help="Build even when nothing changed since the last build.")
@QUIET
@JSON
def build(root, store, output_dir, force, rebuild, quiet, as_json):
    """Validate the ontology and graph, derive the network, write the dataset and its Oxigraph store (which
    every later command opens read-only); print a summary.

    Nothing is written unless every check passes; the previous build is then left as it was. When no input
    file, seed text or code changed since the last build, nothing is rebuilt (--rebuild builds anyway). With
    --store oxigraph:PATH the dataset also replaces that store's content.
    """
    from .. import answers, build as api_build
    if output_dir is not None:
        from ..outputs import check_folder, check_not_input
        check_folder(output_dir)
        check_not_input(output_dir, root, force)
    progress(quiet)
    kg = api_build(root, output_dir, store=store, rebuild=rebuild)
    stats = kg.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    if kg.up_to_date:
        click.echo(f"up to date: nothing changed since the last build in {kg.store.path}", err=True)
    for path in [] if kg.up_to_date else kg.outputs:
        click.echo(f"wrote {path}", err=True)
    click.echo(answers.stats_text(stats))
    conflicts = answers.build_conflicts_text(kg.conflicts())
    if conflicts:
        click.echo(conflicts)


@click.command()
@ROOT
@JSON
def validate(root, as_json):
    """Check the input files; print one line per problem (file:line, focus, constraint, fix) and exit 1 if any."""
    from .. import validate as api_validate
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


@click.command()
@ROOT
@STORE
@click.option("-f", "--format", "fmt", default="trig", show_default=True,
              type=click.Choice(["trig", "nquads", "turtle", "ntriples", "jsonld"]),
              help="trig, nquads and jsonld keep one named graph per source; turtle and ntriples carry the union.")
@click.option("-o", "--output", default="-", show_default=True, help=f"File to write. {OUTPUT_HELP}")
@FORCE
def export(root, store, fmt, output, force):
    """Export the whole dataset with its provenance; the same input gives byte-identical output."""
    from .. import export as api_export
    guard_output(output, root, force)
    size = api_export(fmt, output, root, store=store)
    if output != "-":
        click.echo(f"wrote {size} bytes to {output}", err=True)


@click.command()
@ROOT
@STORE
@JSON
def stats(root, store, as_json):
    """Entities by type, claims per source and kind, corroborated and conflicting facts, derived edges."""
    from .. import answers, load
    result = load(root=root, store=store).stats()
    click.echo(json.dumps(result, indent=2) if as_json else answers.stats_text(result))


@click.command()
@click.argument("entity")
@ROOT
@STORE
@JSON
def sources(entity, root, store, as_json):
    """What each source document says about ENTITY (a name, alias or igr: id), with paragraph numbers."""
    from .. import answers, load
    result = load(root=root, store=store).sources(entity)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else answers.sources_text(result))


@click.command()
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
    from .. import answers, load
    kg = load(root=root, store=store)
    result, differences = kg.conflicts(), kg.differences()
    if as_json:
        click.echo(json.dumps({"conflicts": result, "differences": differences}, indent=2, ensure_ascii=False))
    else:
        click.echo(answers.conflicts_text(result, differences))


@click.command()
@ROOT
@STORE
@click.option("--all", "show_all", is_flag=True, help="List every fact, not only those with two or more sources.")
@JSON
def facts(root, store, show_all, as_json):
    """Facts stated by two or more sources (corroboration), with what they agree and disagree on."""
    from .. import answers, load
    rows = load(root=root, store=store).corroborated(only=not show_all)
    click.echo(json.dumps(rows, indent=2) if as_json else answers.facts_text(rows))


@click.command()
@click.argument("source")
@click.argument("numbers", nargs=-1, type=int)
@ROOT
def paragraphs(source, numbers, root):
    """Print a seed text's paragraphs with the numbers claims cite (SOURCE: id or its 3-digit prefix)."""
    from ..evidence import seed_paragraphs
    for n, text in seed_paragraphs(source, numbers, root=root):
        click.echo(f"¶{n}: {text}\n")


@click.command()
@ROOT
@click.option("--check", is_flag=True, help="Only check; exit 1 if vocab.py is out of date.")
def vocab(root, check):
    """Regenerate the code's vocabulary module (vocab.py) whole from ontology/influence.ttl."""
    from ..ontology import update_vocab
    stale = update_vocab(root, check=check)
    if check and stale:
        click.echo("vocab.py is out of date: run `influencegraph vocab`", err=True)
        sys.exit(1)
    if check:
        click.echo("vocab.py matches the ontology")
    else:
        click.echo("vocab.py updated" if stale else "vocab.py already up to date")


COMMANDS = [build, validate, export, stats, sources, conflicts, facts, paragraphs, vocab]
