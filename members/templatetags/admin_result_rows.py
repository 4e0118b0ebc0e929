"""`{% quick_result_list cl %}`: Django's `{% result_list cl %}` with the rows written in Python
(members.admin.result_rows), through the same change_list_results.html template."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from members.admin import result_rows

register = template.Library()


@register.tag(name="quick_result_list")
def quick_result_list_tag(parser, token):
    return InclusionAdminNode(
        "quick_result_list",
        parser,
        token,
        func=result_rows.result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
