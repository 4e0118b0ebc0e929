"""Views for directory. Thin: permission -> form -> service/selector -> render."""

urlpatterns = []
