"""`anonamoose_api=HOST:PORT`: the management API served from mitmproxy's own event loop, so a proxy and its
API start and stop together. FastAPI and uvicorn are imported only when the option is set."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from mitmproxy import ctx, exceptions

log = logging.getLogger("anonamoose")

OPTION = "anonamoose_api"
STOP_TIMEOUT_S = 5.0


class ApiServer:
    """A mitmproxy addon: starts uvicorn as a task in `running`, stops it in `done`."""

    def __init__(self) -> None:
        self.server: Any = None
        self.task: asyncio.Task[None] | None = None

    def load(self, loader: Any) -> None:
        loader.add_option(OPTION, str, "", "Serve the management API on HOST:PORT inside the proxy (empty: off).")

    def configure(self, updated: set[str]) -> None:
        if OPTION in updated and getattr(ctx.options, OPTION):
            self._check()  # refuse a bad address, or one beyond loopback without a token, at start-up

    def _check(self) -> None:
        from addon.api.auth import TokenError, Tokens, check_listen
        from addon.api.server import parse_listen

        try:
            check_listen(parse_listen(getattr(ctx.options, OPTION))[0], Tokens.load())
        except (TokenError, ValueError) as exc:
            raise exceptions.OptionsError(f"{OPTION}: {exc}") from exc

    def _config(self) -> Any:
        from addon.api.app import create_app
        from addon.api.auth import TokenError, Tokens
        from addon.api.server import server_config

        try:
            tokens = Tokens.load()
            config = server_config(create_app(tokens), getattr(ctx.options, OPTION), tokens)
        except (TokenError, ValueError) as exc:
            raise exceptions.OptionsError(f"{OPTION}: {exc}") from exc
        config.log_config = None  # mitmproxy owns logging in this process
        return config

    async def running(self) -> None:
        if not getattr(ctx.options, OPTION) or self.task is not None:
            return
        try:
            config = self._config()
        except exceptions.OptionsError as exc:  # refused in configure too; mitmproxy is on its way out
            log.error("anonamoose: %s", exc)
            return
        self.server = _EmbeddedServer(config)
        self.task = asyncio.get_running_loop().create_task(self._serve())

    async def _serve(self) -> None:
        config = self.server.config
        try:
            await self.server.serve()
        except SystemExit:  # uvicorn exits when it cannot bind; the proxy keeps running
            log.error("anonamoose: the management API could not listen on %s:%s", config.host, config.port)
            return
        log.info("anonamoose: the management API on %s:%s stopped", config.host, config.port)

    async def done(self) -> None:
        if self.task is None:
            return
        self.server.should_exit = True
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(self.task, STOP_TIMEOUT_S)
        self.task = None


def _server_class() -> type:
    import uvicorn

    class Embedded(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            # mitmproxy handles SIGINT and SIGTERM; uvicorn must not take them over.
            yield

    return Embedded


def _EmbeddedServer(config: Any) -> Any:  # noqa: N802 - builds an instance of the lazily defined class
    return _server_class()(config)
