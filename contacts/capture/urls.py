from django.urls import path

from contacts.capture import views

urlpatterns = [
    path("", views.capture, name="capture"),
    path("saved/<int:pk>/", views.capture_saved, name="capture-saved"),
]
