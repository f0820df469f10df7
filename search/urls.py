from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("api/search", views.api_search, name="api-search"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
