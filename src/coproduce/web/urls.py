from django.urls import path

from coproduce.governance import views as governance_views
from coproduce.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("places/", views.place_list, name="places"),
    path("places/<slug:slug>/", views.place_detail, name="place"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("commitments/", views.commitment_list, name="commitments"),
    path("participation/", views.participation, name="participation"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path(
        "commitments/<int:pk>/follow/",
        governance_views.commitment_follow_toggle,
        name="commitment_follow",
    ),
]
