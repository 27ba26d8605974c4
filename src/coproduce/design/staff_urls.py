from django.urls import URLPattern, URLResolver, path

from coproduce.design.views import staff_appraisal, staff_ideas, staff_opinions
from coproduce.design.views import staff_meetings as staff_meeting_views

app_name = "design_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("opinions/<int:activity_pk>/", staff_opinions.staff_opinion_map, name="opinion_map"),
    path(
        "opinions/<int:activity_pk>/statements/<int:number>/moderate/",
        staff_opinions.staff_statement_moderate,
        name="statement_moderate",
    ),
    path("ideas/new/", staff_ideas.staff_ideas_new, name="ideas_new"),
    path("ideas/<int:activity_pk>/", staff_ideas.staff_idea_board, name="idea_board"),
    path(
        "ideas/<int:activity_pk>/<int:idea_pk>/answer/",
        staff_ideas.staff_idea_answer,
        name="idea_answer",
    ),
    path(
        "ideas/<int:activity_pk>/<int:idea_pk>/commitment/",
        staff_ideas.staff_idea_commitment,
        name="idea_commitment",
    ),
    path("appraisals/new/", staff_appraisal.staff_appraisal_new, name="appraisal_new"),
    path("appraisals/<int:activity_pk>/", staff_appraisal.staff_appraisal, name="appraisal"),
    path(
        "appraisals/<int:activity_pk>/scores/",
        staff_appraisal.staff_appraisal_scores,
        name="appraisal_scores",
    ),
    path(
        "appraisals/<int:activity_pk>/groups/<int:group_pk>/",
        staff_appraisal.staff_appraisal_group,
        name="appraisal_group",
    ),
    path(
        "appraisals/<int:activity_pk>/remove/<str:kind>/<int:pk>/",
        staff_appraisal.staff_appraisal_remove,
        name="appraisal_remove",
    ),
    path(
        "appraisals/<int:activity_pk>/preview/",
        staff_appraisal.staff_appraisal_preview,
        name="appraisal_preview",
    ),
    path(
        "appraisals/<int:activity_pk>/publish/",
        staff_appraisal.staff_appraisal_publish,
        name="appraisal_publish",
    ),
    path("meetings/new/", staff_meeting_views.staff_meeting_new, name="meeting_new"),
    path("meetings/<int:activity_pk>/", staff_meeting_views.staff_meeting, name="meeting"),
    path(
        "meetings/<int:activity_pk>/attendance/",
        staff_meeting_views.staff_meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:activity_pk>/minutes/",
        staff_meeting_views.staff_meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "meetings/<int:activity_pk>/polls/",
        staff_meeting_views.staff_meeting_poll_new,
        name="meeting_poll_new",
    ),
    path(
        "meetings/<int:activity_pk>/polls/<int:poll_pk>/hands/",
        staff_meeting_views.staff_meeting_poll_hands,
        name="meeting_poll_hands",
    ),
    path(
        "meetings/<int:activity_pk>/polls/<int:poll_pk>/close/",
        staff_meeting_views.staff_meeting_poll_close,
        name="meeting_poll_close",
    ),
]
