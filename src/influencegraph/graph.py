"""``KnowledgeGraph``: the object :func:`influencegraph.load` returns and later analyses, queries and views use.

It holds the rdflib dataset and answers the questions of the build CLI (stats, sources, conflicts) by delegating
to one module each; it does not grow methods for everything.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Dataset, URIRef

from . import claims as _claims
from .project import Project
from .inferences import SEPARATOR, describe
from .vocab import CATALOGUE_GRAPH, DERIVED_GRAPH, ENTITIES_GRAPH, IG, IGG, ONTOLOGY_GRAPH, RDF, SOURCE

__all__ = ["KnowledgeGraph"]


class KnowledgeGraph:
    """The built influence graph.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset: ontology, catalogue, registry, one graph per source, derived edges.
    project : Project, optional
        Where it was built from.
    store : GraphStore, optional
        Where the dataset lives (:mod:`influencegraph.stores`); default: rdflib's memory store holding ``dataset``.
    """

    def __init__(self, dataset: Dataset, project: Project | None = None, store=None):
        self.dataset = dataset
        self.project = project
        if store is None:
            from .stores.memory import MemoryStore
            store = MemoryStore()
            store.replace(dataset)
        self.store = store
        self.outputs: list[Path] = []
        self._claims: list[_claims.Claim] | None = None
        self._facts: list[_claims.FactSummary] | None = None
        self._labeller: _claims.Labeller | None = None
        self._resolver = None

    def __repr__(self) -> str:
        where = "" if self.store.scheme == "memory" else f" in {self.store.spec}"
        return f"<KnowledgeGraph: {len(self.dataset)} statements, {len(self.sources_list())} sources{where}>"

    # ------------------------------------------------------------------ basics
    def claims(self) -> list[_claims.Claim]:
        """Every claim of every source (cached)."""
        if self._claims is None:
            self._claims = _claims.all_claims(self.dataset)
        return self._claims

    def facts(self) -> list[_claims.FactSummary]:
        """Every fact key with its sources, agreements and conflicts (cached)."""
        if self._facts is None:
            self._facts = _claims.facts(self.dataset, self.claims(), labeller=self._label_terms())
        return self._facts

    def label(self, term) -> str:
        """A readable name for a term (preferred label, value node as ``USD 12,000,000,000``)."""
        return self._label_terms()(term)

    def _label_terms(self) -> _claims.Labeller:
        if self._labeller is None:
            self._labeller = _claims.Labeller(self.dataset)
        return self._labeller

    def sources_list(self) -> list[URIRef]:
        return sorted(self.dataset.graph(CATALOGUE_GRAPH).subjects(RDF.type, IG.SourceDocument))

    def entity_types(self) -> dict[URIRef, URIRef]:
        """Each registry entity with its asserted (most specific) type."""
        return {s: t for s, t in self.dataset.graph(ENTITIES_GRAPH).subject_objects(RDF.type)}

    # ------------------------------------------------------------------ lookup
    def resolve(self, name: str) -> URIRef:
        """The entity a name denotes: an IRI, an ``igr:`` slug, a Wikidata or ISO 3166 id, a label or an alias in any
        script, an acronym, or words of one entity's name (see :mod:`influencegraph.names`).

        Raises
        ------
        UnknownEntity
            With close matches as suggestions (:func:`influencegraph.names.suggest`); ``AmbiguousEntity``, a kind
            of it, when the name fits two or more entities, naming them.

        Examples
        --------
        >>> import influencegraph
        >>> kg = influencegraph.load()
        >>> [kg.label(kg.resolve(n)) for n in ("Republic of Kazakhstan", "PRC", "CNMC", "aluminum")]
        ['Kazakhstan', "People's Republic of China", 'China Non-Ferrous Metal Ltd.', 'aluminium']
        """
        return URIRef(self.resolver().resolve(name))

    def resolver(self):
        """The :class:`~influencegraph.names.Resolver` of the registry's entities (built once)."""
        if self._resolver is None:
            from .names import Resolver, registry_entries
            self._resolver = Resolver(registry_entries(self.dataset))
        return self._resolver

    # ------------------------------------------------------------------ SPARQL
    def query(self, name_or_text, engine: str | None = None, raw: bool = False, timeout: float | None = None,
              **params):
        """Answer a named query (``influencegraph query --list``), a ``.rq`` file or SPARQL text.

        Parameters
        ----------
        name_or_text : str or Path
            A library name such as ``"investments-in-country"``, a path to a ``.rq`` file, or query text.
        engine : {"rdflib", "oxigraph", "sparql"}, optional
            Default: the store's own (rdflib in memory, Oxigraph for ``oxigraph:PATH``, the server for
            ``sparql:URL``). rdflib and Oxigraph run on every store; all give the same answers.
        raw : bool
            Return the :class:`~influencegraph.sparql.results.QueryResult` (rdflib terms, serialisations)
            instead of a DataFrame.
        timeout : float, optional
            Seconds the query may run; past that it is stopped and ``QueryTimedOut`` raised (default: no limit).
        **params
            The query's parameters, as text (names and labels resolve to entities) or rdflib terms.

        Returns
        -------
        pandas.DataFrame
            With typed columns (numbers, dates); see :meth:`QueryResult.to_dataframe`.
        """
        from .sparql import query
        return query(self, name_or_text, engine=engine, raw=raw, timeout=timeout, **params)

    # ------------------------------------------------------------------ analyses (networkx)
    def network(self, relations=None, node_types=None, as_of=None, hedged: bool = False):
        """The graph as a networkx ``MultiDiGraph`` (see :func:`~influencegraph.analysis.projection.project`):
        what sources state as fact, or with ``hedged=True`` also what they say is planned, possible, forecast or
        recommended; kept for later calls with the same arguments."""
        from .analysis.projection import project
        key = (tuple(sorted(relations)) if relations is not None else None,
               tuple(sorted(node_types)) if node_types is not None else None, str(as_of) if as_of else None,
               bool(hedged))
        cache = self.__dict__.setdefault("_networks", {})
        if key not in cache:
            cache[key] = project(self, relations=relations, node_types=node_types, as_of=as_of, hedged=hedged)
        return cache[key]

    def dependency(self, country: str, as_of=None, partners=None, top: int = 10, scenarios: bool = True,
                   hedged: bool = False):
        """How dependent ``country`` is, on whom, in which sectors, and what breaks if a partner leaves; from what
        sources state as fact, or with ``hedged=True`` also from what they say is planned, possible, forecast or
        recommended.

        Returns a :class:`~influencegraph.analysis.dependency.DependencyProfile`: DataFrames (capital by origin
        and sector, concentration, lead partners, supply, exposure, scenarios, ...) with ``to_markdown()``,
        ``to_html()`` and ``save(path)``.

        Examples
        --------
        >>> import influencegraph
        >>> dep = influencegraph.load().dependency("Kazakhstan", scenarios=False)
        >>> nuclear = dep.lead_partners.query("sector == 'nuclear energy'")
        >>> nuclear[["state", "projects", "actors"]].reset_index(drop=True)
                                state  projects                                actors
        0  People's Republic of China         2  [China National Nuclear Corporation]
        1                      Russia         1                             [Rosatom]
        """
        from .analysis.dependency import dependency_profile
        G = self.network(as_of=as_of, hedged=hedged)
        return dependency_profile(G, country, kg=self, partners=partners, top=top, scenarios=scenarios)

    def centrality(self, as_of=None, relations=None, write: bool | None = None, hedged: bool = False):
        """Centrality of every node (DataFrame, by PageRank); with ``write`` also into the named graph
        ``igg:centrality`` for SPARQL (default: in memory only; pass ``write=True`` to keep the scores in an
        Oxigraph store, where they stay until the next build or load).

        Ranked on influence ties (capital, project leadership, ownership, supply, dependence, trade: the
        ontology's ``ig:influenceRelation``) unless ``relations`` names others or is ``"all"`` (every relation);
        ``table.attrs["ranked_on"]`` says which (see :func:`~influencegraph.analysis.centrality.centrality`)."""
        from .analysis import centrality
        from .analysis.influence import ALL
        every = relations is None or (isinstance(relations, str) and relations == ALL)
        G = self.network(relations=None if every else relations, as_of=as_of, hedged=hedged)
        table = centrality.centrality(G, relations=relations)
        if write is None:
            write = self.store.scheme == "memory"
        if write:
            centrality.write_back(self, table)
        return table

    def scenario(self, remove=(), state=None, country=None, as_of=None, hedged: bool = False):
        """What breaks if the actors named in ``remove``, or every actor of ``state``, leave (see
        :func:`~influencegraph.analysis.scenarios.remove`)."""
        from .analysis import scenarios
        G = self.network(as_of=as_of, hedged=hedged)
        return scenarios.remove(G, actors=list(remove or ()), state=state, country=country)

    def paths(self, source: str, target: str, k: int = 3, as_of=None, relations=None):
        """The shortest and the strongest chains of influence from ``source`` to ``target``, each hop explained
        in words with its sources (see :func:`~influencegraph.analysis.paths.influence_paths`).

        Examples
        --------
        >>> import influencegraph
        >>> p = influencegraph.load().paths("China Non-Ferrous Metal Ltd.", "Aktogai copper smelter")
        >>> p.shortest.loc[0, "sources"]
        ['000 ¶13', '002 ¶13']
        """
        from .analysis.paths import influence_paths
        return influence_paths(self.network(as_of=as_of), source, target, k=k, relations=relations)

    # ------------------------------------------------------------------ views (pyvis)
    def view(self, ego=None, depth: int = 1, sector=None, country=None, competition: bool = False, source=None,
             relations=None, as_of=None, size_by: str = "pagerank", max_nodes=5000, title=None, seed: int = 7,
             hedged: bool = False):
        """An interactive HTML network view (see :func:`~influencegraph.views.network_view`): ``.save(path)``
        writes one self-contained page.

        Examples
        --------
        >>> import influencegraph
        >>> view = influencegraph.load().view(country="Kazakhstan", relations=["investsIn", "leads", "dependsOn",
        ...                                                                    "inHostCountry"])
        >>> view.title
        'Kazakhstan: who it depends on'
        """
        from .views import network_view
        return network_view(self, ego=ego, depth=depth, sector=sector, country=country, competition=competition,
                            source=source, relations=relations, as_of=as_of, size_by=size_by, max_nodes=max_nodes,
                            title=title, seed=seed, hedged=hedged)

    # ------------------------------------------------------------------ the CLI's questions
    def stats(self) -> dict:
        """Entities by type, claims per source and by kind, facts corroborated and in conflict, graph sizes."""
        types = Counter(self.label(t) for t in self.entity_types().values())
        claims = self.claims()
        per_source = Counter(c.source_id for c in claims)
        kinds = Counter(self.label(c.kind) for c in claims)
        facts = self.facts()
        derived = Counter(self.label(p) for _s, p, _o in self.dataset.graph(DERIVED_GRAPH)
                          if p != RDF.type)
        graphs = {self._graph_name(g.identifier): len(g) for g in self.dataset.graphs() if len(g)}
        return {
            "statements": len(self.dataset),
            "graphs": dict(sorted(graphs.items())),
            "entities": sum(types.values()),
            "entities_by_type": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
            "claims": len(claims),
            "claims_by_source": dict(sorted(per_source.items())),
            "claims_by_kind": dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
            "facts": len(facts),
            "corroborated_facts": sum(1 for f in facts if f.corroborated),
            "conflicting_facts": sum(1 for f in facts if f.conflicts),
            "conflicts": sum(len(f.conflicts) for f in facts),
            "derived_edges": dict(sorted(derived.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    def sources(self, name: str) -> dict:
        """What each source document says about an entity, with paragraph locators.

        Returns a dict with the entity, its label, and ``by_source``: source id -> list of claim rows
        (paragraph, claim kind, claim IRI, and each stated property in words).
        """
        entity = self.resolve(name)
        rows: dict[str, list[dict]] = {}
        for claim in _claims.claims_about(self.dataset, entity, self.claims()):
            rows.setdefault(claim.source_id, []).append(self._describe(claim))
        mentioned = [str(s)[len(str(SOURCE)):] for s in self.sources_list()
                     if (s, IG.mentions, entity) in self.dataset.graph(s)]
        return {"entity": str(entity), "label": self.label(entity), "mentioned_by": mentioned,
                "by_source": dict(sorted(rows.items()))}

    def conflicts(self) -> list[dict]:
        """Where sources disagree, side by side: fact, property, the kind of disagreement (value, party, date,
        status regression, attribution), how far apart numeric sides are (``spread``, in ``unit``; None when the
        sides are not numbers in one unit), and each source's value with its paragraph."""
        out = []
        for fact in self.facts():
            for conflict in fact.conflicts:
                out.append({
                    "fact": str(fact.fact).rsplit("/", 1)[-1],
                    "property": self.label(conflict.property),
                    "kind": self.label(conflict.kind),
                    "spread": _claims._fmt(conflict.spread) if conflict.spread is not None else None,
                    "unit": conflict.unit,
                    "positions": self._positions(conflict.positions),
                })
        return out

    def differences(self) -> list[dict]:
        """Differences between sources that are not disagreements, with the reason: successive lifecycle stages
        of a project (each position with the dates its claims give, in stage order: the project's timeline), or
        the compiler and the analyst of a data set credited for one figure (each with its role), or numbers whose
        ranges overlap (each with the bounds its claims give: ``"nearly: 22,500,000,000 to 25,000,000,000"``)."""
        out = []
        ontology = self.dataset.graph(ONTOLOGY_GRAPH)
        for fact in self.facts():
            for diff in fact.differences:
                positions = self._positions(diff.positions)
                for position in positions:
                    claims = [c for c in self.claims() if str(c.iri) in position["claims"]]
                    position["dates"] = sorted({str(d) for c in claims for d in c.values.get(IG.date, ())})
                    position["roles"] = sorted({self.label(r) for c in claims
                                                for r in c.values.get(IG.attributionRole, ())})
                    position["bounds"] = [_bounds_text(c, self.label) for c in claims
                                          if IG.lowerBound in c.values or IG.upperBound in c.values]
                    position["stage"] = min((int(s) for c in claims for v in c.values.get(IG.status, ())
                                             for s in ontology.objects(v, IG.lifecycleStage)), default=None)
                positions.sort(key=lambda pos: (pos["stage"] or 0, pos["dates"][:1], pos["source"]))  # the timeline
                out.append({"fact": str(fact.fact).rsplit("/", 1)[-1], "property": self.label(diff.property),
                            "reason": diff.reason, "positions": positions})
        return out

    def _positions(self, positions: dict) -> list[dict]:
        return [{"source": str(src)[len(str(SOURCE)):], "value": "; ".join(values),
                 "paragraphs": sorted({c.paragraph for c in cl}), "claims": [str(c.iri) for c in cl]}
                for src, (values, cl) in positions.items()]

    def corroborated(self, only: bool = True) -> list[dict]:
        """Facts stated by two or more sources (every fact with ``only=False``), with the properties the sources
        agree and disagree on."""
        return [{"fact": str(f.fact).rsplit("/", 1)[-1],
                 "sources": [str(s)[len(str(SOURCE)):] for s in f.sources],
                 "agreed": [self.label(p) for p in f.agreed],
                 "conflicting": [self.label(c.property) for c in f.conflicts]}
                for f in self.facts() if f.corroborated or not only]

    def push(self, endpoint: str) -> dict:
        """Send every named graph to a Graph Store Protocol endpoint (e.g. Oxigraph's ``http://HOST:PORT/store``),
        replacing each graph there; see :func:`influencegraph.stores.remote.push`."""
        from .stores.remote import push
        return push(self.store, endpoint)

    def export(self, fmt: str = "trig", output="-") -> int:
        """Write the dataset in ``fmt`` to ``output`` (a path, or ``-`` for stdout); return bytes written."""
        from .formats import write
        return write(self.dataset, fmt, output)

    # ------------------------------------------------------------------ helpers
    def _describe(self, claim: _claims.Claim) -> dict:
        label = self.label
        stated = {}
        for prop, values in claim.values.items():
            if prop in (IG.source, IG.paragraph, RDF.type):
                continue
            if prop == IG.inferredStatement:     # each inferred statement with its reason, not the node's name
                stated[label(prop)] = SEPARATOR.join(describe([r for r in claim.inferences if r[0]], label))
                continue
            stated[label(prop)] = "; ".join(label(v) for v in values)
        return {"paragraph": claim.paragraph, "kind": label(claim.kind), "claim": str(claim.iri),
                "states": dict(sorted(stated.items()))}      # the same order on every run

    @staticmethod
    def _graph_name(identifier) -> str:
        text = str(identifier)
        for ns, prefix in ((str(SOURCE), "src:"), (str(IGG), "igg:")):
            if text.startswith(ns):
                return prefix + text[len(ns):]
        return text


def _bounds_text(claim, label) -> str:
    """A claim's qualifier and range, as ``"more than: 1,000 to open"``."""
    low, high = (claim.values.get(p, (None,))[0] for p in (IG.lowerBound, IG.upperBound))
    qualifier = claim.values.get(IG.approximation, (None,))[0]
    span = f"{_claims._fmt(low) if low is not None else 'open'} to {_claims._fmt(high) if high is not None else 'open'}"
    return f"{label(qualifier)}: {span}" if qualifier is not None else span
