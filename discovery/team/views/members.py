"""The team page for admins: invite, change name, email, role and staffing profile, deactivate (after
a confirmation), reactivate, reset MFA (after a confirmation)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from discovery.engagements.selectors import team_events, team_member, team_member_open_engagements, team_members
from discovery.roles import admin_required, role_of
from discovery.team.forms import InviteForm, MemberForm
from discovery.team.services.members import (
    TeamChangeRefused,
    consultant_invite,
    team_member_deactivate,
    team_member_mfa_reset,
    team_member_reactivate,
    team_member_update,
)
from web.names import display_name
from web.refusals import refusal_shown


def _get_member_or_404(pk: int):
    try:
        return team_member(pk=pk)
    except get_user_model().DoesNotExist as exc:
        raise Http404("No such team member") from exc


def _team_page(request, *, invite_form=None, status=200):
    context = {
        "members": team_members(),
        "events": team_events(),
        "invite_form": invite_form or InviteForm(initial={"role": "consultant"}),
    }
    return render(request, "team/team.html", context, status=status)


@admin_required
def team(request):
    """Everyone on the team, the invitation form and the audit trail."""
    return _team_page(request)


@admin_required
@require_POST
def team_invite(request):
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The invitation was not sent: please fix the fields below.")
        return _team_page(request, invite_form=form, status=400)
    user = consultant_invite(actor=request.user, **form.cleaned_data)
    messages.success(request, f"Invitation emailed to {user.email}.")
    return redirect("team")


@admin_required
def team_member_edit(request, pk):
    """One member's role, title, skills and external load (what staffing suggestions use)."""
    member = _get_member_or_404(pk)
    profile = getattr(member, "profile", None)
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                changes = team_member_update(actor=request.user, user=member, **form.cleaned_data)
            except TeamChangeRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Saved." if changes else "Nothing changed.")
                return redirect("team")
        status = 400
    else:
        form = MemberForm(
            initial={
                "first_name": member.first_name,
                "last_name": member.last_name,
                "email": member.email,
                "role": role_of(member) or "consultant",
                "title": profile.title if profile else "",
                "skills": profile.skills if profile else [],
                "external_load": profile.external_load if profile else 0,
            }
        )
        status = 200
    return render(request, "team/member.html", {"member": member, "form": form}, status=status)


def _name(member) -> str:
    return display_name(member)


def _confirmed(request, member, *, action: str, question: str, consequences: list[str], button: str, danger=True):
    """GET: the confirmation page for `action` on `member` (nothing changes); POST: True."""
    if request.method == "POST":
        return True
    context = {
        "member": member,
        "action": action,
        "question": question,
        "consequences": consequences,
        "button": button,
        "danger": danger,
    }
    return render(request, "team/confirm.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
@refusal_shown("team")
def team_member_deactivate_view(request, pk):
    """GET asks to confirm (saying which engagements will need a new lead); POST deactivates."""
    member = _get_member_or_404(pk)
    if request.method == "GET":
        led = team_member_open_engagements(user=member)
        consequences = [
            f"{_name(member)} can no longer sign in. You can reactivate them later.",
            f"{len(led)} open engagement(s) they lead will show “Lead left — reassign”."
            if led
            else "They lead no open engagements.",
        ]
        return _confirmed(
            request,
            member,
            action=reverse("team-member-deactivate", args=[member.pk]),
            question=f"Deactivate {_name(member)}?",
            consequences=consequences,
            button=f"Deactivate {_name(member)}",
        )
    flagged = team_member_deactivate(actor=request.user, user=member)
    messages.success(request, f"{_name(member)} can no longer sign in; {flagged} engagement(s) to reassign.")
    return redirect("team")


@admin_required
@require_POST
@refusal_shown("team")
def team_member_reactivate_view(request, pk):
    member = _get_member_or_404(pk)
    team_member_reactivate(actor=request.user, user=member)
    messages.success(request, f"{_name(member)} can sign in again.")
    return redirect("team")


@admin_required
@require_http_methods(["GET", "POST"])
@refusal_shown("team")
def team_member_mfa_reset_view(request, pk):
    """GET asks to confirm; POST removes the member's devices."""
    member = _get_member_or_404(pk)
    if request.method == "GET":
        return _confirmed(
            request,
            member,
            action=reverse("team-member-mfa-reset", args=[member.pk]),
            question=f"Reset two-step sign-in for {_name(member)}?",
            consequences=[
                "Their authenticator app and recovery codes stop working at once.",
                "They set up two-step sign-in again at their next sign-in. Do this only when you are "
                "sure it is them asking (a lost phone), not someone pretending to be them.",
            ],
            button=f"Reset two-step sign-in for {_name(member)}",
        )
    team_member_mfa_reset(actor=request.user, user=member)
    messages.success(request, f"MFA reset: {_name(member)} enrols again at next sign-in.")
    return redirect("team")


@method_decorator(login_not_required, name="dispatch")
class InviteAcceptView(PasswordResetConfirmView):
    """The invitation link: Django's set-password step, for active accounts only, then sign in."""

    template_name = "registration/invite_accept.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # Deactivated before accepting: the link no longer lets anyone in.
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        messages.success(self.request, "Your password is set. Sign in with your email address.")
        return super().form_valid(form)
