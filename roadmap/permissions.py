"""Who may attach and edit programme locations (the one module every write path asks).

- Operator OPD: locations of its own OPD, on programmes its OPD leads.
- Perencana DTRB and Admin: every location.
- Publik: reads only.
"""

from akun.roles import is_operator, is_planner, user_opd


def edits_all(user):
    return is_planner(user)


def can_attach(user, program):
    """Attach a new location to ``program``."""
    if edits_all(user):
        return True
    opd = user_opd(user)
    return is_operator(user) and program.opd.filter(pk=opd.pk).exists()


def can_edit(user, lokasi):
    if edits_all(user):
        return True
    opd = user_opd(user)
    return is_operator(user) and lokasi.opd_id == opd.pk
