from django.urls import URLPattern, URLResolver, path

from coproduce.design.views import staff_ideas, staff_opinions

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
]
