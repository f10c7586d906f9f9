"""Names → entities: the one resolver behind every lookup, and the one :func:`suggest` behind every "did you mean".

A :class:`Resolver` knows each entity by its label, its aliases (``skos:altLabel``: other names, native-script
names), its identifiers (IRI, ``igr:`` slug, Wikidata QID, ISO 3166 codes) and the acronyms its names make.
:meth:`Resolver.resolve` tries these steps in order and stops at the first that matches:

1. an identifier, ignoring case (``igr:kazakhstan``, ``Q232``, ``KZ``);
2. a label or an alias, compared by :func:`key`: case, accents, punctuation, spacing and spelling variants
   (aluminum/aluminium, and every pair of one entity's names that differ by a misspelt word, such as
   Aktogai/Aktogay) aside;
3. an acronym of a label or an alias (:func:`acronyms`: ``CNMC`` for China Non-Ferrous Metal Ltd.);
4. a unique partial match: the name's words, in order, within the label or an alias of exactly one entity.

A step that matches two or more entities raises :class:`~influencegraph.errors.AmbiguousEntity` naming them; a
name that matches nothing raises :class:`~influencegraph.errors.UnknownEntity` with :func:`suggest`'s close names.

Examples
--------
>>> r = Resolver([Entry("ig/kz", "Kazakhstan", ("Republic of Kazakhstan", "Қазақстан"), ("KZ",)),
...               Entry("ig/cnnc", "China National Nuclear Corporation"),
...               Entry("ig/al", "aluminium"), Entry("ig/ga", "green aluminium")])
>>> [r.resolve(n) for n in ("republic of kazakhstan", "Қазақстан", "kz", "CNNC", "green aluminum", "National")]
['ig/kz', 'ig/kz', 'ig/kz', 'ig/cnnc', 'ig/ga', 'ig/cnnc']
>>> r.resolve("Kazakstan")
Traceback (most recent call last):
...
influencegraph.errors.UnknownEntity: No entity named 'Kazakstan'. Did you mean: Kazakhstan?
>>> r.resolve("aluminium") == "ig/al"
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .errors import AmbiguousEntity, UnknownEntity

__all__ = ["Entry", "Resolver", "acronyms", "key", "registry_entries", "suggest", "words", "SUGGEST_CUTOFF",
           "SUGGEST_LIMIT", "SUGGEST_MARGIN"]

#: The suggestion policy: at most this many names...
SUGGEST_LIMIT = 5
#: ...each scoring at least this (0-100; see :func:`suggest`)...
SUGGEST_CUTOFF = 75.0
#: ...and at most this far below the best.
SUGGEST_MARGIN = 10.0

#: American spellings read as the British ones the registry uses (the registry's own aliases add more).
SPELLING = {"aluminum": "aluminium", "sulfur": "sulphur", "sulfuric": "sulphuric", "sulfate": "sulphate",
            "sulfide": "sulphide", "center": "centre", "centers": "centres", "organization": "organisation",
            "organizations": "organisations", "program": "programme", "programs": "programmes",
            "defense": "defence", "labor": "labour", "neighbor": "neighbour", "neighbors": "neighbours",
            "neighborliness": "neighbourliness", "fiber": "fibre", "modeling": "modelling"}
_STOP = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "&"})
_LEGAL = frozenset({"co", "company", "corp", "corporation", "inc", "jsc", "limited", "llc", "ltd", "plc"})
_APOSTROPHES = re.compile(r"['’]")
_ACRONYM = re.compile(r"[^\W\d_]{2,8}")


@dataclass(frozen=True)
class Entry:
    """One entity as the resolver knows it: its id (what :meth:`Resolver.resolve` returns), label, aliases and
    identifiers."""

    id: Hashable
    label: str
    aliases: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- text
def words(text, spelling: Mapping[str, str] = SPELLING) -> tuple[str, ...]:
    """The words of a name, folded: lower case, no accents or apostrophes, spelling variants unified.

    Examples
    --------
    >>> words("People's Republic of China")
    ('peoples', 'republic', 'of', 'china')
    >>> words("Non-Ferrous Métal, aluminum")
    ('non', 'ferrous', 'metal', 'aluminium')
    """
    text = _APOSTROPHES.sub("", _fold(text))
    return tuple(spelling.get(w, w) for w in re.findall(r"\w+", text))


def key(text, spelling: Mapping[str, str] = SPELLING) -> str:
    """What two names must share to be the same name: their :func:`words`, run together.

    Examples
    --------
    >>> key("China Non-Ferrous Metal Ltd.") == key("china nonferrous metal ltd")
    True
    """
    return "".join(words(text, spelling))


def acronyms(name: str) -> set[str]:
    """The acronyms a name of two or more words makes, in lower case.

    Initials of the words, leaving out ``of``, ``the``, ``and`` and the like and anything in parentheses; a
    hyphenated word gives one initial or one per part; a legal form at the end (Ltd., Co., Corporation, ...)
    gives its initial, none, or ``c`` (company), as acronyms of companies usually end.

    Examples
    --------
    >>> sorted(acronyms("China Non-Ferrous Metal Ltd."))
    ['cnfm', 'cnfmc', 'cnfml', 'cnm', 'cnmc', 'cnml']
    >>> sorted(acronyms("China National Nuclear Corporation"))
    ['cnn', 'cnnc']
    >>> acronyms("Kazakhstan"), acronyms("中华人民共和国")
    (set(), set())
    """
    text = _fold(re.sub(r"\([^)]*\)", " ", name))
    tokens = [re.sub(r"['’]s$", "", t.strip(".,;:'’\"")) for t in text.split()]
    tokens = [t for t in tokens if t and t not in _STOP and not t[0].isdigit()]
    if len(tokens) < 2 or not all(re.fullmatch(r"[a-z][a-z.\-–]*", t) for t in tokens):
        return set()
    legal = [""] if tokens[-1].strip(".") not in _LEGAL else ["", tokens[-1][0], "c"]
    if legal != [""]:
        tokens = tokens[:-1]
    out = set()
    for compound in (True, False):
        parts = [[t] if compound else [p for p in re.split(r"[-–]", t) if p] for t in tokens]
        initials = "".join(p[0] for part in parts for p in part)
        out |= {initials + end for end in legal}
    return {a for a in out if len(a) >= 2}


def _fold(text) -> str:
    """Lower case, accents off."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _plain(text) -> str:
    return " ".join(words(text))


# ----------------------------------------------------------------------------- suggestions
def suggest(name, candidates, limit: int = SUGGEST_LIMIT) -> list[str]:
    """Close matches for a name nothing matched, best first: the one suggestion policy of every lookup.

    Both sides are folded by :func:`words` and scored 0-100 by rapidfuzz: ``WRatio`` (which also credits a part
    of a longer name and words in another order), or the plain ``ratio`` when the name is four characters or
    less or longer than the candidate (so that ``NFC`` is not taken for a part of ``PTGNFC``). Kept: scores of at
    least :data:`SUGGEST_CUTOFF` and within :data:`SUGGEST_MARGIN` of the best.

    Parameters
    ----------
    name : str
        What the user typed.
    candidates : iterable of str, or mapping of str to str
        The names it could have meant; a mapping gives for each name what to show for it (an alias → its
        entity's label), and a shown name is listed once.
    limit : int
        At most this many suggestions.

    Returns
    -------
    list of str
        Highest score first, ties in name order.

    Examples
    --------
    >>> suggest("Rosatomm", ["Rosatom", "Russia", "Romania"])
    ['Rosatom']
    >>> suggest("NFC", {"NFMC": "China Non-Ferrous Metal Ltd.", "CNNC": "China National Nuclear Corporation",
    ...                 "PTGNFC": "Permanent Treaty of Good-Neighborliness and Friendly Cooperation"})
    ['China Non-Ferrous Metal Ltd.']
    >>> suggest("reservs", ["reserves", "projects-by-region", "timeline"])
    ['reserves']
    """
    from rapidfuzz import process

    shown = candidates if isinstance(candidates, Mapping) else {str(c): str(c) for c in candidates}
    choices = {text: _plain(text) for text in shown}
    scored = process.extract(_plain(name), choices, scorer=_score, processor=None, limit=None,
                             score_cutoff=SUGGEST_CUTOFF)
    best = max((score for _f, score, _t in scored), default=0)
    out: list[str] = []
    for _folded, score, text in sorted(scored, key=lambda hit: (-hit[1], str(shown[hit[2]]))):
        if score >= best - SUGGEST_MARGIN and shown[text] not in out:
            out.append(shown[text])
    return out[:limit]


def _score(query: str, candidate: str, score_cutoff=None, **_kwargs) -> float:
    from rapidfuzz import fuzz
    if len(query) <= 4 or len(candidate) < len(query):
        return fuzz.ratio(query, candidate, score_cutoff=score_cutoff)
    return fuzz.WRatio(query, candidate, score_cutoff=score_cutoff)


# ----------------------------------------------------------------------------- the resolver
class Resolver:
    """Every entity by its names, identifiers, acronyms and words; see the module's description for the steps.

    Parameters
    ----------
    entries : iterable of Entry
        The entities (ids unique).
    """

    def __init__(self, entries: Iterable[Entry]):
        self.entries = {e.id: e for e in entries}
        self.spelling = _variants(self.entries.values())
        self._ids = _index((str(i).casefold(), e.id) for e in self.entries.values()
                           for i in (e.id, _local(e.id), *e.ids))
        self._names = _index((key(n, self.spelling), e.id) for e in self.entries.values() for n in _names(e))

    def resolve(self, name):
        """The id of the one entity ``name`` denotes.

        Raises
        ------
        AmbiguousEntity
            When a step matches two or more entities (a subclass of UnknownEntity).
        UnknownEntity
            When nothing matches, with :meth:`suggest`'s close names.
        """
        text = str(name).strip()
        steps = ((self._ids, text.casefold()), (self._ids, text.casefold().removeprefix("igr:")),
                 (self._names, key(text, self.spelling)))
        for index, wanted in steps:
            if wanted and wanted in index:
                return self._one(name, index[wanted])
        if _ACRONYM.fullmatch(text) and text.casefold() in self._acronyms:
            return self._one(name, self._acronyms[text.casefold()])
        found = self._partial(words(text, self.spelling))
        if found:
            return self._one(name, found)
        raise UnknownEntity(str(name), self.suggest(text))

    def suggest(self, name) -> list[str]:
        """Labels of the entities whose names, identifiers or acronyms come close to ``name`` (:func:`suggest`)."""
        return suggest(name, self._shown)

    def as_dict(self) -> dict[str, dict]:
        """Each entity's aliases and identifiers as plain lists (what a projection keeps in ``G.graph["names"]``)."""
        return {i: {"aliases": list(e.aliases), "ids": list(e.ids)} for i, e in self.entries.items()}

    # -------------------------------------------------------------- the steps
    def _one(self, name, ids: set[str]) -> str:
        if len(ids) == 1:
            return next(iter(ids))
        labels = [self.entries[i].label for i in ids]
        shown = [f"{self.entries[i].label} ({_local(i)})" if labels.count(self.entries[i].label) > 1
                 else self.entries[i].label for i in ids]
        raise AmbiguousEntity(str(name), sorted(shown, key=str.casefold))

    @cached_property
    def _acronyms(self) -> dict[str, set[str]]:
        return _index((a, e.id) for e in self.entries.values() for n in _names(e) for a in acronyms(n))

    @cached_property
    def _words(self) -> list[tuple[tuple[str, ...], str]]:
        return [(words(n, self.spelling), e.id) for e in self.entries.values() for n in _names(e)]

    def _partial(self, wanted: tuple[str, ...]) -> set[str]:
        if len("".join(wanted)) < 3:
            return set()
        n = len(wanted)
        return {i for have, i in self._words if any(have[k:k + n] == wanted for k in range(len(have) - n + 1))}

    @cached_property
    def _shown(self) -> dict[str, str]:
        shown: dict[str, str] = {}
        for e in self.entries.values():
            for text in (*_names(e), _local(e.id), *(a.upper() for n in _names(e) for a in acronyms(n))):
                shown.setdefault(text, e.label)
        return shown


def _local(entity_id) -> str:
    """The end of an id: ``east-hope-group`` for the IRI ``igr:east-hope-group`` written in full."""
    return str(entity_id).rsplit("/", 1)[-1]


def _names(entry: Entry) -> tuple[str, ...]:
    return (entry.label, *entry.aliases)


def _index(pairs) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for k, entity in pairs:
        if k:
            out.setdefault(k, set()).add(entity)
    return out


def _variants(entries) -> dict[str, str]:
    """:data:`SPELLING` and the variants the registry teaches: two names of one entity that differ in one word,
    both words Latin letters, four or more, within two edits of each other (Aktogai/Aktogay); the later word in
    alphabetical order reads as the earlier.

    Examples
    --------
    >>> _variants([Entry("x", "Aktogai copper mine", ("Aktogay copper mine", "aluminum"))])["aktogay"]
    'aktogai'
    """
    from rapidfuzz.distance import Levenshtein

    out = dict(SPELLING)
    for e in entries:
        names = [words(n) for n in _names(e)]
        for a, b in ((a, b) for a in names for b in names if len(a) == len(b)):
            diff = [pair for pair in zip(a, b) if pair[0] != pair[1]]
            if len(diff) == 1 and all(w.isascii() and w.isalpha() and len(w) >= 4 for w in diff[0]) \
                    and Levenshtein.distance(*diff[0]) <= 2:
                first, later = sorted(diff[0])
                out[later] = out.get(first, first)
    return {w: _last(out, w) for w in out}


def _last(spelling: dict[str, str], word: str) -> str:
    """Where a chain of variants ends (``a → b → c`` gives ``c``)."""
    seen = set()
    while spelling.get(word, word) != word and word not in seen:
        seen.add(word)
        word = spelling[word]
    return word


# ----------------------------------------------------------------------------- the registry
def registry_entries(dataset) -> list[Entry]:
    """Every entity of the registry graph: preferred label, aliases (``skos:altLabel``, native scripts included),
    and identifiers (Wikidata QIDs of ``skos:exactMatch``, ISO 3166 codes; the resolver adds the ``igr:`` slug)."""
    from .vocab import ENTITIES_GRAPH, IG, RDF, SKOS

    codes = (IG.iso3166Alpha2, IG.iso3166Alpha3, IG.iso3166_2)
    wanted = {RDF.type, SKOS.prefLabel, SKOS.altLabel, SKOS.exactMatch, *codes}
    said: dict = {}                          # one pass over the registry graph: subject → property → objects
    for s, p, o in dataset.graph(ENTITIES_GRAPH):
        if p in wanted:
            said.setdefault(s, {}).setdefault(p, []).append(o)
    out = []
    for s in sorted(s for s, props in said.items() if RDF.type in props):
        props = said[s]
        labels = sorted(props.get(SKOS.prefLabel, ()), key=lambda o: (getattr(o, "language", None) != "en", str(o)))
        aliases = [str(o) for o in labels[1:]] + sorted(str(o) for o in props.get(SKOS.altLabel, ()))
        ids = [str(c) for p in codes for c in props.get(p, ())]
        for match in sorted(props.get(SKOS.exactMatch, ())):
            ids += [str(match), str(match).rsplit("/", 1)[-1]]
        out.append(Entry(str(s), str(labels[0]) if labels else _local(s), tuple(aliases), tuple(ids)))
    return out
