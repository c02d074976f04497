"""The permissions of a token's user: those of the token's role, while the token is usable.

An authentication backend that signs nobody in (`authenticate` is always None) and answers
`has_perm` for integration accounts, so `discovery.roles` (is_consultant, is_admin, acts_as_lead)
treats a token exactly as it treats a person in that role, without putting the token's account
in a staff group (where it would be listed as a colleague, proposed as a lead, emailed).
"""

from discovery.api.models import ACCOUNT_PREFIX, IntegrationToken
from discovery.roles import ADMIN_PERMISSIONS, CONSULTANT_PERMISSIONS

_PERMISSIONS = {
    IntegrationToken.CONSULTANT: frozenset(CONSULTANT_PERMISSIONS),
    IntegrationToken.ADMIN: frozenset(ADMIN_PERMISSIONS),
}


class IntegrationRoleBackend:
    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        # Token accounts are named integration-…: everyone else is answered without a query.
        if not user_obj.is_active or user_obj.is_anonymous or not user_obj.username.startswith(ACCOUNT_PREFIX):
            return set()
        try:
            token = user_obj.integration_token
        except IntegrationToken.DoesNotExist:
            return set()
        return set(_PERMISSIONS[token.role]) if token.is_usable() else set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
