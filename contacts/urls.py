from django.urls import path

from contacts.views import bulk, detail, export, home, notes, saved, tags
from contacts.views import list as contact_list

urlpatterns = [
    path("", home.home, name="home"),
    path("contacts/", contact_list.contact_list, name="contacts-list"),
    path("contacts/new/", detail.contact_create, name="contacts-create"),
    path("contacts/bulk/", bulk.contacts_bulk, name="contacts-bulk"),
    path("contacts/export/", export.contacts_export, name="contacts-export"),
    path("contacts/bulk/delete/", bulk.contacts_bulk_delete, name="contacts-bulk-delete"),
    path("contacts/bulk/jobs/<int:pk>/", bulk.bulk_job_detail, name="contacts-bulk-job"),
    path("contacts/<int:pk>/", detail.contact_detail, name="contacts-detail"),
    path("contacts/<int:pk>/edit/", detail.contact_edit, name="contacts-edit"),
    path("contacts/<int:pk>/delete/", detail.contact_delete, name="contacts-delete"),
    path("contacts/<int:pk>/tags/", detail.contact_tag_add, name="contacts-tag-add"),
    path(
        "contacts/<int:pk>/tags/<int:tag_pk>/remove/",
        detail.contact_tag_remove,
        name="contacts-tag-remove",
    ),
    path("contacts/<int:pk>/notes/", notes.note_add, name="contacts-note-add"),
    path("contacts/<int:pk>/notes/<int:note_pk>/", notes.note_edit, name="contacts-note-edit"),
    path(
        "contacts/<int:pk>/notes/<int:note_pk>/delete/",
        notes.note_delete,
        name="contacts-note-delete",
    ),
    path("lists/", saved.saved_list_create, name="saved-lists-create"),
    path("lists/<int:pk>/rename/", saved.saved_list_rename, name="saved-lists-rename"),
    path("lists/<int:pk>/delete/", saved.saved_list_delete, name="saved-lists-delete"),
    path("tags/", tags.tag_list, name="tags-list"),
    path("tags/merge/", tags.tag_merge, name="tags-merge"),
    path("tags/<int:pk>/", tags.tag_edit, name="tags-edit"),
    path("tags/<int:pk>/delete/", tags.tag_delete, name="tags-delete"),
]
