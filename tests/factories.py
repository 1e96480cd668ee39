"""Test data builders."""

from django.contrib.auth.models import User

from layers.models import UserProfile


def make_user(username, opd=None, staff=False, superuser=False):
    user = User.objects.create_user(username, password="rahasia-uji-123", is_staff=staff, is_superuser=superuser)
    UserProfile.objects.create(user=user, opd=opd)
    return user
