from django.urls import path

from . import views

app_name = "citing"

urlpatterns = [
    path("d/<slug:slug>/cite.<str:fmt>", views.download, name="download"),
]
