from django.urls import path

from coproduce.governance import charter_views
from coproduce.governance import views as governance_views
from coproduce.initiatives import benefit_views
from coproduce.initiatives import views as initiative_views
from coproduce.search import views as search_views
from coproduce.web import pages, views

# The site's public pages. Each lives in the app that owns it; pages that gather from every
# app (home, places, organisations) live in web. Names stay in the ``web`` namespace.

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_views.search_page, name="search"),
    path("initiatives/", initiative_views.initiative_list, name="initiatives"),
    path("initiatives/<slug:slug>/", initiative_views.initiative_detail, name="initiative"),
    path("activities/<int:pk>/", initiative_views.activity_detail, name="activity"),
    path("places/", views.place_list, name="places"),
    path("places/<slug:slug>/", views.place_detail, name="place"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("commitments/", governance_views.commitment_list, name="commitments"),
    path("participation/", initiative_views.participation, name="participation"),
    path("participation/benefits/", benefit_views.benefits, name="benefits"),
    path("commitments/<int:pk>/", governance_views.commitment_detail, name="commitment"),
    path(
        "commitments/<int:pk>/follow/",
        governance_views.commitment_follow_toggle,
        name="commitment_follow",
    ),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("terms/", pages.terms, name="terms"),
    path("contact/", pages.contact, name="contact"),
    path("feedback/", pages.feedback, name="feedback"),
    path("feedback/thanks/", pages.feedback_thanks, name="feedback_thanks"),
    path("staff/feedback/", pages.feedback_list, name="feedback_list"),
    path("staff/feedback/<int:pk>/read/", pages.feedback_read, name="feedback_read"),
    path("charters/", charter_views.charter_list, name="charters"),
    path("charters/<int:pk>/", charter_views.charter_detail, name="charter"),
    path("charters/<int:pk>/comment/", charter_views.charter_comment_new, name="charter_comment"),
    path("charters/<int:pk>/sign/", charter_views.charter_sign_view, name="charter_sign"),
    path("charters/<int:pk>/review/", charter_views.charter_rate_view, name="charter_review"),
]
