from django.urls import path

from accounts import views

urlpatterns = [
    path("settings/", views.settings_page, name="accounts-settings"),
    path("settings/tokens/<int:pk>/revoke/", views.revoke_token, name="accounts-token-revoke"),
]
