"""City citizen cards (市民卡) differ per city: each site supplies a plug-in (spec §4.6).

A plug-in is a class named in the site file (`[devices] city_plugins = ["package.module:Class"]`), built
without arguments; the PC/SC station asks each in turn, after the social-security application.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Protocol

from app.devices.pcsc.apdu import Transmit


@dataclass(frozen=True)
class CityCard:
    title: str  # what the clerk sees, e.g. 杭州市民卡
    card_number: str
    expires: str = ""
    details: dict[str, str] = field(default_factory=dict)  # no personal data: shown on screen as is


class CityCardPlugin(Protocol):
    name: str

    def read(self, atr: bytes, transmit: Transmit) -> CityCard | None:
        """The card's data if it is this city's card, else None (it must not raise for other cards)."""


class PluginLoadError(Exception):
    pass


def load_plugins(specs: tuple[str, ...]) -> list[CityCardPlugin]:
    plugins: list[CityCardPlugin] = []
    for spec in specs:
        module_name, _, class_name = spec.partition(":")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
            plugins.append(cls())
        except (ImportError, AttributeError, TypeError) as exc:
            raise PluginLoadError(f"{spec}: {exc}") from exc
    return plugins
