from django.urls import URLPattern, URLResolver, path

from coproduce.commissioning.views import staff_plans, staff_wizard
from coproduce.commissioning.views import staff_rounds as staff_views

app_name = "commissioning_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_views.round_list, name="rounds"),
    path("import/", staff_views.round_import, name="import"),
    path("new/", staff_wizard.round_new, name="round_new"),
    path("new/<slug:step>/", staff_wizard.round_new_step, name="round_new_step"),
    path("<int:pk>/", staff_views.round_manage, name="round"),
    path("<int:pk>/settings/", staff_views.round_settings, name="settings"),
    path("<int:pk>/budget/", staff_views.round_budget, name="budget"),
    path("<int:pk>/phase/", staff_views.round_phase, name="phase"),
    path("<int:pk>/merge/", staff_views.proposal_merge_view, name="merge"),
    path("<int:pk>/codes/", staff_views.codes_issue, name="codes"),
    path("<int:pk>/paper/", staff_views.paper_entry, name="paper"),
    path("<int:pk>/publish/", staff_views.publish, name="publish"),
    path("<int:pk>/recount/", staff_views.recount, name="recount"),
    path("<int:pk>/export/<int:area>/", staff_views.export, name="export"),
    path("plans/", staff_plans.plans, name="plans"),
    path("priorities/new/<int:activity>/", staff_plans.exercise_new, name="exercise_new"),
    path("proposals/<int:pk>/review/", staff_views.proposal_review_view, name="review"),
]
