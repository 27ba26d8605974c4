"""Public pages: an initiative's logic model, under /outcomes/."""

from django.urls import path

from coproduce.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("<slug:slug>/", views.logic_model_detail, name="logic_model"),
]
