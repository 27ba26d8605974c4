from django.urls import URLPattern, URLResolver, path

from coproduce.delivery.views import public
from coproduce.delivery.views import timebank as timebank_views

app_name = "delivery"
urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", public.my_volunteering, name="mine"),
    path("me/offer/", public.offer_page, name="offer"),
    path("me/certificate/", public.certificate, name="certificate"),
    path("shifts/<int:pk>/", public.shift_page, name="shift"),
    path("shifts/<int:pk>/act/", public.shift_act, name="shift_act"),
    path("<int:activity_pk>/", public.opportunity_page, name="opportunity"),
    path("time-banks/", timebank_views.timebank_list, name="timebanks"),
    path("time-banks/<int:pk>/", timebank_views.timebank_page, name="timebank"),
    path("time-banks/<int:pk>/join/", timebank_views.timebank_join, name="timebank_join"),
    path("time-banks/<int:pk>/new/", timebank_views.listing_new, name="timebank_listing_new"),
    path(
        "time-banks/<int:pk>/exchange/", timebank_views.exchange_new, name="timebank_exchange_new"
    ),
    path("time-banks/<int:pk>/statement/", timebank_views.statement, name="timebank_statement"),
    path("time-banks/<int:pk>/statement.csv", timebank_views.statement_csv, name="timebank_csv"),
    path("time-banks/listings/<int:pk>/", timebank_views.listing_page, name="timebank_listing"),
    path(
        "time-banks/listings/<int:pk>/close/",
        timebank_views.listing_close,
        name="timebank_listing_close",
    ),
    path(
        "time-banks/exchanges/<int:pk>/", timebank_views.exchange_act, name="timebank_exchange_act"
    ),
]
