"""Errors as the contract shapes them: a machine `code` and a Chinese `message` for the clerk."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=dict(headers or {}))


def invalid(message: str, code: str = "invalid_request") -> ApiError:
    return ApiError(422, code, message)


def unauthorized(message: str = "登录已失效，请重新登录", code: str = "unauthorized") -> ApiError:
    return ApiError(401, code, message, {"WWW-Authenticate": "Bearer"})


async def api_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def validation_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "invalid_request", "请求内容不符合接口要求：" + describe_errors(exc.errors()))


async def http_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    message = {404: "没有这个接口或对象", 405: "接口不支持这种请求方法"}.get(exc.status_code, str(exc.detail))
    return error_response(exc.status_code, code, message, exc.headers)


def describe_errors(errors: Any) -> str:
    parts = []
    for error in list(errors)[:5]:
        location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        parts.append(f"{location or '请求体'}：{error.get('msg', '')}")
    return "；".join(parts)
