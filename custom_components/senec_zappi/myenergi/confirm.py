"""Whether a zappi applied a command: the rules real zappis need.

Real zappis and the myenergi servers differ from a fake that applies every
command by the next read:

- ``cmt`` keeps its last value at rest, 253 (failed) included. A 253 is a
  verdict only once a pending value (1-10) was seen since sending, or when
  the read just before sending showed something other than 253.
- Fields keep old values (``tbk``, ``sbk``/``sbh``/``sbm``, ``zmo``). A field
  that already equalled the request proves nothing: the proof is a target
  field that changed since the read before sending, a boost flag switching
  on, or a pending ``cmt`` seen since sending.
- Delivery can take minutes (the servers re-send until the zappi takes it),
  so "not yet" is no failure: ``judge`` says WAITING and the caller decides
  how long to go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .commands import Command
from .status import COMMAND_DONE, COMMAND_FAILED, COMMAND_PENDING, ZappiStatus


class Verdict(StrEnum):
    """What one status read says about a command."""

    WAITING = "waiting"  # not yet: still on its way, or no proof yet
    CONFIRMED = "confirmed"
    REJECTED = "rejected"  # the zappi reported this command as failed


@dataclass(slots=True)
class Confirmation:
    """One command sent (or found unneeded) and the evidence seen since.

    ``before`` is the status read just before sending; ``sent`` is False
    when that read already showed what was asked (no command went out).
    """

    command: Command
    serial: str
    before: ZappiStatus
    sent: bool = True
    pending_seen: bool = False
    last: ZappiStatus | None = None
    verdict: Verdict = Verdict.WAITING
    _noted: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        """Nothing sent: confirmed by the read before."""
        if not self.sent:
            self.last = self.before
            self.verdict = Verdict.CONFIRMED

    @property
    def decided(self) -> bool:
        """Confirmed or rejected: further reads change nothing."""
        return self.verdict is not Verdict.WAITING

    def judge(self, status: ZappiStatus) -> Verdict:
        """Take one status read after sending; the verdict so far."""
        if self.decided or status.serial != self.serial:
            return self.verdict
        self.last = status
        self.verdict = self._judge(status)
        return self.verdict

    def _judge(self, status: ZappiStatus) -> Verdict:
        timer = status.command_timer
        if timer in COMMAND_PENDING:
            self.pending_seen = True
            return Verdict.WAITING
        if timer == COMMAND_FAILED:
            fresh = self.before.command_timer != COMMAND_FAILED
            return Verdict.REJECTED if self.pending_seen or fresh else Verdict.WAITING
        if timer not in (COMMAND_DONE, None):  # 255: nothing received (yet)
            return Verdict.WAITING
        if self.command.shows(status) and self._is_new(status):
            return Verdict.CONFIRMED
        return Verdict.WAITING

    def _is_new(self, status: ZappiStatus) -> bool:
        """Evidence that postdates sending, not a value that was already there."""
        command, before = self.command, self.before
        if self.pending_seen:
            return True
        if (
            command.flag is not None
            and command.flag(status)
            and not command.flag(before)
        ):
            return True
        return command.fields(status) != command.fields(before)

    def note(self) -> str | None:
        """A difference on a confirmed status worth one log line (once)."""
        if self.verdict is not Verdict.CONFIRMED or self.last is None or not self.sent:
            return None
        text = self.command.note(self.last)
        if text is None or text in self._noted:
            return None
        self._noted.add(text)
        return text
