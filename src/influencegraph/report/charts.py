"""Charts for reports, drawn with matplotlib (Agg, no screen) and returned as PNG bytes.

The same data gives the same bytes: the PNG carries no timestamp or software tag, and fonts and sizes are fixed.
matplotlib is imported only here, when a chart is drawn.
"""

from __future__ import annotations

import io

__all__ = ["barh", "stacked_barh"]

PALETTE = ["#c0392b", "#2c6fbb", "#27ae60", "#8e44ad", "#d68910", "#16a085", "#7f8c8d", "#2c3e50"]


def _figure(rows: int):
    import matplotlib
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.size": 9, "svg.hashsalt": "influencegraph"})
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.38 * max(rows, 1)), dpi=100)
    return plt, fig, ax


def _png(plt, fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def barh(labels, values, title: str, xlabel: str, scale: float = 1.0, fmt: str = "{:,.1f}") -> bytes | None:
    """A horizontal bar chart, largest on top; ``None`` when there is nothing to plot.

    Examples
    --------
    >>> png = barh(["China", "Russia"], [12e9, 1e9], "Capital", "USD bn", scale=1e9)
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    >>> barh([], [], "Nothing", "x") is None
    True
    """
    pairs = [(str(l), float(v)) for l, v in zip(labels, values) if v == v and v]
    if not pairs:
        return None
    pairs.sort(key=lambda p: p[1])
    plt, fig, ax = _figure(len(pairs))
    ax.barh([p[0] for p in pairs], [p[1] / scale for p in pairs], color=PALETTE[1])
    for i, (_l, v) in enumerate(pairs):
        ax.text(v / scale, i, " " + fmt.format(v / scale), va="center", fontsize=8)
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)
    return _png(plt, fig)


def stacked_barh(frame, index: str, columns: str, values: str, title: str, xlabel: str,
                 scale: float = 1.0) -> bytes | None:
    """Horizontal bars per ``index`` value, stacked by ``columns`` (e.g. capital per sector by origin state)."""
    data = frame[[index, columns, values]].dropna()
    data = data[data[values] > 0]
    if data.empty:
        return None
    table = data.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values().index]
    plt, fig, ax = _figure(len(table))
    left = [0.0] * len(table)
    for i, col in enumerate(sorted(table.columns)):
        widths = (table[col] / scale).tolist()
        ax.barh(list(table.index), widths, left=left, label=str(col), color=PALETTE[i % len(PALETTE)])
        left = [a + b for a, b in zip(left, widths)]
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_xlabel(xlabel)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(plt, fig)
