"""The site's URLs: the admin, search (``search.urls``) and the reading pages (``portal``)."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
