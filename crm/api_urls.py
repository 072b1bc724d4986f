"""The REST API's v1 URL map: one router over every app's viewsets."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import ApiTokenViewSet
from contacts.api import views as contacts
from imports.api import views as imports

router = DefaultRouter()
router.register("contacts", contacts.ContactViewSet, basename="api-contacts")
router.register("tags", contacts.TagViewSet, basename="api-tags")
router.register("notes", contacts.NoteViewSet, basename="api-notes")
router.register("saved-lists", contacts.SavedListViewSet, basename="api-saved-lists")
router.register("imports", imports.ImportJobViewSet, basename="api-imports")
router.register("sources", imports.ImportSourceViewSet, basename="api-sources")
router.register("tokens", ApiTokenViewSet, basename="api-tokens")

urlpatterns = [path("", include(router.urls))]
