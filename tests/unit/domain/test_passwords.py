"""Password strength rules for local accounts, and their Chinese reasons."""

from __future__ import annotations

import pytest

from app.domain.errors import DomainError
from app.domain.passwords import (
    MAX_LENGTH,
    PasswordPolicy,
    PasswordProblem,
    WeakPassword,
    check_password,
    password_problem,
)

POLICY = PasswordPolicy(min_length=8)


@pytest.mark.parametrize(
    ("password", "login", "problem"),
    [
        ("Ab1!xyz", "", PasswordProblem.TOO_SHORT),
        ("Ab1!" * 40, "", PasswordProblem.TOO_LONG),
        ("abcdefgh", "", PasswordProblem.TOO_FEW_KINDS),
        ("abcdefg1", "", PasswordProblem.TOO_FEW_KINDS),
        ("窗口窗口窗口窗口", "", PasswordProblem.TOO_FEW_KINDS),
        ("Wang#2026x", "wang", PasswordProblem.CONTAINS_LOGIN),
        ("xWANG#2026", "Wang ", PasswordProblem.CONTAINS_LOGIN),
        ("Aa1!Aa1!Aa1!", "", PasswordProblem.TOO_SIMPLE),
        ("Admin@123", "", PasswordProblem.TOO_SIMPLE),
        ("P@ssw0rd", "", PasswordProblem.TOO_SIMPLE),
    ],
)
def test_weak_passwords_are_refused_with_the_first_rule_broken(
    password: str, login: str, problem: PasswordProblem
) -> None:
    assert password_problem(password, POLICY, login) is problem
    with pytest.raises(WeakPassword) as raised:
        check_password(password, POLICY, login)
    assert raised.value.problem is problem
    assert isinstance(raised.value, DomainError)


@pytest.mark.parametrize(
    ("password", "login"),
    [
        ("Demo@2026", "demo1"),  # a login shorter than 3 characters is not looked for
        ("Window#2026", "wang"),
        ("correct horse Battery", "li"),
        ("受理窗口Ab12", ""),
        ("Wang#2026x", "wa"),
    ],
)
def test_strong_passwords_pass(password: str, login: str) -> None:
    assert password_problem(password, POLICY, login) is None
    check_password(password, POLICY, login)


def test_the_minimum_length_comes_from_the_policy() -> None:
    assert password_problem("Window#2026", PasswordPolicy(min_length=12)) is PasswordProblem.TOO_SHORT
    assert password_problem("x" * (MAX_LENGTH + 1), PasswordPolicy(min_length=8)) is PasswordProblem.TOO_LONG


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (PasswordProblem.TOO_SHORT, "至少需要12位"),
        (PasswordProblem.TOO_LONG, f"不能超过{MAX_LENGTH}位"),
        (PasswordProblem.TOO_FEW_KINDS, "至少三类"),
        (PasswordProblem.CONTAINS_LOGIN, "不能包含工号"),
        (PasswordProblem.TOO_SIMPLE, "过于简单"),
    ],
)
def test_every_problem_has_a_chinese_reason(problem: PasswordProblem, words: str) -> None:
    assert words in str(WeakPassword(problem, PasswordPolicy(min_length=12)))
