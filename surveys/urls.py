from django.urls import path

from surveys.views import responses

app_name = "surveys"

urlpatterns = [
    path("", responses.survey_list, name="list"),
    path("<int:pk>/preview/", responses.survey_preview, name="preview"),
    path("<int:pk>/council/<slug:slug>/", responses.response_page, name="response"),
    path("<int:pk>/council/<slug:slug>/submit/", responses.response_submit, name="submit"),
]
