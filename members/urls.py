from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("my/", views.my_kalc, name="my_kalc"),
]
