"""Read numbers out of source text, to check that a claim's figure is stated where it says.

A claim cites a paragraph (the n-th non-blank line of the source text). These helpers split a text into
paragraphs and collect every number a paragraph states, in every reading a careful reader would accept:
``$12 billion`` is 12 and 12e9, ``81 percent`` is 81 and 0.81, ``11th`` and ``eleventh`` are 11.

Examples
--------
>>> paragraphs("\\nfirst line\\n\\nsecond line\\n")
['first line', 'second line']
>>> stated_in(12e9, "a USD 12 billion aluminum complex")
True
>>> stated_in(0.81, "it imported 81 percent of its refined copper")
True
>>> stated_in(11, "the world's eleventh largest reserves")
True
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["paragraphs", "seed_paragraphs", "numbers_in", "stated_in", "qualifier_of", "QUALIFIERS"]

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "bn": 10**9, "trillion": 10**12}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:-?\s*(thousand|million|billion|bn|trillion)\b)?"
    r"\s*(percent|per cent|%)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b", re.IGNORECASE)


def paragraphs(text: str) -> list[str]:
    """Split a source text into paragraphs: its non-blank lines, stripped, in order (paragraph n is index n-1).

    Examples
    --------
    >>> paragraphs("a\\n \\nb")
    ['a', 'b']
    """
    return [line.strip() for line in text.splitlines() if line.strip()]


def seed_paragraphs(source: str, numbers=(), root=None) -> list[tuple[int, str]]:
    """A seed text's paragraphs with the numbers claims cite them by: every one, or only those in ``numbers``.

    Parameters
    ----------
    source : str
        The source's identifier, or its start such as ``"002"`` (one seed file must match).
    numbers : iterable of int
        The paragraphs wanted (default: all).
    root : str or Path, optional
        The project folder; the texts are in its ``seeds_dir``.

    Raises
    ------
    FileNotFoundError
        No folder of seed texts.
    ValueError
        ``source`` matches no seed file, or several.
    """
    from .project import Project
    folder = Project.locate(root).seeds_dir
    if folder is None:
        raise FileNotFoundError("seed texts not found: expected ../shared/seeds or $INFLUENCEGRAPH_SEEDS")
    matches = sorted(folder.glob(f"{source}*.txt"))
    if len(matches) != 1:
        raise ValueError(f"{source!r} matches {len(matches)} seed files in {folder}")
    wanted = set(numbers)
    return [(n, text) for n, text in enumerate(paragraphs(matches[0].read_text(encoding="utf-8")), 1)
            if not wanted or n in wanted]


def numbers_in(text: str) -> set[Decimal]:
    """Every numeric value ``text`` states, in each accepted reading.

    Examples
    --------
    >>> Decimal(600000) in numbers_in("600,000 tons")
    True
    >>> Decimal('5700000000') in numbers_in("5.7 billion kilowatt hours")
    True
    """
    found: set[Decimal] = set()
    for match in _NUMBER.finditer(text):
        digits, scale, percent = match.groups()
        value = Decimal(digits.replace(",", ""))
        found.add(value)
        if scale:
            found.add(value * _SCALES[scale.lower()])
        if percent:
            found.add(value / 100)
    for match in _WORD.finditer(text):
        found.add(Decimal(_WORDS[match.group(1).lower()]))
    return {v.normalize() for v in found}


def stated_in(value, text: str) -> bool:
    """Whether ``value`` (a number) is among the numbers ``text`` states.

    Examples
    --------
    >>> stated_in(0.25, "from 10% to 25%")
    True
    >>> stated_in(26, "from 10% to 25%")
    False
    """
    return Decimal(str(value)).normalize() in numbers_in(text)


#: Words that qualify the number right after them (with a currency sign or code between), as a reader takes them.
QUALIFIERS = ("nearly", "almost", "more than", "over", "approximately", "about", "around", "up to", "at least",
              "roughly", "some", "an estimated", "preliminary", "exceed", "exceeds", "exceeding")
_QUALIFIED = re.compile(r"\b(" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS) + r")"
                        r"(?:\s+cost\s+of)?\s*(?:US\$|USD|\$|€|RMB)?\s*$", re.IGNORECASE)


def qualifier_of(value, text: str) -> str | None:
    """The qualifier the text puts right before ``value`` ("nearly", "more than", ...), or None.

    Examples
    --------
    >>> qualifier_of(25e9, "signed 58 agreements worth nearly $25 billion")
    'nearly'
    >>> qualifier_of(1000, "creating more than 1,000 jobs"), qualifier_of(58, "signed 58 agreements")
    ('more than', None)
    >>> qualifier_of(1.5e9, "at a preliminary cost of $1.5 billion")
    'preliminary'
    """
    wanted = Decimal(str(value)).normalize()
    for match in _NUMBER.finditer(text):
        digits, scale, percent = match.groups()
        number = Decimal(digits.replace(",", ""))
        readings = {number, number * _SCALES[scale.lower()] if scale else number, number / 100 if percent else number}
        if wanted in {r.normalize() for r in readings}:
            found = _QUALIFIED.search(text[max(0, match.start() - 40):match.start()])
            if found:
                return " ".join(found.group(1).lower().split())
    return None
