"""What a form says about itself before its fields."""

from django import template

register = template.Library()


@register.filter
def shows_required_fields(form) -> bool:
    """Whether any field the person sees is required, so the form explains the * mark."""
    return any(field.field.required for field in form.visible_fields())
