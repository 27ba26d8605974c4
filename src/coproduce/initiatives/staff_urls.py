from django.urls import path

from coproduce.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("new/", views.initiative_new, name="initiative_new"),
    path("<slug:slug>/activities/new/", views.activity_new, name="activity_new"),
]
