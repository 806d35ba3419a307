"""What the clerk reads when something is wrong: every typed reason becomes a sentence saying what to do."""

from __future__ import annotations

import datetime as dt

from app.domain.case import CaseStatus
from app.domain.clock import CHINA_TZ
from app.domain.errors import EnvironmentFailure, FailureKind
from app.domain.identifiers import (
    CreditCodeProblem,
    IdProblem,
    InvalidCreditCode,
    InvalidId,
    InvalidPhone,
    PhoneProblem,
)
from app.domain.masking import mask_id
from app.domain.passwords import PasswordProblem
from app.services.sessions import ApprovalRefusal
from app.ui.qt import QtCore

translate = QtCore.QCoreApplication.translate


def id_problem(invalid: InvalidId) -> str:
    where = (
        "" if invalid.position is None else translate("Messages", "（第{0}位）").format(invalid.position + 1)
    )
    texts = {
        IdProblem.EMPTY: translate("Messages", "请输入证件号码。"),
        IdProblem.LENGTH: translate("Messages", "身份证号码应为18位（旧证15位），当前为{0}位。").format(
            len(invalid.text)
        ),
        IdProblem.CHARACTER: translate("Messages", "身份证号码只能包含数字，最后一位可以是X{0}。").format(
            where
        ),
        IdProblem.CHECK_CHARACTER: translate("Messages", "身份证号码校验位不正确，请逐位核对证件。"),
        IdProblem.IMPOSSIBLE_DATE: translate("Messages", "身份证号码中的出生日期不存在，请核对第7至14位。"),
        IdProblem.FUTURE_DATE: translate("Messages", "身份证号码中的出生日期晚于今天，请核对第7至14位。"),
        IdProblem.AREA_CODE: translate("Messages", "身份证号码的前6位地址码无效，请核对证件。"),
    }
    return texts[invalid.problem]


def credit_code_problem(invalid: InvalidCreditCode) -> str:
    where = (
        "" if invalid.position is None else translate("Messages", "（第{0}位）").format(invalid.position + 1)
    )
    texts = {
        CreditCodeProblem.EMPTY: translate("Messages", "请输入统一社会信用代码。"),
        CreditCodeProblem.LENGTH: translate("Messages", "统一社会信用代码应为18位，当前为{0}位。").format(
            len(invalid.text)
        ),
        CreditCodeProblem.CHARACTER: translate(
            "Messages", "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）{0}。"
        ).format(where),
        CreditCodeProblem.CHECK_CHARACTER: translate(
            "Messages", "统一社会信用代码校验位不正确，请逐位核对营业执照。"
        ),
    }
    return texts[invalid.problem]


def phone_problem(invalid: InvalidPhone) -> str:
    texts = {
        PhoneProblem.EMPTY: translate("Messages", "请输入联系电话。"),
        PhoneProblem.LENGTH: translate("Messages", "手机号码应为11位；固定电话请带区号，如0571-12345678。"),
        PhoneProblem.CHARACTER: translate("Messages", "联系电话只能包含数字、空格和短横线。"),
        PhoneProblem.PREFIX: translate("Messages", "手机号码应以13至19开头；固定电话请带区号。"),
    }
    return texts[invalid.problem]


def failure(exc: EnvironmentFailure) -> str:
    texts = {
        FailureKind.DISK_FULL: translate(
            "Messages",
            "磁盘空间已满，本次操作未保存。请联系信息技术人员清理磁盘后重试；已受理的办件不受影响。",
        ),
        FailureKind.DISK_READ_ONLY: translate(
            "Messages", "数据目录无法写入，本次操作未保存。请联系信息技术人员检查磁盘和权限。"
        ),
        FailureKind.KEYSTORE_UNAVAILABLE: translate(
            "Messages", "无法访问系统密钥库，不能打开加密数据。请登录操作系统桌面后重试，或联系信息技术人员。"
        ),
        FailureKind.KEY_MISSING: translate(
            "Messages",
            "系统密钥库中找不到本机数据的密钥，程序不会新建数据库覆盖原有数据。请联系信息技术人员恢复密钥。",
        ),
        FailureKind.KEY_WRONG: translate(
            "Messages",
            "系统密钥库中的密钥与本机数据库不匹配，数据未被改动。请联系信息技术人员，切勿删除数据目录。",
        ),
        FailureKind.DATABASE_CORRUPT: translate(
            "Messages", "本机数据库已损坏。请联系信息技术人员运行 main.py doctor 检查。"
        ),
        FailureKind.DEVICE_UNAVAILABLE: translate(
            "Messages", "设备未连接或无响应。请检查设备电源和连接线后重试。"
        ),
        FailureKind.NETWORK_UNAVAILABLE: translate(
            "Messages", "无法连接政务服务平台，办件已保存在本机，网络恢复后将自动上报。"
        ),
        FailureKind.CONFIGURATION_INVALID: translate("Messages", "站点配置有误，请联系信息技术人员。"),
        FailureKind.ALREADY_RUNNING: translate(
            "Messages", "一窗受理工作站已在本机运行，请切换到已打开的窗口（Alt+Tab）继续办理。"
        ),
    }
    return texts[exc.kind]


def status_label(status: CaseStatus) -> str:
    texts = {
        CaseStatus.DRAFT: translate("Messages", "草稿"),
        CaseStatus.ACCEPTED: translate("Messages", "已受理"),
        CaseStatus.SUPPLEMENT_REQUESTED: translate("Messages", "待补正"),
        CaseStatus.REJECTED: translate("Messages", "不予受理"),
        CaseStatus.IN_REVIEW: translate("Messages", "审查中"),
        CaseStatus.APPROVED: translate("Messages", "准予许可"),
        CaseStatus.DENIED: translate("Messages", "不予许可"),
        CaseStatus.RESULT_READY: translate("Messages", "待出件"),
        CaseStatus.DELIVERED: translate("Messages", "已出件"),
        CaseStatus.VOIDED: translate("Messages", "已作废"),
    }
    return texts[status]


def masked_id(number: str) -> str:
    """Lists and logs show 4201**********1234, never the whole number (app.domain.masking.mask_id)."""
    return mask_id(number)


def password_problem(problem: PasswordProblem, min_length: int) -> str:
    texts = {
        PasswordProblem.TOO_SHORT: translate("Messages", "密码至少需要{0}位。").format(min_length),
        PasswordProblem.TOO_LONG: translate("Messages", "密码过长。"),
        PasswordProblem.TOO_FEW_KINDS: translate(
            "Messages", "密码须包含大写字母、小写字母、数字、其他符号中的至少三类。"
        ),
        PasswordProblem.CONTAINS_LOGIN: translate("Messages", "密码不能包含工号。"),
        PasswordProblem.TOO_SIMPLE: translate("Messages", "密码过于简单或过于常见，请换一个。"),
    }
    return texts[problem]


def locked_until(until: dt.datetime) -> str:
    """Lockout after repeated wrong passwords, with the time it ends (China time)."""
    return translate("Messages", "密码错误次数过多，账号已锁定至 {0}。").format(
        until.astimezone(CHINA_TZ).strftime("%H:%M")
    )


def approval_refusal(refusal: ApprovalRefusal) -> str:
    """Why a supervisor's re-authentication was refused (app.services.sessions.SessionSecurity.approve)."""
    texts = {
        ApprovalRefusal.UNKNOWN_OR_WRONG: translate("Messages", "科长工号或密码不正确。"),
        ApprovalRefusal.LOCKED: translate("Messages", "该科长账号因密码错误次数过多已被锁定。"),
        ApprovalRefusal.DISABLED: translate("Messages", "该账号已停用。"),
        ApprovalRefusal.NOT_SUPERVISOR: translate("Messages", "该账号没有审批权限，请由科长或管理员确认。"),
        ApprovalRefusal.SAME_PERSON: translate("Messages", "不能审批本人发起的操作，请由其他科长确认。"),
    }
    return texts[refusal]


def clauses(parts: list[str]) -> str:
    """Several problems in one line: 请输入联系电话；请选择申请事项 (each part's own full stop dropped, so the
    line never reads 。；)."""
    return "；".join(part.rstrip("。.；; ") for part in parts)
