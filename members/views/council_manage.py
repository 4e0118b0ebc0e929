"""Views for council_manage. Thin: permission -> form -> service/selector -> render."""

urlpatterns = []
