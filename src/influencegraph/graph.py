"""``KnowledgeGraph``: the object :func:`influencegraph.load` returns and later analyses, queries and views use.

It holds the rdflib dataset and its caches, and delegates: the build CLI's questions (stats, sources, conflicts) to
:mod:`influencegraph.answers`, analyses, queries and views to their modules; it does not grow methods for everything.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, URIRef

from . import claims as _claims
from .project import Project
from .vocab import CATALOGUE_GRAPH, ENTITIES_GRAPH, IG, RDF

__all__ = ["KnowledgeGraph"]


class KnowledgeGraph:
    """The built influence graph.

    Parameters
    ----------
    dataset : rdflib.Dataset or None
        The dataset: ontology, catalogue, registry, one graph per source, derived edges (None: the store's).
    project : Project, optional
        Where it was built from.
    store : GraphStore, optional
        Where the dataset lives (:mod:`influencegraph.stores`); default: rdflib's memory store holding ``dataset``.
    """

    def __init__(self, dataset: Dataset | None, project: Project | None = None, store=None):
        if store is None:
            from .stores.memory import MemoryStore
            store = MemoryStore()
            store.replace(dataset)
        self.dataset = store.dataset if dataset is None else dataset
        self.project = project
        self.store = store
        self.outputs: list[Path] = []
        #: True when :func:`influencegraph.build` found nothing changed since the last build.
        self.up_to_date = False
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
        known = self._registered(name)
        return known if known is not None else URIRef(self.resolver().resolve(name))

    def _registered(self, name) -> URIRef | None:
        """The entity ``name`` spells out exactly (its IRI, or ``igr:`` and its slug), found without building the
        resolver (which reads the whole registry); None for anything else."""
        from .vocab import IGR
        text = str(name).strip()
        iri = URIRef(str(IGR) + text[4:]) if text.startswith("igr:") else URIRef(text)
        if not iri.startswith(str(IGR)):
            return None
        return iri if (iri, RDF.type, None) in self.dataset.graph(ENTITIES_GRAPH) else None

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
        recommended; kept for later calls with the same arguments, and per build on disk across processes (see
        :mod:`~influencegraph.analysis.network_cache`)."""
        from .analysis.network_cache import network
        return network(self, relations=relations, node_types=node_types, as_of=as_of, hedged=hedged)

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
    def view(self, options=None, **kwargs):
        """An interactive HTML network view (see :func:`~influencegraph.views.network_view`): ``.save(path)``
        writes one self-contained page. The options are those of :class:`~influencegraph.views.ViewOptions`
        (``ego``, ``depth``, ``sector``, ``country``, ``competition``, ``source``, ``relations``, ``as_of``,
        ``size_by``, ``max_nodes``, ``title``, ``seed``, ``hedged``), given as one ``ViewOptions`` or by keyword;
        an unknown option is a ``TypeError`` that lists them.

        Examples
        --------
        >>> import influencegraph
        >>> view = influencegraph.load().view(country="Kazakhstan", relations=["investsIn", "leads", "dependsOn",
        ...                                                                    "inHostCountry"])
        >>> view.title
        'Kazakhstan: who it depends on'
        """
        from .views import network_view
        return network_view(self, options, **kwargs)

    # ------------------------------------------------------------------ the CLI's questions (answers.py)
    def stats(self) -> dict:
        """Entities by type, claims per source and by kind, facts corroborated and in conflict, graph sizes (see
        :func:`~influencegraph.answers.stats`)."""
        from . import answers
        return answers.stats(self)

    def sources(self, name: str) -> dict:
        """What each source document says about an entity, with paragraph locators (see
        :func:`~influencegraph.answers.sources`)."""
        from . import answers
        return answers.sources(self, name)

    def conflicts(self) -> list[dict]:
        """Where sources disagree, side by side (see :func:`~influencegraph.answers.conflicts`)."""
        from . import answers
        return answers.conflicts(self)

    def differences(self) -> list[dict]:
        """Differences between sources that are not disagreements, with the reason (see
        :func:`~influencegraph.answers.differences`)."""
        from . import answers
        return answers.differences(self)

    def corroborated(self, only: bool = True) -> list[dict]:
        """Facts stated by two or more sources (every fact with ``only=False``), with the properties the sources
        agree and disagree on (see :func:`~influencegraph.answers.corroborated`)."""
        from . import answers
        return answers.corroborated(self, only=only)

    def push(self, endpoint: str) -> dict:
        """Send every named graph to a Graph Store Protocol endpoint (e.g. Oxigraph's ``http://HOST:PORT/store``),
        replacing each graph there; see :func:`influencegraph.stores.remote.push`."""
        from .stores.remote import push
        return push(self.store, endpoint)

    def export(self, fmt: str = "trig", output="-") -> int:
        """Write the dataset in ``fmt`` to ``output`` (a path, or ``-`` for stdout); return bytes written."""
        from .formats import write
        own = getattr(self.store, "dump", None)          # the build's store hands over the build's own dump
        return write(self.dataset, fmt, output, rendered=own(fmt) if own else None)
