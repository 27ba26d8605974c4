from django.urls import URLPattern, URLResolver

app_name = "assessment_staff"
urlpatterns: list[URLPattern | URLResolver] = []
