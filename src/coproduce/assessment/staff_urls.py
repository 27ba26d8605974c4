from django.urls import URLPattern, URLResolver, path

from coproduce.assessment.views import categories, panels, ratings, staff_reports, surveys

app_name = "assessment_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_reports.staff_home, name="home"),
    path("reports/new/", staff_reports.assisted_report, name="assisted_report"),
    path("reports/<int:pk>/", staff_reports.report_triage_page, name="report"),
    path("reports/<int:pk>/link/", staff_reports.report_link_page, name="report_link"),
    path("api-keys/", staff_reports.api_keys, name="api_keys"),
    path("api-keys/<int:pk>/revoke/", staff_reports.api_key_revoke_page, name="api_key_revoke"),
    path("ratings/", ratings.staff_ratings, name="ratings"),
    path("ratings/<int:pk>/answer/", ratings.staff_rating_answer, name="rating_answer"),
    path("ratings/<int:pk>/link/", ratings.staff_rating_link, name="rating_link"),
    path("surveys/", surveys.staff_surveys, name="surveys"),
    path(
        "surveys/activity/<int:activity_pk>/",
        surveys.staff_survey_create,
        name="survey_create",
    ),
    path("surveys/<int:pk>/", surveys.staff_survey, name="survey"),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/remove/",
        surveys.staff_question_remove,
        name="question_remove",
    ),
    path("panels/", panels.staff_panels, name="panels"),
    path("panels/activity/<int:activity_pk>/", panels.staff_panel_create, name="panel_create"),
    path("panels/<int:pk>/", panels.staff_panel, name="panel"),
    path(
        "recommendations/<int:pk>/link/",
        panels.recommendation_link,
        name="recommendation_link",
    ),
    path("categories/", categories.categories, name="categories"),
    path("categories/<int:pk>/", categories.category, name="category"),
    path("recommendations/", panels.staff_recommendations, name="recommendations"),
]
