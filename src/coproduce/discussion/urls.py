from django.urls import URLPattern, URLResolver, path

from coproduce.discussion import views

app_name = "discussion"
urlpatterns: list[URLPattern | URLResolver] = [
    path("on/<str:kind>/<int:pk>/", views.comment_write_page, name="write"),
    path("<int:pk>/", views.comment_page, name="comment"),
    path("<int:pk>/history/", views.comment_history_page, name="history"),
    path("<int:pk>/edit/", views.comment_edit_page, name="edit"),
    path("<int:pk>/delete/", views.comment_delete_page, name="delete"),
    path("<int:pk>/flag/", views.comment_flag_page, name="flag"),
]
