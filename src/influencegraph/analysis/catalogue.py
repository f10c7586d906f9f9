"""The source documents as reports and views cite them: number, title, outlet and date, read from the catalogue."""

from __future__ import annotations

__all__ = ["source_catalogue"]


def source_catalogue(kg) -> dict:
    """Source number (``"000"``) → ``{"id", "title", "outlet", "issued"}`` from the catalogue, for footnotes.

    Examples
    --------
    >>> import influencegraph
    >>> entry = source_catalogue(influencegraph.load())["000"]
    >>> sorted(entry), entry["id"][:3]
    (['id', 'issued', 'outlet', 'title'], '000')
    """
    from ..vocab import CATALOGUE_GRAPH, DCTERMS, IG
    g = kg.dataset.graph(CATALOGUE_GRAPH)
    out = {}
    for doc in kg.sources_list():
        ident = str(g.value(doc, DCTERMS.identifier) or kg.label(doc))
        out[ident[:3]] = {"id": ident, "title": str(g.value(doc, DCTERMS.title) or ident),
                          "outlet": str(g.value(doc, IG.outlet) or ""),
                          "issued": str(g.value(doc, DCTERMS.issued) or "")}
    return out
