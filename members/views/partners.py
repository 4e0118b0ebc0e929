"""Views for partners. Thin: permission -> form -> service/selector -> render."""

urlpatterns = []
