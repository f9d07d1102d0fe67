"""Charts as PNG images for documents (the Word Forum paper): the same figure dicts the pages draw, drawn by
kaleido in the system Chromium, offline (plotly.js comes with plotly, not from a CDN).

Chromium's start costs seconds, so a document's charts are drawn in one browser session. One session at a
time per process (kaleido's server is per process; gunicorn's sync workers serve one request each).
"""

import logging
import os
import threading
import warnings

import plotly.io as pio

WIDTH, HEIGHT, SCALE = 900, 450, 2  # 2x for print: sharp at 16 cm wide
_session = threading.Lock()


def _printable(figure: dict) -> dict:
    """The figure for paper: only data and layout (no page-only variants), no hover, a white background."""
    layout = {**figure.get("layout", {}), "hovermode": False, "paper_bgcolor": "#ffffff"}
    layout.setdefault("margin", {"l": 80, "r": 20, "t": 30, "b": 80})
    return {"data": figure.get("data", []), "layout": layout}


def image_height(figure: dict) -> int:
    """The height the chart was laid out for (a timeline grows with its rows, and its legend is placed by a
    fraction of that height); squeezed into 450 px its labels overlapped and missed their rows, and the
    legend sat on the axis title."""
    return int(figure.get("layout", {}).get("height") or HEIGHT)


def chart_pngs(figures: list[dict]) -> list[bytes]:
    """PNG bytes for each figure, in order."""
    if not figures:
        return []
    import kaleido  # imported here: pages never need it

    os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")
    for name in ("kaleido", "choreographer", "logistro"):
        logging.getLogger(name).setLevel(logging.ERROR)  # they narrate every tab at INFO
    with _session, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        kaleido.start_sync_server(silence_warnings=True)
        try:
            return [
                pio.to_image(
                    _printable(f),
                    format="png",
                    width=WIDTH,
                    height=image_height(f),
                    scale=SCALE,
                    validate=False,
                )
                for f in figures
            ]
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
