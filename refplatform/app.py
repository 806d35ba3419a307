"""The FastAPI app: the contract under /api/v1, the admin API under /admin, fault knobs around both."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from refplatform import admin, auth, cases, lookups, terminals, uploads
from refplatform.config import PlatformConfig
from refplatform.errors import ApiError, api_error_handler, http_error_handler, validation_error_handler
from refplatform.faults import API_PREFIX, FaultMiddleware
from refplatform.platform import Platform
from refplatform.progress import progress_timer


def create_app(config: PlatformConfig) -> FastAPI:
    """Every path of resources/platform/openapi.yaml behind /api/v1.

    Endpoints are `async def` and do their (short, synchronous) SQLite work on the event loop: requests
    are served one transaction at a time, no worker threads exist, and stalls (`asyncio.sleep`) do not
    hold anything up. The case-progress timer, when configured, is a task on the same loop.
    """
    platform = Platform(config)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with progress_timer(platform):
            yield
        platform.db.close()

    app = FastAPI(
        title="参考平台 reference platform",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.platform = platform
    for module in (lookups, auth, terminals, cases, uploads):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(admin.router)
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_middleware(FaultMiddleware, plan=platform.faults)
    return app
