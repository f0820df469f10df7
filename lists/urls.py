"""``/lists/...``: reading lists, by their secret edit token or their share token."""

from django.urls import path

from . import views

app_name = "lists"

urlpatterns = [
    path("lists/", views.start, name="start"),
    path("lists/new/", views.new, name="new"),
    path("lists/add/", views.add, name="add"),
    path("lists/e/<str:token>/", views.edit, name="edit"),
    path("lists/s/<str:token>/", views.shared, name="shared"),
    path("lists/s/<str:token>/list.md", views.export, name="export"),
]
