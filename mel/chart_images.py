"""Plotly figures as PNG images, offline, for the PDF brief and the deck.

Kaleido 1.x draws the figure in a headless Chromium it drives over the DevTools protocol. It is
pointed at Debian's Chromium (``/usr/bin/chromium``, or ``MEL_CHROMIUM``): no browser is ever
downloaded. The page it loads takes plotly.js from the installed plotly package and has MathJax
turned off, so drawing needs no network; and the browser is given a proxy that does not exist
(a closed port on this machine), so that any request of its own fails here instead of leaving
the machine. When Chromium is missing or fails, ``ChartsUnavailable`` says why and the
documents are made without their charts.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

import kaleido
import plotly
import plotly.graph_objects as go
from kaleido import PageGenerator

log = logging.getLogger(__name__)

CHROMIUM = "/usr/bin/chromium"
# Every request of the browser goes to this proxy, where nothing listens: it fails on this machine.
NO_NETWORK_PROXY = "http://127.0.0.1:9"
TIMEOUT_SECONDS = 60.0
_CACHE_SIZE = 32
_cache: OrderedDict[str, bytes] = OrderedDict()


class ChartsUnavailable(RuntimeError):
    """The charts could not be drawn (Chromium missing or failing); the message says why."""


@dataclass(frozen=True)
class Size:
    """An image's size in CSS pixels, drawn at ``scale`` times that many pixels."""

    width: int
    height: int
    scale: float = 2.0


def chromium_path() -> Path:
    """The Chromium kaleido drives: ``MEL_CHROMIUM`` if set, else Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get("MEL_CHROMIUM") or CHROMIUM)


def plotly_js() -> Path:
    """plotly.js as shipped inside the installed plotly package (never a CDN)."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def page() -> PageGenerator:
    """The page kaleido draws in: plotly.js from the plotly package, kaleido's own script, no MathJax."""
    return PageGenerator(plotly=plotly_js(), mathjax=False)


def page_html() -> str:
    """The HTML of that page (every script it loads is a local file)."""
    return str(page().generate_index())


def png_images(figures: Sequence[go.Figure], sizes: Sequence[Size]) -> list[bytes]:
    """Each figure as PNG bytes at its size, with one browser for all; ChartsUnavailable on failure.

    Images already drawn (the same figure at the same size) are taken from a small cache.
    """
    keys = [_key(fig, size) for fig, size in zip(figures, sizes, strict=True)]
    missing = [i for i, key in enumerate(keys) if key not in _cache]
    if missing:
        drawn = _draw([figures[i] for i in missing], [sizes[i] for i in missing])
        for i, png in zip(missing, drawn, strict=True):
            _cache[keys[i]] = png
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    for key in keys:
        _cache.move_to_end(key)
    return [_cache[key] for key in keys]


def _key(fig: go.Figure, size: Size) -> str:
    text = f"{fig.to_json()}|{size.width}|{size.height}|{size.scale}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _draw(figures: list[go.Figure], sizes: list[Size]) -> list[bytes]:
    browser = chromium_path()
    if not browser.is_file():
        raise ChartsUnavailable(f"no Chromium at {browser} (install Debian's chromium package)")
    if not plotly_js().is_file():
        raise ChartsUnavailable(f"plotly.js is missing from the plotly package ({plotly_js()})")
    # asyncio.run in a thread of its own: the caller may already be running an event loop.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido")
    try:
        return pool.submit(asyncio.run, _draw_async(browser, figures, sizes)).result(TIMEOUT_SECONDS)
    except FutureTimeout:
        raise ChartsUnavailable(f"Chromium did not draw the charts within {TIMEOUT_SECONDS:.0f} s") from None
    except ChartsUnavailable:
        raise
    except Exception as exc:  # any failure of the browser or of kaleido: the documents go without charts
        raise ChartsUnavailable(f"Chromium failed to draw the charts: {type(exc).__name__}: {exc}") from exc
    finally:
        pool.shutdown(wait=False)


async def _draw_async(browser: Path, figures: list[go.Figure], sizes: list[Size]) -> list[bytes]:
    images = []
    async with kaleido.Kaleido(
        path=str(browser), page_generator=page(), timeout=TIMEOUT_SECONDS,
        proxy_server=NO_NETWORK_PROXY, enable_extensions=False,
    ) as k:  # fmt: skip
        for fig, size in zip(figures, sizes, strict=True):
            opts = {"format": "png", "width": size.width, "height": size.height, "scale": size.scale}
            images.append(await k.calc_fig(fig, opts=opts))
    return images
