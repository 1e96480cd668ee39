from django.contrib import admin

from .models import ExpectedLayer, Layer, LayerVersion, UploadJob


@admin.register(ExpectedLayer)
class ExpectedLayerAdmin(admin.ModelAdmin):
    """The catalogue behind the integration indicator; DTRB edits it here."""

    list_display = ("kode", "title", "opd", "theme", "geometry_kind")
    list_filter = ("opd", "theme", "geometry_kind")
    search_fields = ("kode", "title")


class LayerVersionInline(admin.TabularInline):
    model = LayerVersion
    extra = 0
    can_delete = False
    fields = ("number", "status", "feature_count", "source_filename", "created_by", "created_at", "reviewed_by")
    readonly_fields = fields
    show_change_link = False


@admin.register(Layer)
class LayerAdmin(admin.ModelAdmin):
    list_display = ("slug", "title", "opd", "theme", "published_version", "is_sample")
    list_filter = ("opd", "theme", "is_sample")
    search_fields = ("slug", "title")
    readonly_fields = ("published_version", "created_by", "created_at", "updated_at")
    inlines = [LayerVersionInline]


@admin.register(UploadJob)
class UploadJobAdmin(admin.ModelAdmin):
    list_display = ("created_at", "original_name", "opd", "user", "status", "progress")
    list_filter = ("status", "opd")
    readonly_fields = [f.name for f in UploadJob._meta.fields]

    def has_add_permission(self, request):
        return False
