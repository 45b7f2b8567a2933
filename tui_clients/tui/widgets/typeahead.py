"""Keys typed ahead land where the operator meant them.

A terminal delivers what was typed while the app was busy (a step changing, a dialog
opening, a laggy SSH link) in one read.  Textual hands each key of it to the widget
focused at that moment, and a key that moves focus (Tab) or changes the screen acts
only after it bubbled back up from that widget: by then the keys behind it already
went to the old field ("GODE561231GR8EduardoGómez Díaz" in one input).  Two parts fix
it for every screen:

* Tab and shift+Tab are the App's priority bindings: the App moves focus before it
  hands on the next key.
* While the App handles a key, the keys behind it are held, and handed on after what
  that key queued (Textual's ``focus()`` moves focus later, from the App's queue).
  ``TypeAhead.hold_keys()`` holds them longer, while focus is about to move somewhere
  that does not exist yet (a screen being pushed, a wizard step checked in a worker);
  ``release_keys()`` hands them on, in order, once it does.  A hold never lasts more
  than ``HOLD_LIMIT`` seconds, whatever happens.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events
from textual.app import App, AwaitMount, ScreenResultCallbackType
from textual.screen import Screen

HOLD_LIMIT = 3.0  # seconds: a hold that nobody releases ends on its own


class TypeAhead(App):
    """An App that holds typed-ahead keys while focus is on its way (see the module)."""

    _held_keys: list[events.Key] | None = None  # keys waiting, in order (None: none held)
    _holds = 0  # holds on: keys are kept, not handed on, while above 0
    _held_since = 0.0

    def hold_keys(self) -> None:
        """Hold the keys that arrive from now on, until as many ``release_keys``; keys
        held longer than ``HOLD_LIMIT`` seconds are handed on whatever happens."""
        if self._holds == 0:
            self._held_since = time.monotonic()
            self.set_timer(HOLD_LIMIT, self._release_stuck, name="typeahead-limit")
        self._holds += 1
        if self._held_keys is None:
            self._held_keys = []

    def release_keys(self) -> None:
        """End one hold; the keys are handed on, in order, when none is left, after what
        is already queued (such as a focus change)."""
        if self._holds > 0:
            self._holds -= 1
            if self._holds == 0:
                self.call_later(self._hand_on)

    def _release_stuck(self) -> None:
        if self._holds and time.monotonic() - self._held_since >= HOLD_LIMIT:
            self._holds = 1
            self.release_keys()
        elif self._holds:
            self.set_timer(HOLD_LIMIT, self._release_stuck, name="typeahead-limit")

    async def _hand_on(self) -> None:
        """The first held key to what has focus now.  The rest stay held while it is
        handled and come one by one (each calls here again when it is done)."""
        if self._holds:
            return
        if not self._held_keys:
            self._held_keys = None
            return
        await self._handle_key(self._held_keys.pop(0))

    async def _handle_key(self, event: events.Key) -> None:
        """As Textual does (priority bindings, else to the focused widget, from which it
        bubbles up to the screen's and the App's bindings), holding the keys behind it
        until it is done: it went up the focus chain and the App had it last, then what
        that posted along the (new) focus chain was handled too (a picker's Enter sets
        its value there; a binding moved focus or opened a screen)."""
        self.hold_keys()
        target = self.focused or self.screen
        try:
            await super().on_event(event)
        except BaseException:
            self.release_keys()
            raise
        first = [*target.ancestors_with_self] if event.is_forwarded else []
        self._follow(first, then=self._settled)

    def _settled(self) -> None:
        """Once more up the focus chain, for what the key's handling posted there."""
        self._follow([*(self.focused or self.screen).ancestors_with_self], then=self.release_keys)

    def _follow(self, nodes: list, then: Callable[[], None]) -> None:
        """``then`` on the App's queue once each node of ``nodes`` (a widget and its
        ancestors) handled what it had queued so far."""
        node = nodes.pop(0) if nodes else None
        if node is None or node is self or not node.is_running:
            self.call_later(then)
        else:
            node.call_later(self._follow, nodes, then)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held_keys is not None:
                self._held_keys.append(event)
            else:
                await self._handle_key(event)
            return
        await super().on_event(event)

    def push_screen(  # type: ignore[override]
        self,
        screen: Screen | str,
        callback: ScreenResultCallbackType | None = None,
        wait_for_dismiss: bool = False,
    ) -> AwaitMount:
        """Push as Textual does; the keys typed meanwhile go to the new screen's focus:
        they are handed on after the screen has mounted and resumed (its own focus, set
        then or in its ``on_mount``, is on the App's queue by then)."""
        self.hold_keys()
        result = super().push_screen(screen, callback, wait_for_dismiss)  # type: ignore[call-overload]
        self.screen.call_later(self.call_later, self.release_keys)
        return result
