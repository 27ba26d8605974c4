from django.urls import URLPattern, URLResolver, path

from coproduce.assessment.open311 import views

app_name = "open311"
urlpatterns: list[URLPattern | URLResolver] = [
    path("discovery.<str:fmt>", views.discovery, name="discovery"),
    path("services.<str:fmt>", views.services, name="services"),
    path("services/<slug:code>.<str:fmt>", views.service_definition, name="service"),
    path("requests.<str:fmt>", views.requests, name="requests"),
    path("requests/<int:pk>.<str:fmt>", views.request_detail, name="request"),
    path("tokens/<str:value>.<str:fmt>", views.token, name="token"),
]
