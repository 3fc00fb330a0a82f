"""Admin pieces every app shares."""


class RecordInline:
    """An inline that shows a record nobody edits here (reminders sent, who did what): it changes
    only through the services, which also record who changed it."""

    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
