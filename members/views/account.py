"""Views for account. Thin: permission -> form -> service/selector -> render."""

urlpatterns = []
