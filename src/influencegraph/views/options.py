"""What a network view can be asked for, in one place: :class:`ViewOptions`, each field with its default and its help
text. ``kg.view(**options)`` builds one, :func:`~influencegraph.views.network_view` reads it, and the ``influencegraph
view`` command generates its options from the fields (:func:`influencegraph.cli.common.view_options`).

Each field's ``metadata`` says, besides ``help``: ``flag`` (an extra short option name, e.g. ``-c``), ``metavar``,
``choices``, ``minimum`` (the smallest whole number accepted), ``date`` (a date as ``--as-of`` reads it),
``multiple`` (the option may be repeated; the field holds a list, or None when it is not given) and ``option`` (the
option's name when it is not the field's: ``--relation`` for ``relations``).

Examples
--------
>>> ViewOptions.of(country="Kazakhstan", relations=["investsIn"]).country
'Kazakhstan'
>>> ViewOptions.of(zoom=2)
Traceback (most recent call last):
    ...
TypeError: unknown view option 'zoom'; the options are ego, depth, sector, country, competition, source, relations, as_of, size_by, max_nodes, title, seed, hedged
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from ..names import suggest

#: What node size can show: a column of :func:`influencegraph.analysis.centrality.centrality`, or nothing.
SIZE_MEASURES = ("pagerank", "degree", "betweenness", "eigenvector", "closeness", "none")

__all__ = ["ViewOptions", "MAX_NODES"]

#: Views with more nodes are cut to the most central ones, with a warning, unless ``max_nodes`` says otherwise.
MAX_NODES = 5000


def _option(default, help: str, **metadata):
    return field(default=default, metadata={"help": help, **metadata})


@dataclass(frozen=True)
class ViewOptions:
    """Which part of the network a view shows and how it draws it; several "which part" options intersect."""

    ego: str | None = _option(None, "An actor's neighbourhood: ties up to --depth steps away.", metavar="ENTITY")
    depth: int = _option(1, "How far from --ego to go.", minimum=0)
    sector: str | None = _option(None, "One sector or commodity (narrower sectors included), e.g. copper, "
                                       "'nuclear energy'.", metavar="SECTOR")
    country: str | None = _option(None, "A host country's dependencies: who invests in, leads, builds, finances "
                                        "and supplies its projects, and whom it depends on and trades with.",
                                  flag="-c", metavar="STATE")
    competition: bool = _option(False, "Who competes with whom.")
    source: str | None = _option(None, "One source document's contribution, e.g. 003.", metavar="NUMBER")
    relations: list | None = _option(None, "Only these relations (repeatable), by name or label, e.g. investsIn, "
                                           "'depends on'.", flag="-r", metavar="NAME", multiple=True, option="relation")
    as_of: str | None = _option(None, "Only what was agreed or announced by then: YYYY, YYYY-MM or YYYY-MM-DD (a "
                                      "calendar date, ASCII digits).", metavar="DATE", date=True)
    size_by: str = _option("pagerank", "The centrality (in the whole network) behind node size.",
                           choices=SIZE_MEASURES)
    max_nodes: int | None = _option(MAX_NODES, "Cut larger views to the most central nodes, with a warning; 0: no "
                                               "limit.", minimum=0)
    title: str | None = _option(None, "The page heading (default: says what the view shows).")
    seed: int = _option(7, "The layout's seed (same seed, same file).")
    hedged: bool = _option(False, "Also use what sources say is planned or expected, possible, forecast or "
                                  "recommended (by default only what they state as fact makes a tie).")

    @classmethod
    def of(cls, **options) -> "ViewOptions":
        """The options named, the others at their defaults; an unknown name is a ``TypeError`` naming the options.

        Examples
        --------
        >>> ViewOptions.of(egoo="Rosatom")
        Traceback (most recent call last):
            ...
        TypeError: unknown view option 'egoo' (did you mean: ego?); the options are ego, depth, sector, country, competition, source, relations, as_of, size_by, max_nodes, title, seed, hedged
        """
        names = [f.name for f in fields(cls)]
        for name in options:
            if name not in names:
                close = suggest(name, names)
                hint = f" (did you mean: {', '.join(close)}?)" if close else ""
                raise TypeError(f"unknown view option {name!r}{hint}; the options are {', '.join(names)}")
        return cls(**options)

    def as_dict(self) -> dict:
        """The options as keyword arguments.

        Examples
        --------
        >>> ViewOptions().as_dict()["max_nodes"]
        5000
        """
        return asdict(self)
