from django.urls import URLPattern, URLResolver, path

from coproduce.design.views import appraisal, ideas, opinions

app_name = "design"
urlpatterns: list[URLPattern | URLResolver] = [
    path("opinions/<int:activity_pk>/", opinions.opinion_map_page, name="opinion_map"),
    path("opinions/<int:activity_pk>/vote/", opinions.vote_page, name="opinion_vote"),
    path(
        "opinions/<int:activity_pk>/statements/",
        opinions.statement_submit_page,
        name="statement_submit",
    ),
    path("ideas/<int:activity_pk>/", ideas.idea_board_page, name="idea_board"),
    path("ideas/<int:activity_pk>/new/", ideas.idea_new_page, name="idea_new"),
    path(
        "ideas/<int:activity_pk>/duplicates/",
        ideas.idea_duplicates_partial,
        name="idea_duplicates",
    ),
    path("ideas/<int:activity_pk>/<int:idea_pk>/", ideas.idea_page, name="idea"),
    path(
        "ideas/<int:activity_pk>/<int:idea_pk>/support/",
        ideas.idea_support_page,
        name="idea_support",
    ),
    path("appraisals/<int:activity_pk>/", appraisal.appraisal_page, name="appraisal"),
    path("appraisals/<int:activity_pk>/data.json", appraisal.appraisal_data, name="appraisal_data"),
    path(
        "appraisals/<int:activity_pk>/join/<str:token>/",
        appraisal.appraisal_join_page,
        name="appraisal_join",
    ),
    path(
        "appraisals/<int:activity_pk>/groups/<int:group_pk>/weights/",
        appraisal.appraisal_weigh_page,
        name="appraisal_weigh",
    ),
]
