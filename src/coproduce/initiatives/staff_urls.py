from django.urls import path

from coproduce.initiatives import benefit_views, views

app_name = "initiatives"
urlpatterns = [
    path("new/", views.initiative_new, name="initiative_new"),
    path("<slug:slug>/activities/new/", views.activity_new, name="activity_new"),
    path(
        "benefits/<slug:slug>/<slug:source>/threshold/",
        benefit_views.benefit_threshold_new,
        name="benefit_threshold",
    ),
    path(
        "benefits/<slug:slug>/<slug:source>/outreach/",
        benefit_views.outreach_action_new,
        name="outreach_action",
    ),
]
