"""Dependency and supply ties in plain words, the direction right — who depends on, imports from, is supplied by
or exports to whom, and in what — and the cascade of a what-if scenario along them (:func:`cascade`).

The four relations point different ways (:func:`~.failure.dependency_side`): ``dependsOn`` and ``importsFrom`` run
from the dependant to its provider, ``supplies`` and ``exportsTo`` from the provider to the one it serves. A
sentence names the dependant first where the relation allows it in the active or passive voice, so that a
``supplies`` edge Russia → Kazakhstan reads "Kazakhstan is supplied arms by Russia", never the other way round.

Examples
--------
>>> tie("Kazakhstan", "Russia", "supplies", ["arms"])                     # 003 ¶24: Russia → Kazakhstan
'Kazakhstan is supplied arms by Russia'
>>> tie("Kazakhstan", "Russia", "dependsOn", ["atomic energy"], field=["nuclear energy"])  # Kazakhstan → Russia
'Kazakhstan depends on Russia for atomic energy (nuclear energy)'
>>> tie("Kazakhstan", "Russia", "importsFrom", ["refined copper"], 0.81)  # 002 ¶19
'Kazakhstan imports 81% of its refined copper from Russia'
>>> tie("China", "Kazakhstan", "exportsTo", ["raw materials"])            # Kazakhstan → China
'Kazakhstan exports raw materials to China'
>>> tie("A", "B", "supplies", ["aluminium", "copper"]), tie("A", "B", "dependsOn", [])
('A is supplied aluminium and copper by B', 'A depends on B')
"""

from __future__ import annotations

from ..vocab import NAME
from .common import is_a, label, locators, state_of
from .failure import dependency_side

__all__ = ["tie", "share_text", "and_list", "cascade", "restated_once", "CASCADE_COLUMNS"]

CASCADE_COLUMNS = ["round", "actor", "actor_state", "on", "relation", "what", "share", "tie", "sources"]


def and_list(items) -> str:
    """``["a"]`` → ``a``; ``["a", "b"]`` → ``a and b``; three or more → ``a, b and c``."""
    items = [str(x) for x in items if x]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def share_text(share) -> str | None:
    """A share (0–1) as a percentage, ``None`` when none is stated.

    >>> share_text(0.81), share_text(2 / 3), share_text(None), share_text(float("nan"))
    ('81%', '66.7%', None, None)
    """
    if share is None or share != share:
        return None
    value = float(share) * 100
    return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


def tie(dependant: str, provider: str, relation: str, what=(), share=None, field=(), plural=(False, False)) -> str:
    """One dependency or supply tie as a sentence (no full stop), the dependant named first.

    Parameters
    ----------
    dependant, provider : str
        Who depends (imports, is supplied, buys the exports) and who provides.
    relation : str
        ``dependsOn`` or ``importsFrom`` (an edge dependant → provider), ``supplies`` or ``exportsTo`` (an edge
        provider → dependant).
    what : list of str
        What the tie is about (commodities, purposes, domains or sectors); may be empty.
    share : float, optional
        The share of ``what`` the tie accounts for (0–1), where a source states it.
    field : list of str
        The field ``what`` belongs to, where it is named apart (``arms`` in *security and defence*).
    plural : (bool, bool)
        Whether the dependant, and the provider, are many (a group such as "Chinese companies").

    Examples
    --------
    >>> tie("Kazakhstan", "Russia", "dependsOn", ["arms"], field=["security and defence"])   # 003 ¶24
    'Kazakhstan depends on Russia for arms (security and defence)'
    >>> tie("Chinese companies", "the five Central Asian states", "supplies", ["copper"], plural=(True, True))
    'Chinese companies are supplied copper by the five Central Asian states'
    """
    things, pct = and_list(what or ()), share_text(share)
    fields = [f for f in field or () if not any(f in w for w in what or ())]      # "copper" in "refined copper"
    about = f" ({and_list(fields)})" if fields else ""
    many, many_provider = plural
    if relation == NAME.dependsOn:
        verb = "depend" if many else "depends"
        if pct and things:
            return f"{dependant} {verb} on {provider} for {pct} of {'their' if many else 'its'} {things}{about}"
        tail = f" for {things}{about}" if things else (f" for {and_list(fields)}" if fields else "")
        return f"{dependant} {verb} on {provider}{tail}" + (f" ({pct})" if pct and not things else "")
    if relation == NAME.importsFrom:
        verb = "import" if many else "imports"
        if pct and things:
            return f"{dependant} {verb} {pct} of {'their' if many else 'its'} {things} from {provider}{about}"
        return (f"{dependant} {verb} {things + ' ' if things else ''}from {provider}{about}"
                + (f" ({pct})" if pct else ""))
    if relation == NAME.supplies:
        middle = f" {things}" if things else ""
        return (f"{dependant} {'are' if many else 'is'} supplied{middle} by {provider}{about}"
                + (f" ({pct} of it)" if pct else ""))
    if relation == NAME.exportsTo:
        verb = "export" if many_provider else "exports"
        return f"{provider} {verb} {things + ' ' if things else ''}to {dependant}{about}" + (f" ({pct})" if pct else "")
    raise ValueError(f"not a dependency or supply relation: {relation!r}")


def _tie(G, dependant, provider, d, what, share) -> str:
    """An edge in words: what is depended on or supplied (a purpose such as "arms" before its field)."""
    purposes = list(d.get("purposes") or ())
    return tie(label(G, dependant), label(G, provider), d["relation"], purposes or what, share,
               field=what if purposes else (),
               plural=(is_a(G, dependant, NAME.ActorGroup), is_a(G, provider, NAME.ActorGroup)))


#: Which of several ties that restate one fact leads its row: the trade or supply the source measures, then the
#: dependence read from it.
_LEAD = {NAME.importsFrom: 0, NAME.supplies: 1, NAME.exportsTo: 2, NAME.dependsOn: 3}


def restated_once(rows) -> list[dict]:
    """Rows of ties that restate one fact, as one row: the same dependant and provider in the same round, about
    the same thing, with the same share (or none), resting on the same source paragraphs. 002 ¶19 says Kazakhstan
    depends on Russian refined copper *as* it imported 81 percent of it from Russia: one fact, two claims (an
    import and a dependency); 003 ¶24 says Russia supplies most of Kazakhstan's imported arms, which the curator
    reads as dependence. The row reads the trade or supply first and names the other wording; it cites the
    paragraph once.

    Examples
    --------
    >>> rows = [{"round": 1, "actor": "K", "on": "R", "relation": rel, "share": 0.81, "tie": tie,
    ...          "sources": ["002 ¶19"], "_thing": ("refined copper",)}
    ...         for rel, tie in (("dependsOn", "K depends on R for 81% of its refined copper"),
    ...                          ("importsFrom", "K imports 81% of its refined copper from R"))]
    >>> [row] = restated_once(rows)
    >>> print(row["tie"])
    K imports 81% of its refined copper from R — also read as: K depends on R for 81% of its refined copper
    >>> row["sources"]
    ['002 ¶19']
    """
    groups: dict = {}
    for row in rows:
        key = (row["round"], row["actor"], row["on"], tuple(row["sources"]), row.pop("_thing", None),
               share_text(row["share"])) if row["sources"] else id(row)
        groups.setdefault(key, []).append(row)
    out = []
    for same in groups.values():
        same.sort(key=lambda r: (_LEAD.get(r["relation"], len(_LEAD)), r["tie"]))
        lead = dict(same[0])
        others = list(dict.fromkeys(r["tie"] for r in same[1:] if r["tie"] != lead["tie"]))
        if others:
            lead["tie"] += " — also read as: " + "; ".join(others)
        out.append(lead)
    return out


def cascade(G, removed, rounds=None, host=None):
    """Who depends on the ``removed`` actors, round after round (see :mod:`.scenarios`).

    Round 1: the actors that depend on a removed actor (``dependsOn``, ``importsFrom``) or that it supplies
    (``supplies``, ``exportsTo``); round *n*: those that depend on an actor first reached in round *n − 1*. With
    ``host`` (a state node), only the rows of the host and of the actors whose country it is are kept; the rounds
    still run through everyone.

    Returns
    -------
    pandas.DataFrame
        :data:`CASCADE_COLUMNS`: the dependant (``actor``), its provider (``on``), the relation, ``what``
        (domains, else commodities or sectors), ``share`` (NaN: none stated), ``tie`` in words, ``sources``. Ties
        that restate one fact are one row (:func:`restated_once`).
    """
    import pandas as pd
    dependants: dict = {}
    for u, v, _k, d in G.edges(keys=True, data=True):
        side = dependency_side(G, d.get("relation"))
        if side is None or u == v:
            continue
        dependant, provider = (u, v) if side == "source" else (v, u)
        dependants.setdefault(provider, []).append((dependant, d))
    reached = set(removed)
    frontier, n, rows = set(removed), 0, []
    while frontier and (rounds is None or n < rounds):
        n += 1
        new = set()
        for provider in sorted(frontier, key=str):
            for dependant, d in dependants.get(provider, ()):
                if dependant in reached:
                    continue
                new.add(dependant)
                if host is not None and state_of(G, dependant) != host:
                    continue                  # reached, and followed on, but not a consequence for the host
                what = list(d.get("domains") or d.get("commodities") or d.get("sectors") or [])
                share = d.get("weight") if d.get("measure") == "share" else None
                state = state_of(G, dependant)
                rows.append({"round": n, "actor": label(G, dependant),
                             "actor_state": label(G, state) if state is not None and state in G else None,
                             "on": label(G, provider), "relation": d["relation"], "what": ", ".join(what) or None,
                             "share": share, "tie": _tie(G, dependant, provider, d, what, share),
                             "sources": locators(d.get("sources") or ()),
                             "_thing": tuple(sorted(t.casefold() for t in d.get("purposes") or what))})
        reached |= new
        frontier = new
    df = pd.DataFrame(restated_once(rows), columns=CASCADE_COLUMNS)
    df["share"] = df["share"].astype(float)
    return df.sort_values(["round", "actor", "on", "relation", "what"], kind="stable",
                          na_position="last").reset_index(drop=True)
