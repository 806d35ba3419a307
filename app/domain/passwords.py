"""Password strength for local accounts (GB/T 22239-2019 8.1.4.1: identification and authentication).

A password must be long enough, mix three of four kinds of characters, not contain the login, and not
be one of the well-known passwords that meet those rules anyway (Admin@123, P@ssw0rd, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import DomainError

MAX_LENGTH = 128
MIN_KINDS = 3
MIN_DISTINCT = 5

# Passwords that pass the length and kind rules but appear at the top of every leaked-password list.
_WELL_KNOWN = frozenset(
    {
        "password1!",
        "password@1",
        "password@123",
        "p@ssw0rd",
        "p@ssw0rd1",
        "p@ssword1",
        "passw0rd!",
        "admin@123",
        "admin@1234",
        "admin123!",
        "root@123",
        "test@123",
        "abc@1234",
        "abc@123456",
        "qwer1234!",
        "qwe123!@#",
        "1qaz@wsx",
        "1qaz2wsx#",
        "1qaz@wsx3edc",
        "a123456!",
        "aa123456!",
        "zaq1@wsx",
    }
)


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_FEW_KINDS = "too_few_kinds"
    CONTAINS_LOGIN = "contains_login"
    TOO_SIMPLE = "too_simple"


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 8


class WeakPassword(DomainError):
    """A new password was refused; the message says why in Chinese (the UI translates `problem`)."""

    def __init__(self, problem: PasswordProblem, policy: PasswordPolicy) -> None:
        texts = {
            PasswordProblem.TOO_SHORT: f"密码至少需要{policy.min_length}位。",
            PasswordProblem.TOO_LONG: f"密码不能超过{MAX_LENGTH}位。",
            PasswordProblem.TOO_FEW_KINDS: "密码须包含大写字母、小写字母、数字、其他符号中的至少三类。",
            PasswordProblem.CONTAINS_LOGIN: "密码不能包含工号。",
            PasswordProblem.TOO_SIMPLE: "密码过于简单或过于常见，请换一个。",
        }
        super().__init__(texts[problem])
        self.problem = problem
        self.policy = policy


def _kinds(password: str) -> int:
    lower = any(c.isascii() and c.islower() for c in password)
    upper = any(c.isascii() and c.isupper() for c in password)
    digit = any(c.isascii() and c.isdigit() for c in password)
    other = any(not (c.isascii() and c.isalnum()) for c in password)
    return sum((lower, upper, digit, other))


def password_problem(password: str, policy: PasswordPolicy, login: str = "") -> PasswordProblem | None:
    """The first rule the password breaks, or None when it is acceptable."""
    if len(password) < policy.min_length:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    if _kinds(password) < MIN_KINDS:
        return PasswordProblem.TOO_FEW_KINDS
    login = login.strip().lower()
    if len(login) >= 3 and login in password.lower():
        return PasswordProblem.CONTAINS_LOGIN
    if len(set(password)) < MIN_DISTINCT or password.lower() in _WELL_KNOWN:
        return PasswordProblem.TOO_SIMPLE
    return None


def check_password(password: str, policy: PasswordPolicy, login: str = "") -> None:
    """Raise WeakPassword when the password breaks a rule."""
    problem = password_problem(password, policy, login)
    if problem is not None:
        raise WeakPassword(problem, policy)
