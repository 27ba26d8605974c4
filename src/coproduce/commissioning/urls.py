from django.urls import URLPattern, URLResolver, path

from coproduce.commissioning.views import personal as personal_views
from coproduce.commissioning.views import priorities as priority_views
from coproduce.commissioning.views import rounds as views

app_name = "commissioning"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.round_list, name="rounds"),
    path("counting/", views.counting, name="counting"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/propose/", views.proposal_new, name="proposal_new"),
    path("<int:pk>/duplicates/", views.proposal_duplicates_partial, name="duplicates"),
    path("<int:pk>/vote/", views.ballot, name="ballot"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/receipts/", views.receipts, name="receipts"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/support/", views.proposal_support_view, name="proposal_support"),
    path("priorities/<int:pk>/", priority_views.exercise, name="priorities"),
    path("priorities/<int:pk>/results/", priority_views.results, name="priority_results"),
    path("plans/", personal_views.plan_list, name="plans"),
    path("plans/<int:pk>/", personal_views.plan_detail, name="plan"),
    path("plans/<int:pk>/change/", personal_views.change_new, name="plan_change"),
    path("plans/changes/<int:pk>/decide/", personal_views.change_decide_view, name="plan_decide"),
    path("plans/<int:pk>/spending/", personal_views.spending_new, name="plan_spending"),
]
