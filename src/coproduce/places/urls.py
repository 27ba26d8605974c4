from django.urls import path

from coproduce.places import views

app_name = "places"
urlpatterns = [
    path("population/", views.population_import, name="population_import"),
    path("streets/", views.streets_import, name="streets_import"),
    path("residency/", views.residency, name="residency"),
    path("residency/register/", views.register, name="register"),
]
