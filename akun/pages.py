"""The profile page: who the user is, what their role allows, and their API tokens.

Tokens are created and revoked in the browser through the token API
(akun/views.py), which insists on a session; the page lists what exists.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from . import roles


@login_required
def profil(request):
    """/akun/profil/: account facts, password links, API tokens and how to use them."""
    user = request.user
    context = {
        "role": roles.role_of(user),
        "opd": roles.user_opd(user),
        "tokens": user.api_tokens.all(),
        "api_tokens": reverse("akun:token-list"),
        "api_token": reverse("akun:token-detail", kwargs={"pk": 0}).replace("/0/", "/{id}/"),
        "api_layers": request.build_absolute_uri(reverse("layers:layer-list")),
        "can_edit": roles.is_planner(user) or roles.is_operator(user),
    }
    return render(request, "akun/profil.html", context)
