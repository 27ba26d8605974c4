from django.urls import path

from coproduce.governance import charter_views, views

app_name = "governance"
urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("commitments/<int:pk>/", views.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/evidence/", views.evidence_new, name="evidence_new"),
    path("audit/", views.audit_log, name="audit_log"),
    path("charters/new/", charter_views.charter_new, name="charter_new"),
    path("charters/<int:pk>/", charter_views.charter_edit_view, name="charter_edit"),
    path(
        "charters/<int:pk>/commitments/",
        charter_views.charter_commitment_new,
        name="charter_commitment_new",
    ),
    path(
        "charters/<int:pk>/commitments/<int:commitment>/remove/",
        charter_views.charter_commitment_delete,
        name="charter_commitment_remove",
    ),
    path(
        "charters/<int:pk>/representatives/<int:person>/remove/",
        charter_views.representative_delete,
        name="charter_representative_remove",
    ),
    path(
        "charters/<int:pk>/representatives/",
        charter_views.representative_new,
        name="charter_representative_new",
    ),
]
