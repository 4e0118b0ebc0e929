"""Views for mediation. Thin: permission -> form -> service/selector -> render."""

urlpatterns = []
