from django.urls import path

from coproduce.accounts import home_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("export.json", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("demographics/", views.demographics, name="demographics"),
    path("email/", views.email_choice, name="email_choice"),
    path("activity/", home_views.activity, name="activity"),
    path("notifications/", home_views.notifications, name="notifications"),
    path("notifications/count/", home_views.notifications_count, name="notifications_count"),
    path("notifications/read/", home_views.notifications_read, name="notifications_read"),
    path("follow/<str:kind>/<int:pk>/", home_views.follow, name="follow"),
    path("unsubscribe/<str:token>/", home_views.unsubscribe, name="unsubscribe"),
    path("demographics/withdraw/", views.demographics_withdrawal, name="demographics_withdraw"),
]
