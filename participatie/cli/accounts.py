"""Staff accounts from the command line: the first administrator, and links to set a password."""

import click
from flask import current_app

from ..vocabulary import ROLES
from . import find_network, in_app


@click.group()
def users():
    """Staff accounts. Passwords are set by the person, through a one-time link."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", *reversed(ROLES)]),
              help="admin: the instance administrator; else a role in --network.")
@click.option("--network", "network_key", help="The network's key (for every role but admin).")
@in_app
def users_create(email: str, role: str, network_key: str | None):
    """Create an account (or give an existing one a role) and print its password link."""
    from ..extensions import db
    from ..services.accounts import AccountError, create_user, find_user, grant_role

    if (role == "admin") == bool(network_key):
        raise click.UsageError("give --network KEY with a network role, and none with admin")
    network = find_network(network_key) if network_key else None
    try:
        user = find_user(email) or create_user(email, is_admin=role == "admin")
        if network is None:
            user.is_admin = True
        else:
            grant_role(user, network, role)
    except AccountError as refused:
        raise click.ClickException(str(refused.message)) from refused
    db.session.commit()
    where = "the instance administrator" if network is None else f"{role} in {network.name}"
    click.echo(f"{user.email} is {where}")
    if not user.password_hash:
        click.echo(f"one-time link to choose a password: {reset_link(user)}")


@users.command("reset-link")
@click.argument("email")
@in_app
def users_reset_link(email: str):
    """Print a one-time link with which the person chooses a new password (no mail needed)."""
    from ..services.accounts import find_user

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account with the e-mail address {email}")
    click.echo(reset_link(user))


def reset_link(user) -> str:
    """The link on the public address (PARTICIPATIE_PUBLIC_URL), else on `make run`'s."""
    from flask import url_for

    from ..services.accounts import reset_token

    base = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base):
        return url_for("auth.reset", token=reset_token(user), _external=True)
