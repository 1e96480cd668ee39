"""EWKB from WKB buffers (layers.ingest.wkb) against shapely and PROJ doing the
same one feature at a time. No database needed."""

import numpy as np
import pyarrow
import pyproj
import pytest
import shapely

from layers.ingest import wkb

UTM_TO_LONLAT = pyproj.Transformer.from_crs(32748, 4326, always_xy=True)

# One of every kind in UTM 48S near Tigaraksa (x 670 km, y 9 318 km), holes
# and several parts included, so every step of the byte walk is exercised.
WKT = [
    "POINT (670000 9318000)",
    "LINESTRING (670000 9318000, 670100 9318050, 670200 9318000)",
    "POLYGON ((670000 9318000, 670300 9318000, 670300 9318300, 670000 9318300, 670000 9318000), "
    "(670100 9318100, 670200 9318100, 670200 9318200, 670100 9318100))",
    "MULTIPOINT ((670000 9318000), (670010 9318020), (670030 9318040))",
    "MULTILINESTRING ((670000 9318000, 670100 9318100), (670200 9318200, 670300 9318250, 670400 9318300))",
    "MULTIPOLYGON (((670000 9318000, 670100 9318000, 670100 9318100, 670000 9318000)), "
    "((670500 9318500, 670900 9318500, 670900 9318900, 670500 9318900, 670500 9318500), "
    "(670600 9318600, 670700 9318600, 670700 9318700, 670600 9318600), "
    "(670750 9318750, 670850 9318750, 670850 9318850, 670750 9318750)))",
]


def as_arrow(geoms):
    return pyarrow.array(shapely.to_wkb(geoms, byte_order=1).tolist(), pyarrow.binary())


def reference_parts(geom, transformer):
    """The parts of the geometry, reprojected by shapely and pyproj."""
    if transformer is not None:
        geom = shapely.transform(
            geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0].tolist(), xy[:, 1].tolist()))
        )
    return shapely.get_parts(geom)


def same_parts(got, source, transformer):
    expected = reference_parts(source, transformer)
    return len(shapely.get_parts(got)) == len(expected) and all(
        shapely.equals_exact(a, b, tolerance=0) for a, b in zip(shapely.get_parts(got), expected, strict=True)
    )


@pytest.mark.parametrize("transformer", [None, UTM_TO_LONLAT], ids=["4326", "utm48s"])
def test_every_kind_becomes_multi_ewkb_with_srid_4326(transformer):
    geoms = shapely.from_wkt(WKT)
    ewkb, finite = wkb.multi_ewkb(as_arrow(geoms), transformer)
    assert finite.all()
    got = shapely.from_wkb(ewkb)
    assert shapely.get_srid(got).tolist() == [4326] * 6
    assert [g.geom_type for g in got] == ["MultiPoint", "MultiLineString", "MultiPolygon"] * 2
    # the same parts, rings and coordinates in the same order
    assert shapely.get_num_geometries(got).tolist() == [1, 1, 1, 3, 2, 2]
    assert all(same_parts(geom, source, transformer) for geom, source in zip(got, geoms, strict=True))
    if transformer is not None:  # near Tigaraksa; figures from Debian GDAL 3.6:
        # echo 670000 9318000 | gdaltransform -s_srs EPSG:32748 -t_srs EPSG:4326
        lon, lat = shapely.get_coordinates(got[0])[0]
        assert lon == pytest.approx(106.53640147, abs=1e-8) and lat == pytest.approx(-6.16781325, abs=1e-8)


def test_a_slice_of_an_arrow_array_and_a_single_point():
    geoms = shapely.from_wkt(WKT)
    ewkb, _finite = wkb.multi_ewkb(as_arrow(geoms).slice(2, 3), UTM_TO_LONLAT)
    assert [g.geom_type for g in shapely.from_wkb(ewkb)] == ["MultiPolygon", "MultiPoint", "MultiLineString"]
    ewkb, _finite = wkb.multi_ewkb(as_arrow(geoms[:1]), UTM_TO_LONLAT)
    assert same_parts(shapely.from_wkb(ewkb[0]), geoms[0], UTM_TO_LONLAT)


def test_points_outside_the_projection_come_back_flagged():
    # 10^30 m east lies outside every projection's domain: PROJ answers inf.
    geoms = shapely.from_wkt(["POINT (670000 9318000)", "LINESTRING (670000 9318000, 1e30 9318000)"])
    ewkb, finite = wkb.multi_ewkb(as_arrow(geoms), UTM_TO_LONLAT)
    assert finite.tolist() == [True, False]
    assert np.isfinite(shapely.get_coordinates(shapely.from_wkb(ewkb[1]))).all()


@pytest.mark.parametrize(
    "wkb_bytes",
    [
        shapely.to_wkb(shapely.from_wkt("POINT Z (670000 9318000 12)"), byte_order=1),
        shapely.to_wkb(shapely.from_wkt("POINT (670000 9318000)"), byte_order=0),
        shapely.to_wkb(shapely.from_wkt("GEOMETRYCOLLECTION (POINT (1 2))"), byte_order=1),
        shapely.to_wkb(shapely.multipoints(np.zeros((3, 2))), byte_order=1)[:-8],  # truncated
    ],
    ids=["z", "big-endian", "collection", "truncated"],
)
def test_rows_the_walk_does_not_handle_are_left_to_shapely(wkb_bytes):
    assert wkb.multi_ewkb(pyarrow.array([wkb_bytes], pyarrow.binary()), UTM_TO_LONLAT) is None


def test_more_rings_than_the_walk_takes_are_left_to_shapely():
    holes = [shapely.box(x, 0, x + 1, 1).exterior for x in range(2, 2 * (wkb.MAX_STEPS + 1), 2)]
    polygon = shapely.Polygon(shapely.box(0, -1, 500, 2).exterior, holes)
    assert wkb.multi_ewkb(as_arrow(np.array([polygon])), UTM_TO_LONLAT) is None
    (promoted,), _finite = wkb.multi_ewkb(as_arrow(np.array([polygon])), None)  # promotion alone needs no walk
    assert shapely.equals_exact(shapely.get_geometry(shapely.from_wkb(promoted), 0), polygon, tolerance=0)
