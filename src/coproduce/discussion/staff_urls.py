from django.urls import URLPattern, URLResolver, path

from coproduce.discussion import staff_views

app_name = "discussion_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_views.moderation_queue, name="queue"),
    path("<int:pk>/", staff_views.comment_moderate, name="moderate"),
    path("rules/<int:activity_pk>/", staff_views.comment_rules, name="rules"),
]
