"""HTML pages of the flood module under /banjir/."""

app_name = "flood_pages"

urlpatterns = []
