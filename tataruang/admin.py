from django.contrib import admin

from .models import (
    Activity,
    ComplianceRule,
    ComplianceRun,
    ItbxRule,
    LandUse,
    LandUseClass,
    Plan,
    PlanClass,
    SinkronisasiRdtr,
    WilayahPerencanaan,
)


@admin.register(PlanClass)
class PlanClassAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama", "scheme", "kind", "kelompok", "warna", "padanan")
    list_filter = ("scheme", "kind", "kelompok")
    search_fields = ("kode", "nama")


@admin.register(LandUseClass)
class LandUseClassAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama", "sumber", "kategori")


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(admin.ModelAdmin):
    """The compliance matrix; each run keeps a snapshot, so edits never change past figures."""

    list_display = ("plan_class", "land_use", "outcome")
    list_editable = ("outcome",)
    list_filter = ("outcome", "plan_class__kelompok", "land_use")
    search_fields = ("plan_class__kode", "land_use__kode")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama", "kelompok")


@admin.register(ItbxRule)
class ItbxRuleAdmin(admin.ModelAdmin):
    list_display = ("plan_class", "activity", "verdict", "condition", "source_article")
    list_editable = ("verdict",)
    list_filter = ("verdict", "activity__kelompok")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("nama", "jenis", "legal_basis", "year", "status", "is_sample")
    readonly_fields = ("status", "activated_at", "mapping")


@admin.register(LandUse)
class LandUseAdmin(admin.ModelAdmin):
    list_display = ("nama", "year", "status", "is_sample")
    readonly_fields = ("status", "activated_at", "mapping")


@admin.register(ComplianceRun)
class ComplianceRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "plan", "land_use", "status", "indikator", "created_at")
    readonly_fields = [f.name for f in ComplianceRun._meta.fields]


class SinkronisasiInline(admin.TabularInline):
    model = SinkronisasiRdtr
    extra = 0


@admin.register(WilayahPerencanaan)
class WilayahPerencanaanAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama", "is_sample")
    filter_horizontal = ("kecamatan",)
    inlines = [SinkronisasiInline]
