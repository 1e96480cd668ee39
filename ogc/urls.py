from django.urls import path

from . import views
from .views import tiles

app_name = "ogc"

urlpatterns = [
    path("", views.Landing.as_view(), name="landing"),
    path("conformance", views.Conformance.as_view(), name="conformance"),
    path("api", views.Api.as_view(), name="api"),
    path("collections", views.CollectionList.as_view(), name="collections"),
    path("collections/<slug:collection_id>", views.CollectionDetail.as_view(), name="collection"),
    path("collections/<slug:collection_id>/queryables", views.Queryables.as_view(), name="queryables"),
    path("collections/<slug:collection_id>/items", views.Items.as_view(), name="items"),
    path("collections/<slug:collection_id>/items/<int:feature_id>", views.Item.as_view(), name="item"),
    path("collections/<slug:collection_id>/tiles", tiles.Tilesets.as_view(), name="tilesets"),
    path("collections/<slug:collection_id>/tiles/<str:tile_matrix_set_id>", tiles.Tileset.as_view(), name="tileset"),
    path(
        "collections/<slug:collection_id>/tiles/<str:tile_matrix_set_id>/tilejson.json",
        tiles.TileJson.as_view(),
        name="tilejson",
    ),
    path(
        "collections/<slug:collection_id>/tiles/<str:tile_matrix_set_id>/<str:tile_matrix>/<str:tile_row>/<str:tile_col>",
        tiles.Tile.as_view(),
        name="tile",
    ),
    path("tileMatrixSets", tiles.TileMatrixSets.as_view(), name="tilematrixsets"),
    path("tileMatrixSets/<str:tile_matrix_set_id>", tiles.TileMatrixSet.as_view(), name="tilematrixset"),
]
