"""The profile page: who the user is, what their role allows, and their API tokens.

Tokens are created and revoked in the browser through the token API
(akun/views.py), which insists on a session; the page lists what exists.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.throttling import SimpleRateThrottle

from . import roles, throttling


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


class ThrottledPasswordResetView(PasswordResetView):
    """/akun/reset/: at most settings.PASSWORD_RESET_RATE mails asked for per
    address and per e-mail address; beyond that 429 with the lockout page."""

    def form_valid(self, form):
        if throttling.password_reset_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        _limit, seconds = SimpleRateThrottle.parse_rate(None, settings.PASSWORD_RESET_RATE)
        minutes = max(1, seconds // 60)
        message = _("Too many password reset requests. Try again in %(minutes)d minutes.") % {"minutes": minutes}
        response = render(self.request, "akun/terkunci.html", {"minutes": minutes, "message": message}, status=429)
        response["Retry-After"] = str(seconds)
        return response
