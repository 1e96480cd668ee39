from django import forms
from django.utils.translation import gettext_lazy


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)
