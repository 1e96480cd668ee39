"""HTML pages of the peta jalan under /peta-jalan/."""

app_name = "roadmap_pages"

urlpatterns = []
