"""A resident's own page for verifying where they live (under /account/)."""

from django.urls import path

from coproduce.places import views

app_name = "residency"
urlpatterns = [path("", views.residency_claim_page, name="claim")]
