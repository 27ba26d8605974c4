from django.urls import path

from coproduce.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("commitments/<int:pk>/", views.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/evidence/", views.evidence_new, name="evidence_new"),
    path("audit/", views.audit_log, name="audit_log"),
]
