from django.urls import path

from discovery.team.views import members, mfa
from web import converters  # noqa: F401 - registers <id:…>

urlpatterns = [
    path("team/", members.team, name="team"),
    path("team/invite/", members.team_invite, name="team-invite"),
    path("team/<id:pk>/", members.team_member_edit, name="team-member"),
    path("team/<id:pk>/deactivate/", members.team_member_deactivate_view, name="team-member-deactivate"),
    path("team/<id:pk>/reactivate/", members.team_member_reactivate_view, name="team-member-reactivate"),
    path("team/<id:pk>/mfa-reset/", members.team_member_mfa_reset_view, name="team-member-mfa-reset"),
    # The invitation link (public: the invitee has no password yet).
    path("accounts/invite/<uidb64>/<token>/", members.InviteAcceptView.as_view(), name="invite-accept"),
    path("accounts/mfa/", mfa.mfa_enrol_view, name="mfa-enrol"),
    path("accounts/mfa/verify/", mfa.mfa_verify, name="mfa-verify"),
    path("accounts/mfa/recovery-codes/", mfa.mfa_recovery_codes_renew_view, name="mfa-recovery-renew"),
    path("accounts/mfa/recovery-codes.txt", mfa.mfa_recovery_codes_download, name="mfa-recovery-download"),
]
