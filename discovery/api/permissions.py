"""Who may call the API: a token whose role is a consultant's (the pages' rule), and for a write
a read-write token. What a role may do to a given engagement (lead, deliver) the services decide,
as they do for the pages."""

from rest_framework import permissions

from discovery.api.models import IntegrationToken
from discovery.roles import is_admin, is_consultant


class TokenRoleAndScope(permissions.BasePermission):
    message = "This token may not do that."

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, IntegrationToken) or not is_consultant(request.user):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if not token.can_write:
            self.message = "This token is read-only: an admin can make a read-write one."
            return False
        return True


class StaffOrToken(permissions.BasePermission):
    """The schema and its docs page: a consultant signed in on the site, or any usable token."""

    def has_permission(self, request, view) -> bool:
        if isinstance(request.auth, IntegrationToken):
            return is_consultant(request.user)
        return bool(request.user and is_consultant(request.user))


def is_admin_token(request) -> bool:
    return isinstance(request.auth, IntegrationToken) and is_admin(request.user)
