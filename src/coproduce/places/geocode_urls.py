"""The address search's JSON, public (the report and proposal forms' maps ask it)."""

from django.urls import path

from coproduce.places import views

app_name = "geocode"
urlpatterns = [path("", views.geocode_search, name="search")]
