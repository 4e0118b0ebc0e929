from django.urls import path

from surveys.views import office, responses, results

app_name = "surveys"

urlpatterns = [
    path("", responses.survey_list, name="list"),
    path("<int:pk>/preview/", responses.survey_preview, name="preview"),
    path("<int:pk>/council/<slug:slug>/", responses.response_page, name="response"),
    path("<int:pk>/council/<slug:slug>/submit/", responses.response_submit, name="submit"),
    path("<int:pk>/council/<slug:slug>/reopen/", office.response_reopen, name="reopen"),
    path("<int:pk>/non-responders/", office.non_responders, name="non_responders"),
    path("<int:pk>/non-responders.csv", office.non_responders_csv, name="non_responders_csv"),
    path("<int:pk>/results/", results.survey_results, name="results"),
    path("<int:pk>/results.csv", results.survey_results_csv, name="results_csv"),
    path("<int:pk>/results.xlsx", results.survey_results_xlsx, name="results_xlsx"),
    path("<int:pk>/compare/", results.survey_compare, name="compare"),
    path("<int:pk>/summary/", results.survey_summary, name="summary"),
    path("<int:pk>/template/publish/", office.template_publish, name="template_publish"),
]
