from django.urls import URLPattern, URLResolver

app_name = "commissioning_staff"
urlpatterns: list[URLPattern | URLResolver] = []
