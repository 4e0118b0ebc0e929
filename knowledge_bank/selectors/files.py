"""Reads about a resource's file versions (to be built)."""


def resource_file_panel(user, resource) -> dict:
    """Context for templates/knowledge_bank/_partials/resource_files.html."""
    return {}
