from django.urls import URLPattern, URLResolver, path

from coproduce.delivery.views import staff
from coproduce.delivery.views import timebank as timebank_views

app_name = "delivery_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.staff_home, name="home"),
    path("activity/<int:activity_pk>/", staff.opportunity_new, name="opportunity_new"),
    path("<int:pk>/", staff.opportunity_page, name="opportunity"),
    path("<int:pk>/roles/", staff.role_add, name="role_add"),
    path("<int:pk>/shifts/", staff.shift_add, name="shift_add"),
    path("<int:pk>/checks/", staff.checks_page, name="checks"),
    path("<int:pk>/fill/", staff.fill_page, name="fill"),
    path("sign-ups/<int:pk>/", staff.sign_up_act, name="sign_up_act"),
    path("time-banks/", timebank_views.staff_timebanks, name="timebanks"),
    path("time-banks/<int:pk>/", timebank_views.staff_timebank, name="timebank"),
]
