"""Views for feedback. Thin: permission -> form -> service/selector -> render."""

urlpatterns = []
