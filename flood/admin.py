"""Admin of the river gauges: BPBD keeps a station's thresholds, its downstream desa and its own accounts here."""

from django.contrib.gis import admin

from .models import BacaanTma, PosDugaAir


@admin.register(PosDugaAir)
class PosDugaAirAdmin(admin.GISModelAdmin):
    list_display = ("kode", "nama", "sungai", "siaga_4_cm", "siaga_3_cm", "siaga_2_cm", "siaga_1_cm", "is_sample")
    search_fields = ("kode", "nama", "sungai")
    filter_horizontal = ("desa_hilir", "petugas")


@admin.register(BacaanTma)
class BacaanTmaAdmin(admin.ModelAdmin):
    """Readings are seen and deleted here; they are written only through the
    reading service (the API, the demo command), which checks them."""

    list_display = ("pos", "waktu", "tma_cm", "sumber", "dicatat_oleh")
    list_filter = ("pos", "sumber")
    date_hierarchy = "waktu"
    raw_id_fields = ("pos", "dicatat_oleh")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
