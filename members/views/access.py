"""Views for access. Thin: permission -> form -> service/selector -> render."""

urlpatterns = []
