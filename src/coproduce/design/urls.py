from django.urls import URLPattern, URLResolver, path

from coproduce.design.views import opinions

app_name = "design"
urlpatterns: list[URLPattern | URLResolver] = [
    path("opinions/<int:activity_pk>/", opinions.opinion_map_page, name="opinion_map"),
    path("opinions/<int:activity_pk>/vote/", opinions.vote_page, name="opinion_vote"),
    path(
        "opinions/<int:activity_pk>/statements/",
        opinions.statement_submit_page,
        name="statement_submit",
    ),
]
