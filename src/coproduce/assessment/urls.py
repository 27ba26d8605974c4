from django.urls import URLPattern, URLResolver, path

from coproduce.assessment.views import hub, panels, ratings, reports, surveys

app_name = "assessment"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", hub.hub, name="hub"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.report_new, name="report_new"),
    path("reports/nearby/", reports.duplicates_partial, name="duplicates"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/photo", reports.report_photo, name="report_photo"),
    path("reports/<int:pk>/me-too/", reports.report_me_too, name="report_me_too"),
    path("reports/<int:pk>/fixed/", reports.report_fixed, name="report_fixed"),
    path("ratings/", ratings.you_said_we_did, name="ratings"),
    path("ratings/new/", ratings.rating_new, name="rating_new"),
    path("ratings/<int:pk>/", ratings.rating_detail, name="rating"),
    path("surveys/<int:pk>/", surveys.survey_page, name="survey"),
    path("surveys/<int:pk>/results/", surveys.survey_results_page, name="survey_results"),
    path("surveys/<int:pk>/results.csv", surveys.survey_export, name="survey_export"),
    path("panels/<int:pk>/", panels.panel_page, name="panel"),
    path("panels/evidence/<int:pk>/file", panels.evidence_file, name="evidence_file"),
    path("panels/<int:pk>/apply/", panels.panel_apply, name="panel_apply"),
    path("panels/<int:pk>/work/", panels.panel_work, name="panel_work"),
    path("panels/<int:pk>/advance/", panels.panel_advance, name="panel_advance"),
    path(
        "recommendations/<int:pk>/respond/",
        panels.recommendation_respond,
        name="recommendation_respond",
    ),
]
