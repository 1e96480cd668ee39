"""/api/flood/pos/..."""

urlpatterns = []
