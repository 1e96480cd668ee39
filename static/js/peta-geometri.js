/* Geometry helpers for labels and popups: a point that lies inside a desa or
 * kecamatan polygon, for its label and its popup.
 *
 * Works on Leaflet LatLng rings in degrees. The area only ranks the parts of a
 * multipolygon, so degrees are good enough; nothing here is a measurement. */
(function () {
  "use strict";

  function ringArea(ring) {
    let sum = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      sum += (ring[j].lng + ring[i].lng) * (ring[j].lat - ring[i].lat);
    }
    return Math.abs(sum / 2);
  }

  function ringCentroid(ring) {
    let x = 0;
    let y = 0;
    let twiceArea = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const cross = ring[j].lng * ring[i].lat - ring[i].lng * ring[j].lat;
      x += (ring[j].lng + ring[i].lng) * cross;
      y += (ring[j].lat + ring[i].lat) * cross;
      twiceArea += cross;
    }
    if (twiceArea === 0) {
      return ring[0];
    }
    return L.latLng(y / (3 * twiceArea), x / (3 * twiceArea));
  }

  function insideRing(ring, point) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i];
      const b = ring[j];
      if (a.lat > point.lat !== b.lat > point.lat) {
        const lng = a.lng + ((point.lat - a.lat) / (b.lat - a.lat)) * (b.lng - a.lng);
        if (point.lng < lng) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  /* The midpoint of the widest stretch of a horizontal line through the middle
   * of the ring: inside the ring even when the centroid is not (a crescent). */
  function scanlinePoint(ring) {
    const bounds = L.latLngBounds(ring);
    const lat = bounds.getCenter().lat;
    const crossings = [];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i];
      const b = ring[j];
      if (a.lat > lat !== b.lat > lat) {
        crossings.push(a.lng + ((lat - a.lat) / (b.lat - a.lat)) * (b.lng - a.lng));
      }
    }
    crossings.sort(function (p, q) {
      return p - q;
    });
    let best = null;
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const width = crossings[k + 1] - crossings[k];
      if (!best || width > best.width) {
        best = { width: width, lng: (crossings[k] + crossings[k + 1]) / 2 };
      }
    }
    return best ? L.latLng(lat, best.lng) : bounds.getCenter();
  }

  /* The outer rings of a Leaflet polygon layer, whether it holds a Polygon or a
   * MultiPolygon. */
  function outerRings(layer) {
    const latlngs = layer.getLatLngs();
    if (!latlngs.length) {
      return [];
    }
    if (L.LineUtil.isFlat(latlngs[0])) {
      return [latlngs[0]];
    }
    return latlngs.map(function (polygon) {
      return polygon[0];
    });
  }

  /* A point inside the largest part of the polygon, for labels and popups. */
  function labelPoint(layer) {
    let largest = null;
    let largestArea = -1;
    outerRings(layer).forEach(function (ring) {
      const area = ringArea(ring);
      if (area > largestArea) {
        largest = ring;
        largestArea = area;
      }
    });
    if (!largest) {
      return layer.getBounds().getCenter();
    }
    const centroid = ringCentroid(largest);
    return insideRing(largest, centroid) ? centroid : scanlinePoint(largest);
  }

  window.WebSIG.labelPoint = labelPoint;
})();
