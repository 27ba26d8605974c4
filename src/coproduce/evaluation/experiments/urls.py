"""Staff pages of an initiative's experiments, mounted by ``evaluation.staff_urls`` under
/staff/evaluation/<initiative>/experiments/ (its namespace, behind the second factor)."""

from django.urls import path

from coproduce.evaluation.experiments import views

urlpatterns = [
    path("", views.experiment_list, name="experiments"),
    path("<int:pk>/", views.experiment_detail, name="experiment"),
    path("<int:pk>/arms/", views.arm_new, name="experiment_arm_new"),
    path("<int:pk>/arms/<int:arm>/remove/", views.arm_remove, name="experiment_arm_remove"),
    path("<int:pk>/preregistration/", views.preregistration, name="experiment_preregistration"),
    path("<int:pk>/freeze/", views.freeze, name="experiment_freeze"),
    path("<int:pk>/assign/", views.assign, name="experiment_assign"),
    path("<int:pk>/send/", views.send, name="experiment_send"),
    path("<int:pk>/analysis/", views.analysis, name="experiment_analysis"),
    path("<int:pk>/export/", views.export, name="experiment_export"),
]
