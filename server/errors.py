"""The one kind of error a person is shown: a refusal with its reason in their words."""

from __future__ import annotations

from server.i18n import Message


class UserError(ValueError):
    """Something a person tried that cannot be done. `message` says why, in Bahasa Indonesia
    (a `Message` when it has values), and is translated when shown. Each service names its own
    subclass, so that a caller catches only the refusals it expects."""

    def __init__(self, message: str | Message) -> None:
        super().__init__(str(message))
        self.message = message
