"""A person's API tokens page (under /account/tokens/)."""

from django.urls import path

from coproduce.api import views

app_name = "tokens"
urlpatterns = [path("", views.tokens, name="list")]
