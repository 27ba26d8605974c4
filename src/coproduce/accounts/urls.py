from django.urls import path

from coproduce.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("export.json", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("demographics/", views.demographics, name="demographics"),
    path("demographics/withdraw/", views.demographics_withdrawal, name="demographics_withdraw"),
]
