"""Centrality scores into the dataset: the named graph ``igg:centrality``, so that SPARQL can use them."""

from __future__ import annotations

import math

from ..errors import AnalysisError
from ..vocab import IG

__all__ = ["write_back", "PROPERTIES"]

#: Table column → the ontology property :func:`write_back` stores it as (integers for degrees, else doubles).
PROPERTIES = {
    "in_degree": IG.inDegree,
    "out_degree": IG.outDegree,
    "pagerank": IG.pageRank,
    "betweenness": IG.betweennessCentrality,
    "eigenvector": IG.eigenvectorCentrality,
    "closeness": IG.closenessCentrality,
}
_INTEGER_COLUMNS = ("in_degree", "out_degree")


def write_back(kg, table) -> int:
    """Store the scores of a centrality table in the named graph ``igg:centrality``, replacing its content.

    Each score becomes a typed literal on the node's IRI: ``ig:inDegree`` and ``ig:outDegree`` (``xsd:integer``),
    ``ig:pageRank``, ``ig:betweennessCentrality``, ``ig:eigenvectorCentrality`` and ``ig:closenessCentrality``
    (``xsd:double``); see :data:`PROPERTIES`. Columns the table lacks are left out, and so are missing or
    non-finite values. The previous content of the graph goes, even for nodes the table does not list (a table
    of a filtered projection or of the ``top`` rows replaces a full one). Cached SPARQL engines are dropped so
    that the next query sees the new graph.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph whose dataset receives the scores (in memory; nothing is written to disk).
    table : pandas.DataFrame
        From :func:`.centrality.centrality` (or any single-measure function), indexed by node IRI.

    Returns
    -------
    int
        The number of triples written.

    Raises
    ------
    AnalysisError
        The table has none of the score columns.

    Examples
    --------
    >>> import influencegraph
    >>> from influencegraph.analysis.centrality import centrality
    >>> from influencegraph.analysis.projection import project
    >>> kg = influencegraph.load(store="memory")      # the build's own store is read-only
    >>> table = centrality(project(kg, relations={"investsIn"}))
    >>> write_back(kg, table) == 6 * len(table)
    True
    >>> top = kg.query("SELECT ?n WHERE { GRAPH igg:centrality { ?n ig:pageRank ?r } } ORDER BY DESC(?r) LIMIT 1")
    >>> str(top["n"][0]) == table.index[0]
    True
    """
    import pandas as pd
    from rdflib import Literal, URIRef

    from ..stores.cache import invalidate
    from ..vocab import CENTRALITY_GRAPH, XSD
    columns = [c for c in PROPERTIES if c in table.columns]
    if not columns:
        raise AnalysisError(f"write_back: the table has none of the score columns {', '.join(PROPERTIES)}")
    ds = kg.dataset
    ds.remove_graph(ds.graph(CENTRALITY_GRAPH))
    graph = ds.graph(CENTRALITY_GRAPH)
    written = 0
    for column in columns:
        prop = PROPERTIES[column]
        integer = column in _INTEGER_COLUMNS
        for node, value in table[column].items():
            if pd.isna(value) or not math.isfinite(float(value)):
                continue
            literal = (Literal(int(value), datatype=XSD.integer) if integer
                       else Literal(float(value), datatype=XSD.double))
            graph.add((URIRef(str(node)), prop, literal))
            written += 1
    invalidate(ds)
    return written
