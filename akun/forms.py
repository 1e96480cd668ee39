from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import throttling


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, refusing an address+username after repeated failures."""

    def clean(self):
        username = self.data.get("username", "")
        if throttling.login_blocked(self.request, username):
            raise forms.ValidationError(_("Too many failed logins. Wait 15 minutes and try again."), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttling.record_login_failure(self.request, username)
            raise
        throttling.clear_login_failures(self.request, username)
        return cleaned


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)
