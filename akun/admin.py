from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .models import ApiToken, Opd, UserProfile


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ("kode", "singkatan", "nama")
    search_fields = ("kode", "singkatan", "nama")


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    verbose_name_plural = "OPD"


admin.site.unregister(User)


@admin.register(User)
class WebsigUserAdmin(UserAdmin):
    """Django's user admin with the user's OPD: edited inline, listed as a column."""

    inlines = [UserProfileInline]
    list_display = (*UserAdmin.list_display, "opd")

    @admin.display(description="OPD")
    def opd(self, user):
        profile = getattr(user, "profile", None)
        return profile.opd if profile else "-"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    readonly_fields = ("user", "name", "prefix", "key_hash", "created_at", "last_used_at")
    actions = ["revoke"]

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()

    def has_add_permission(self, request):
        return False
