from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from discovery.roles import is_consultant


@login_not_required
def public_home(request):
    """What the Discovery assessment is, in plain words, and the way to request one."""
    return render(request, "discovery/public_home.html")


def home(request):
    """Where a signed-in person lands: consultants go to their queue."""
    if is_consultant(request.user):
        return redirect("queue")
    return render(request, "discovery/no_role.html", status=403)
