from django.urls import path

from relations.views import duplicates, keep_in_touch, merge, prune

urlpatterns = [
    path("due/", keep_in_touch.due_list, name="relations-due"),
    path("due/tag-cadence/", keep_in_touch.tag_cadence, name="relations-tag-cadence"),
    path("due/digest/", keep_in_touch.digest_setting, name="relations-digest-setting"),
    path(
        "digest/unsubscribe/<str:token>/", keep_in_touch.unsubscribe, name="relations-unsubscribe"
    ),
    path("contacts/<int:pk>/talked/", keep_in_touch.we_talked, name="relations-talked"),
    path("contacts/<int:pk>/snooze/", keep_in_touch.snooze, name="relations-snooze"),
    path(
        "contacts/<int:pk>/cadence/",
        keep_in_touch.contact_cadence,
        name="relations-contact-cadence",
    ),
    path("duplicates/", duplicates.duplicate_list, name="relations-duplicates"),
    path("duplicates/scan/", duplicates.scan_start, name="relations-duplicates-scan"),
    path(
        "duplicates/scan/status/", duplicates.scan_status, name="relations-duplicates-scan-status"
    ),
    path(
        "duplicates/<int:first>/<int:second>/not-duplicate/",
        duplicates.not_duplicate,
        name="relations-not-duplicate",
    ),
    path(
        "duplicates/same-email/",
        duplicates.email_merge_preview,
        name="relations-email-merge-preview",
    ),
    path("duplicates/same-email/merge/", duplicates.email_merge, name="relations-email-merge"),
    path("merge/<int:survivor_pk>/<int:other_pk>/", merge.merge_page, name="relations-merge"),
    path("merges/<int:pk>/undo/", merge.merge_undo, name="relations-merge-undo"),
    path("prune/", prune.prune_queue, name="relations-prune"),
    path("prune/mark/", prune.prune_mark, name="relations-prune-mark"),
    path("prune/unmark/", prune.prune_unmark, name="relations-prune-unmark"),
    path("prune/export.csv", prune.prune_export, name="relations-prune-export"),
]
