"""Staff can read and remove any reading list (abuse), and see kept section texts."""

from django.contrib import admin

from .models import ListItem, PassageVersion, ReadingList


class ListItemInline(admin.TabularInline):
    model = ListItem
    fields = ["position", "document", "anchor", "paragraph", "quote", "note"]
    readonly_fields = ["document", "anchor", "paragraph", "quote"]
    extra = 0


@admin.register(ReadingList)
class ReadingListAdmin(admin.ModelAdmin):
    list_display = ["title", "created", "updated", "item_count"]
    search_fields = ["title", "intro", "items__note", "share_token"]
    readonly_fields = ["edit_token", "share_token", "created", "updated"]
    inlines = [ListItemInline]

    @admin.display(description="passages")
    def item_count(self, obj: ReadingList) -> int:
        return obj.items.count()


@admin.register(PassageVersion)
class PassageVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "anchor", "sha", "created"]
    list_filter = ["document"]
    readonly_fields = ["document", "anchor", "heading", "text", "sha", "created"]

    def has_add_permission(self, request) -> bool:
        return False
