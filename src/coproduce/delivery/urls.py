from django.urls import URLPattern, URLResolver, path

from coproduce.delivery.views import public

app_name = "delivery"
urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", public.my_volunteering, name="mine"),
    path("me/offer/", public.offer_page, name="offer"),
    path("me/certificate/", public.certificate, name="certificate"),
    path("shifts/<int:pk>/", public.shift_page, name="shift"),
    path("shifts/<int:pk>/act/", public.shift_act, name="shift_act"),
    path("<int:activity_pk>/", public.opportunity_page, name="opportunity"),
]
