"""The chart of bench/results.json, drawn as SVG by hand (no plotting library needed).

Left: each path against its target (its ratio to its limit divided by the target ratio, so 1 is
the target for every row), green when met, red when missed, grey in a smoke run. Right: IssueKey's latency
percentiles against the number of concurrent callers.
"""

import math
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 1100, 520
LEFT = (20, 40, 560, 460)  # x, y, width, height of the bar panel
RIGHT = (680, 60, 380, 380)  # the latency panel


def svg(document):
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
             text(20, 24, f"apikeyserv, {document['date'][:10]}, commit "
                  f"{document['versions']['commit']}, {document['machine']['cores']} cores"
                  + (" (smoke run)" if document["smoke"] else ""), size=15, weight="bold")]
    parts += bars(document)
    parts += latency(document.get("figures", {}).get("issue_latency_by_callers") or [])
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def text(x, y, body, size=12, anchor="start", weight="normal", fill="#222"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{escape(body)}</text>')


def score(row):
    """The figure against its target: 1 is exactly on target, above 1 better than the target."""
    if row["higher_is_better"]:
        return row["ratio"] / row["target"]
    return row["target"] / row["ratio"] if row["ratio"] > 0 else 2.0


def bars(document):
    rows = [r for r in document["rows"] if r["target"] is not None and r["ratio"] is not None]
    x0, y0, width, height = LEFT
    label_width, bar_x = 250, x0 + 255
    bar_width = width - 255 - 90
    top = 2.0
    scale = bar_width / top
    step = min(34, height / max(len(rows), 1))
    out = [text(x0, y0 + 4, "each path against its target (1 = target; the label: figure / limit)",
                weight="bold")]
    for tick in [0, 0.5, 1.0, 1.5, 2.0]:
        x = bar_x + tick * scale
        out.append(f'<line x1="{x:.1f}" y1="{y0 + 12}" x2="{x:.1f}" '
                   f'y2="{y0 + 16 + step * len(rows)}" stroke="{"#000" if tick == 1 else "#ddd"}"/>')
        out.append(text(x, y0 + 28 + step * len(rows), "target" if tick == 1 else f"{tick:g}",
                        anchor="middle", size=10))
    for index, row in enumerate(rows):
        y = y0 + 16 + index * step
        color = {True: "#3a9d5d", False: "#d0443e", None: "#999"}[row["met"]]
        value = min(score(row), top)
        label = row["path"] if len(row["path"]) <= 40 else row["path"][:39] + "…"
        out.append(text(x0 + label_width, y + step * 0.55, label, anchor="end", size=11))
        out.append(f'<rect x="{bar_x}" y="{y + 4:.1f}" width="{value * scale:.1f}" '
                   f'height="{step - 10:.1f}" fill="{color}"/>')
        sign = "≥" if row["higher_is_better"] else "≤"
        out.append(text(bar_x + value * scale + 4, y + step * 0.55,
                        f"{row['ratio']:.2f}× ({sign} {row['target']:g}×)", size=10))
    return out


def latency(curve):
    if not curve:
        return []
    x0, y0, width, height = RIGHT
    out = [text(x0, y0 - 24, "IssueKey latency against callers", weight="bold"),
           f'<rect x="{x0}" y="{y0}" width="{width}" height="{height}" fill="none" '
           f'stroke="#888"/>']
    callers = [p["callers"] for p in curve]
    top = max(p["p99_ms"] for p in curve) * 1.1 or 1.0
    low, high = math.log2(min(callers)), math.log2(max(callers))
    span = (high - low) or 1.0

    def point(c, ms):
        return (x0 + (math.log2(c) - low) / span * width, y0 + height - ms / top * height)

    for c in callers:
        x, _ = point(c, 0)
        out.append(text(x, y0 + height + 16, str(c), anchor="middle", size=10))
    out.append(text(x0 + width / 2, y0 + height + 34, "concurrent callers", anchor="middle"))
    for fraction in [0, 0.25, 0.5, 0.75, 1.0]:
        ms = top * fraction
        y = y0 + height - fraction * height
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + width}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(text(x0 - 4, y + 4, f"{ms:.0f} ms" if top > 5 else f"{ms:.1f} ms",
                        anchor="end", size=10))
    for key, color in [("p50_ms", "#3a6fb0"), ("p90_ms", "#e39b2d"), ("p99_ms", "#d0443e")]:
        points = " ".join("%.1f,%.1f" % point(p["callers"], p[key]) for p in curve)
        out.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        last = point(curve[-1]["callers"], curve[-1][key])
        out.append(text(last[0] + 4, last[1] + 4, key.replace("_ms", ""), fill=color, size=11))
    for p in curve:
        x, y = point(p["callers"], p["p99_ms"])
        out.append(text(x, y - 8, f"{p['rate']:,.0f}/s", anchor="middle", size=9, fill="#555"))
    return out
