"""/api/flood/rasters/..."""

urlpatterns = []
