"""The peta jalan in the admin: read-only (it is loaded from data/peta_jalan.csv by
load_peta_jalan; a change belongs in the parser or the CSV), locations listed."""

from django.contrib import admin

from .models import Indikator, LokasiProgram, Program, QuickWin, Strategi


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IndikatorInline(admin.TabularInline):
    model = Indikator
    extra = 0
    can_delete = False
    fields = ("urutan", "kegiatan", "nama", "satuan", "baseline_2024", "target_2025", "target_2026")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Strategi)
class StrategiAdmin(ReadOnly):
    list_display = ("kode", "dimensi", "nama")
    list_filter = ("dimensi",)


@admin.register(Program)
class ProgramAdmin(ReadOnly):
    list_display = ("kode", "dimensi", "strategi", "nama", "opd_teks", "sumber_dana")
    list_filter = ("dimensi", "strategi")
    search_fields = ("kode", "nama", "opd_teks")
    inlines = [IndikatorInline]


@admin.register(QuickWin)
class QuickWinAdmin(ReadOnly):
    list_display = ("nomor", "nama", "opd_teks")


@admin.register(LokasiProgram)
class LokasiProgramAdmin(ReadOnly):
    """Locations are written through the API and the programme page (roadmap.lokasi), with their history."""

    list_display = ("nama", "program", "opd", "tahun", "status", "nilai_realisasi", "is_sample")
    list_filter = ("status", "tahun", "opd", "is_sample")
    search_fields = ("nama", "program__kode")
    exclude = ("geom",)
