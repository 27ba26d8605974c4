from django.urls import URLPattern, URLResolver, path

from coproduce.design.views import staff_opinions

app_name = "design_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("opinions/<int:activity_pk>/", staff_opinions.staff_opinion_map, name="opinion_map"),
    path(
        "opinions/<int:activity_pk>/statements/<int:number>/moderate/",
        staff_opinions.staff_statement_moderate,
        name="statement_moderate",
    ),
]
