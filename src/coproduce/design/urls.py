from django.urls import URLPattern, URLResolver, path

from coproduce.design.views import appraisal, ideas, opinions
from coproduce.design.views import meetings as meeting_views

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
    path("meetings/<int:activity_pk>/", meeting_views.meeting_page, name="meeting"),
    path(
        "meetings/<int:activity_pk>/register/",
        meeting_views.meeting_register_page,
        name="meeting_register",
    ),
    path(
        "meetings/<int:activity_pk>/withdraw/",
        meeting_views.meeting_withdraw_page,
        name="meeting_withdraw",
    ),
    path(
        "meetings/<int:activity_pk>/invitation.ics",
        meeting_views.meeting_invitation,
        name="meeting_invitation",
    ),
    path(
        "meetings/<int:activity_pk>/polls/<int:poll_pk>/vote/",
        meeting_views.meeting_poll_vote_page,
        name="meeting_poll_vote",
    ),
    path(
        "meetings/calendar/place/<slug:slug>.ics",
        meeting_views.place_calendar,
        name="meeting_place_calendar",
    ),
    path(
        "meetings/calendar/initiative/<slug:slug>.ics",
        meeting_views.initiative_calendar,
        name="meeting_initiative_calendar",
    ),
]
