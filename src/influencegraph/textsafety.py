"""Text from the data is shown, never obeyed: helpers every renderer (views, reports) shares.

Bidirectional controls can make a label read backwards or reorder what follows it (``"\\u202eevil"`` shows as
``"live"``, and the figures after it in the same line are reversed too). They are dropped from everything drawn.

Examples
--------
>>> strip_bidi("\\u202eevil 12 bn")
'evil 12 bn'
>>> strip_bidi(None) is None
True
"""

from __future__ import annotations

__all__ = ["BIDI_CONTROLS", "strip_bidi"]

#: Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the left-to-right and right-to-left
#: marks (U+200E, U+200F) and the Arabic letter mark (U+061C).
BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
_DROP = dict.fromkeys(BIDI_CONTROLS)


def strip_bidi(text):
    """``text`` without bidirectional controls; anything not a string is returned as it is."""
    return text.translate(_DROP) if isinstance(text, str) else text
