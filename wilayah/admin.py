from django.contrib.gis import admin

from .models import Desa, Kabupaten, Kecamatan


@admin.register(Kabupaten)
class KabupatenAdmin(admin.GISModelAdmin):
    list_display = ("kode", "nama", "luas_resmi_km2", "luas_ukur_ha")
    readonly_fields = ("luas_ukur_ha",)


@admin.register(Kecamatan)
class KecamatanAdmin(admin.GISModelAdmin):
    list_display = ("kode", "nama", "luas_resmi_km2", "luas_ukur_ha")
    search_fields = ("kode", "nama")
    readonly_fields = ("luas_ukur_ha",)


@admin.register(Desa)
class DesaAdmin(admin.GISModelAdmin):
    list_display = ("kode", "nama", "jenis", "kecamatan", "luas_ukur_ha")
    list_filter = ("jenis", "kecamatan")
    search_fields = ("kode", "nama")
    readonly_fields = ("luas_ukur_ha",)
