"""The sentences the clerk reads for each ErrorCode: a Chinese table and an English one beside it.

app.forms is Qt-free, so these tables stand in for Qt's translator; the UI passes the site's language.
Placeholders are str.format fields filled from the error's parameters and the field's label.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.identifiers import CreditCodeProblem, IdProblem, PhoneProblem
from app.forms.errors import ErrorCode, FieldError

ZH: Mapping[str, str] = {
    ErrorCode.REQUIRED: "请填写{label}。",
    ErrorCode.CHOOSE: "请选择{label}。",
    ErrorCode.TOO_LONG: "{label}不能超过{max}个字。",
    ErrorCode.PATTERN: "{label}格式不正确。",
    ErrorCode.NOT_A_NUMBER: "{label}应填写数字。",
    ErrorCode.NOT_WHOLE: "{label}应为整数。",
    ErrorCode.TOO_MANY_DECIMALS: "{label}最多保留{decimals}位小数。",
    ErrorCode.BELOW_MIN: "{label}不能小于{min}。",
    ErrorCode.ABOVE_MAX: "{label}不能大于{max}。",
    ErrorCode.NOT_A_DATE: "{label}应为日期，如2026-01-31。",
    ErrorCode.DATE_BEFORE: "{label}不能早于{min}。",
    ErrorCode.DATE_AFTER: "{label}不能晚于{max}。",
    ErrorCode.DATE_IN_FUTURE: "{label}不能晚于今天。",
    ErrorCode.NOT_AN_OPTION: "{label}只能从列表中选择。",
    ErrorCode.REGION_INCOMPLETE: "请选择{label}的{level_name}。",
    ErrorCode.REGION_MISMATCH: "{label}的省、市、区县不一致，请重新选择。",
    ErrorCode.REGION_UNKNOWN: "{label}的行政区划代码{code}不在当前代码表中（可能已撤销或调整），请核对。",
    ErrorCode.DETAIL_MISSING: "请填写{label}的详细地址（街道、门牌号）。",
    ErrorCode.TOO_FEW_ROWS: "{label}至少填写{min}行。",
    ErrorCode.TOO_MANY_ROWS: "{label}最多填写{max}行。",
    ErrorCode.CONSTRAINT: "{message}",
    ErrorCode.MALFORMED: "{label}的内容无法识别，请重新填写。",
    ErrorCode.RULE_FAILED: "{label}的填写规则无法执行，请联系系统管理员（{detail}）。",
    # Sub-tables, keyed "code.problem"; wording as in app/ui/messages.py.
    "id_number.empty": "请填写{label}。",
    "id_number.length": "{label}应为18位（旧证15位），当前为{length}位。",
    "id_number.character": "{label}只能包含数字，最后一位可以是X{where}。",
    "id_number.check_character": "{label}校验位不正确，请逐位核对证件。",
    "id_number.impossible_date": "{label}中的出生日期不存在，请核对第7至14位。",
    "id_number.future_date": "{label}中的出生日期晚于今天，请核对第7至14位。",
    "id_number.area_code": "{label}的前6位地址码无效，请核对证件。",
    "credit_code.empty": "请填写{label}。",
    "credit_code.length": "{label}应为18位，当前为{length}位。",
    "credit_code.character": "{label}含有不允许的字符（不使用I、O、Z、S、V）{where}。",
    "credit_code.check_character": "{label}校验位不正确，请逐位核对营业执照。",
    "phone.empty": "请填写{label}。",
    "phone.length": "{label}：手机号码应为11位；固定电话请带区号，如0571-12345678。",
    "phone.character": "{label}只能包含数字、空格和短横线。",
    "phone.prefix": "{label}：手机号码应以13至19开头；固定电话请带区号。",
    "phone.mobile_only": "{label}应为11位手机号码。",
    "where": "（第{position}位）",
    "row": "{table}第{row}行：",
    "level.2": "地市",
    "level.3": "区县",
}

EN: Mapping[str, str] = {
    ErrorCode.REQUIRED: "Please fill in {label}.",
    ErrorCode.CHOOSE: "Please choose {label}.",
    ErrorCode.TOO_LONG: "{label}: at most {max} characters.",
    ErrorCode.PATTERN: "{label} is not in the expected format.",
    ErrorCode.NOT_A_NUMBER: "{label} must be a number.",
    ErrorCode.NOT_WHOLE: "{label} must be a whole number.",
    ErrorCode.TOO_MANY_DECIMALS: "{label}: at most {decimals} decimal places.",
    ErrorCode.BELOW_MIN: "{label} must not be less than {min}.",
    ErrorCode.ABOVE_MAX: "{label} must not be more than {max}.",
    ErrorCode.NOT_A_DATE: "{label} must be a date such as 2026-01-31.",
    ErrorCode.DATE_BEFORE: "{label} must not be before {min}.",
    ErrorCode.DATE_AFTER: "{label} must not be after {max}.",
    ErrorCode.DATE_IN_FUTURE: "{label} must not be later than today.",
    ErrorCode.NOT_AN_OPTION: "{label}: choose one of the listed options.",
    ErrorCode.REGION_INCOMPLETE: "{label}: please choose the {level_name}.",
    ErrorCode.REGION_MISMATCH: "{label}: province, city and county do not match; please choose again.",
    ErrorCode.REGION_UNKNOWN: "{label}: region code {code} is not in the current code table "
    "(abolished or changed?); please check.",
    ErrorCode.DETAIL_MISSING: "{label}: please fill in the street and number.",
    ErrorCode.TOO_FEW_ROWS: "{label}: at least {min} row(s).",
    ErrorCode.TOO_MANY_ROWS: "{label}: at most {max} row(s).",
    ErrorCode.CONSTRAINT: "{message}",
    ErrorCode.MALFORMED: "{label}: the stored content cannot be read; please fill it in again.",
    ErrorCode.RULE_FAILED: "{label}: a rule of this form cannot be applied; please tell the administrator "
    "({detail}).",
    "id_number.empty": "Please fill in {label}.",
    "id_number.length": "{label} must have 18 characters (15 on old cards), not {length}.",
    "id_number.character": "{label} may contain only digits, with an X last{where}.",
    "id_number.check_character": "{label}: the check character is wrong; compare it with the card.",
    "id_number.impossible_date": "{label}: the birth date does not exist; check characters 7 to 14.",
    "id_number.future_date": "{label}: the birth date is after today; check characters 7 to 14.",
    "id_number.area_code": "{label}: the first 6 digits are not a valid area code.",
    "credit_code.empty": "Please fill in {label}.",
    "credit_code.length": "{label} must have 18 characters, not {length}.",
    "credit_code.character": "{label} contains a character that is not used (I, O, Z, S, V){where}.",
    "credit_code.check_character": "{label}: the check character is wrong; compare it with the licence.",
    "phone.empty": "Please fill in {label}.",
    "phone.length": "{label}: mobiles have 11 digits; landlines need the area code, e.g. 0571-12345678.",
    "phone.character": "{label} may contain only digits, spaces and dashes.",
    "phone.prefix": "{label}: mobiles start with 13 to 19; landlines need the area code.",
    "phone.mobile_only": "{label} must be an 11-digit mobile number.",
    "where": " (character {position})",
    "row": "{table}, row {row}: ",
    "level.2": "city",
    "level.3": "county",
}

# Every sub-code the identifier checks can report has a sentence (checked by the tests).
SUB_PROBLEMS = {
    ErrorCode.ID_NUMBER: [p.value for p in IdProblem],
    ErrorCode.CREDIT_CODE: [p.value for p in CreditCodeProblem],
    ErrorCode.PHONE: [*(p.value for p in PhoneProblem), "mobile_only"],
}


def table(language: str) -> Mapping[str, str]:
    """The English table for "en", "en_US", "en-GB" …; Chinese for everything else."""
    return EN if language.lower().startswith("en") else ZH


def message(error: FieldError, language: str = "zh") -> str:
    texts = table(language)
    params: dict[str, object] = {"label": error.column_label or error.label, **error.params}
    position = params.get("position")
    params["where"] = "" if position is None else texts["where"].format(position=int(str(position)) + 1)
    if "level" in params:
        params["level_name"] = texts[f"level.{params['level']}"]
    template = texts[f"{error.code}.{params['problem']}"] if error.code in SUB_PROBLEMS else texts[error.code]
    text = template.format(**params)
    if error.row is not None:
        text = texts["row"].format(table=error.label, row=error.row + 1) + text
    return text
