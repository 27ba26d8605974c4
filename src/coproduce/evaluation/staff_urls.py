"""Staff pages that build a logic model, under /staff/evaluation/ (second factor)."""

from django.urls import include, path

from coproduce.evaluation import views

app_name = "evaluation_staff"

urlpatterns = [
    path("<slug:slug>/", views.logic_model_edit, name="edit"),
    path("<slug:slug>/steps/", views.step_new, name="step_new"),
    path("<slug:slug>/steps/<int:pk>/remove/", views.step_delete, name="step_remove"),
    path("<slug:slug>/indicators/", views.indicator_new, name="indicator_new"),
    path("<slug:slug>/indicators/<int:pk>/", views.indicator_measurements, name="indicator"),
    path("<slug:slug>/import/", views.measurements_upload, name="import"),
    path("<slug:slug>/refresh/", views.indicators_refresh, name="refresh"),
    path("<slug:slug>/experiments/", include("coproduce.evaluation.experiments.urls")),
]
