"""Plain-text tables for the terminal, shared by the CLI and query results."""

from __future__ import annotations

__all__ = ["table"]


def table(rows: list[dict], columns: list[str] | None = None) -> str:
    """Plain-text table of ``rows`` (dicts), columns in order.

    Examples
    --------
    >>> print(table([{"a": 1, "b": "x"}, {"a": 22, "b": "yy"}]))
    a   b
    --  --
    1   x
    22  yy
    """
    if not rows:
        return "(none)"
    columns = columns or list(rows[0])
    cells = [[str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)
