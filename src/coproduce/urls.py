"""The site's URLs: each app mounts its own."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from coproduce.accounts import views as accounts_views
from coproduce.api import views as api_views
from coproduce.api.api import api
from coproduce.web import views as web_views

urlpatterns = [
    path("", include("coproduce.web.urls")),
    path("healthz", web_views.healthz, name="healthz"),
    path("readyz", web_views.readyz, name="readyz"),
    # The language switch also remembers a signed-in person's language for what we write.
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("account/residency/", include("coproduce.places.resident_urls")),
    path("account/tokens/", include("coproduce.api.urls")),
    path("account/", include("coproduce.accounts.urls")),
    path("staff/", include("coproduce.governance.urls")),
    path("staff/places/", include("coproduce.places.urls")),
    path("geocode/", include("coproduce.places.geocode_urls")),
    path("staff/initiatives/", include("coproduce.initiatives.staff_urls")),
    path("budgets/", include("coproduce.commissioning.urls")),
    path("staff/budgets/", include("coproduce.commissioning.staff_urls")),
    path("assessment/", include("coproduce.assessment.urls")),
    path("staff/assessment/", include("coproduce.assessment.staff_urls")),
    path("design/", include("coproduce.design.urls")),
    path("staff/design/", include("coproduce.design.staff_urls")),
    path("volunteering/", include("coproduce.delivery.urls")),
    path("staff/volunteering/", include("coproduce.delivery.staff_urls")),
    path("outcomes/", include("coproduce.evaluation.urls")),
    path("staff/evaluation/", include("coproduce.evaluation.staff_urls")),
    path("comments/", include("coproduce.discussion.urls")),
    path("staff/comments/", include("coproduce.discussion.staff_urls")),
    path("open311/v2/", include("coproduce.assessment.open311.urls")),
    path("admin/", admin.site.urls),
    path("api/docs", api_views.reference, name="api_reference"),
    path("api/", api.urls),
]
# Uploaded images in the demo (DEBUG); in production the web server serves MEDIA_ROOT.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "coproduce.web.middleware.bad_request"
