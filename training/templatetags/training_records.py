from django import template

from training.selectors.records import hours as duration_hours

register = template.Library()


@register.filter
def hours(duration):
    """A duration as hours to one decimal place: 2.5."""
    return duration_hours(duration)
