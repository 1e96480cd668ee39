/* The editor's map: basemap, kecamatan and desa boundaries for orientation,
 * the Leaflet-Geoman drawing tools of the layer's geometry kind, and the
 * conversion between GeoJSON features and editable Leaflet layers.
 *
 * Features arrive as Multi* geometries; a multi-geometry with one part is
 * edited as a plain marker, line or polygon (the server promotes it back). */
(function () {
  "use strict";

  const { el } = window.WebSIG;
  const WL = window.WebSIGLayers;
  const SNAP = { snappable: true, snapDistance: 15 };
  const CONTEXT = { interactive: false, pmIgnore: true, snapIgnore: true };

  function pathStyle(kind, color) {
    return {
      color: color,
      weight: kind === "line" ? 4 : 2,
      opacity: 0.95,
      fillColor: color,
      fillOpacity: 0.3,
    };
  }

  /* Desa and kecamatan outlines under the features, ignored by the drawing tools. */
  function addBoundaries(map) {
    map.createPane("batas").style.zIndex = 350;
    return WebSIG.addBoundaries(map, [
      Object.assign({ kind: "desa", pane: "batas", style: { color: "#55655f", weight: 0.8, opacity: 0.7, dashArray: "4 4", fill: false } }, CONTEXT),
      Object.assign({ kind: "kecamatan", pane: "batas", style: { color: "#a3154a", weight: 2, opacity: 0.7, fill: false } }, CONTEXT),
    ]);
  }

  function singlePart(geometry) {
    const type = geometry.type;
    if (type.startsWith("Multi") && geometry.coordinates.length === 1) {
      return { type: type.slice(5), coordinates: geometry.coordinates[0] };
    }
    return geometry;
  }

  function create(container, layer) {
    const kind = layer.geometry_kind;
    const bbox = WebSIG.bboxBounds(layer.bbox);
    const map = WebSIG.createMap(container, {
      leaflet: { maxZoom: 20, zoomSnap: 0.5, boxZoom: false },
      view: bbox ? bbox.pad(0.1) : null,
      fit: { maxZoom: 16 },
    });

    const drawColor = WL.symbolFor(layer.style, {}).color;
    // The tools of the layer's geometry kind, snapping to the other features.
    WebSIG.addDrawingTools(
      map,
      { drawMarker: kind === "point", drawPolyline: kind === "line", drawPolygon: kind === "polygon", drawRectangle: kind === "polygon" },
      Object.assign({}, SNAP, {
        pathOptions: pathStyle(kind, drawColor),
        markerStyle: { icon: WL.markerIcon(WL.symbolFor(layer.style, {})) },
      })
    );

    const features = L.featureGroup().addTo(map);
    const marks = L.layerGroup().addTo(map);
    // The legend of an export of the map: the layer's style classes.
    if (window.WebSIGTools) {
      const entries = WL.legendEntries(layer.style, layer.title).map((entry) => Object.assign({ kind: kind }, entry));
      WebSIGTools.addLegend(map, features, { title: layer.title, entries: entries });
    }

    /* An editable Leaflet layer of a GeoJSON feature, in the layer's style. */
    function buildLayer(feature) {
      const geometry = singlePart(feature.geometry);
      const symbol = WL.symbolFor(layer.style, feature.properties);
      if (geometry.type === "Point") {
        return L.marker([geometry.coordinates[1], geometry.coordinates[0]], { icon: WL.markerIcon(symbol), keyboard: true });
      }
      if (geometry.type === "MultiPoint") {
        return L.featureGroup(
          geometry.coordinates.map(function (c) {
            return L.marker([c[1], c[0]], { icon: WL.markerIcon(symbol) });
          })
        );
      }
      const depth = { LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2 }[geometry.type];
      const latlngs = L.GeoJSON.coordsToLatLngs(geometry.coordinates, depth);
      const Shape = kind === "line" ? L.polyline : L.polygon;
      return Shape(latlngs, pathStyle(kind, symbol.color));
    }

    /* The GeoJSON geometry of a layer built above or drawn with Geoman. */
    function geometryOf(item) {
      if (item instanceof L.Marker) {
        const p = item.getLatLng();
        return { type: "Point", coordinates: [round(p.lng), round(p.lat)] };
      }
      if (item instanceof L.FeatureGroup) {
        return {
          type: "MultiPoint",
          coordinates: item.getLayers().map(function (m) {
            return [round(m.getLatLng().lng), round(m.getLatLng().lat)];
          }),
        };
      }
      return item.toGeoJSON(7).geometry;
    }

    function round(value) {
      return Math.round(value * 1e7) / 1e7;
    }

    function parts(item) {
      return item instanceof L.FeatureGroup ? item.getLayers() : [item];
    }

    /* Vertex editing, dragging and snapping on one layer. */
    function setEditing(item, on) {
      parts(item).forEach(function (part) {
        if (!part.pm) {
          return;
        }
        if (on) {
          part.pm.enable(Object.assign({}, SNAP, { draggable: true, allowSelfIntersection: true }));
        } else {
          part.pm.disable();
        }
      });
    }

    function setSelected(item, on) {
      parts(item).forEach(function (part) {
        if (part instanceof L.Marker) {
          const icon = part.getElement();
          if (icon) {
            icon.classList.toggle("penanda-terpilih", on);
          }
        } else if (part.setStyle) {
          part.setStyle(on ? { color: "#f4b400", weight: kind === "line" ? 6 : 3.5, dashArray: null } : { weight: kind === "line" ? 4 : 2, color: part.options.fillColor });
        }
      });
    }

    /* A red marker where the server found the geometry invalid. */
    function showProblem(location, reason) {
      marks.clearLayers();
      const marker = L.circleMarker([location.lat, location.lon], {
        radius: 10,
        color: "#a4262c",
        weight: 3,
        fillColor: "#ff5a5f",
        fillOpacity: 0.6,
        pmIgnore: true,
        snapIgnore: true,
        className: "titik-masalah",
      }).addTo(marks);
      const content = el("div", "popup-masalah");
      content.appendChild(el("strong", null, gettext("Invalid geometry here")));
      content.appendChild(el("p", null, reason || ""));
      marker.bindPopup(content).openPopup();
      map.panTo([location.lat, location.lon]);
    }

    /* The user's unsaved geometry, dashed, kept in sight after a conflict. */
    function showDraft(geometry) {
      const ghost = L.geoJSON(
        { type: "Feature", geometry: geometry, properties: {} },
        {
          pmIgnore: true,
          snapIgnore: true,
          interactive: false,
          style: { color: "#b30059", weight: 3, dashArray: "8 6", fillOpacity: 0.08 },
          pointToLayer: function (_feature, latlng) {
            return L.circleMarker(latlng, { radius: 14, color: "#b30059", weight: 3, dashArray: "5 4", fillOpacity: 0.1, pmIgnore: true, snapIgnore: true, interactive: false });
          },
        }
      );
      ghost.addTo(marks);
      return ghost;
    }

    addBoundaries(map);

    return {
      map: map,
      features: features,
      buildLayer: buildLayer,
      geometryOf: geometryOf,
      setEditing: setEditing,
      setSelected: setSelected,
      showProblem: showProblem,
      showDraft: showDraft,
      clearMarks: function () {
        marks.clearLayers();
      },
      boundsOf: function (item) {
        return item.getBounds ? item.getBounds() : L.latLngBounds([item.getLatLng()]);
      },
    };
  }

  window.WebSIGEditorMap = { create: create };
})();
