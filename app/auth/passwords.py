"""Password hashing with scrypt (werkzeug), at the cost the configuration sets."""

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

#: A valid hash of a random string: checked against when the e-mail is unknown, so that a login for an
#: unknown account takes as long as one with a wrong password (no account enumeration by timing).
_DUMMY: dict[str, str] = {}


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY:
            _DUMMY[method] = generate_password_hash("not-a-password", method=method)
        check_password_hash(_DUMMY[method], password)
        return False
    return check_password_hash(password_hash, password)
