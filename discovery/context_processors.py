from .roles import is_admin, is_consultant


def roles(request):
    """Navigation needs to know which role the viewer has."""
    user = getattr(request, "user", None)
    return {
        "is_consultant": bool(user and is_consultant(user)),
        "is_admin": bool(user and is_admin(user)),
    }
