from django.urls import URLPattern, URLResolver, path

from coproduce.design.views import staff_ideas, staff_opinions
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
