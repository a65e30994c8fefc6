"""mt5worker.py - one MetaTrader 5 terminal, served to mt5bridge over stdin and stdout.

The production bridge library (mt5bridge.c) starts one worker per session, with
``python -u mt5worker.py``, and talks to it with one request line and one answer at a time.
The worker calls MetaQuotes' official ``MetaTrader5`` package, the interface MetaQuotes
documents for Python (https://www.mql5.com/en/docs/python_metatrader5); the package holds
one terminal per process, hence one worker per terminal. When a call hangs, the bridge kills
the worker and starts another; nothing here needs to be interruptible.

Protocol (UTF-8 lines; fields separated by a tab; text escaped as \\\\, \\t, \\n, \\r;
doubles as the 16 hex digits of their IEEE-754 bits, so that no locale can misread them):

  HELLO                                         -> OK <protocol> <package version>
  INIT <path> <login> <password> <server> <ms>  -> OK
  INFO                                          -> OK <company> <name> <server> <login>
                                                      <build> <connected>
  SYMBOLS                                       -> OK <n>, then n lines:
                                                   <name> <description> <path> <digits>
                                                   <point> <visible> <trade_mode>
  SELECT <symbol> <0|1>                         -> OK
  TICK <symbol>                                 -> OK <time> <bid> <ask> <last> <volume>
                                                      <time_msc> <flags> <volume_real>
  RATES <symbol> <minutes> <from> <to> <max>    -> OK <n>, then n lines:
                                                   <time> <open> <high> <low> <close>
                                                   <tick_volume> <spread> <real_volume>
  QUIT                                          -> (no answer) the worker exits

A failure answers ``ERR <kind> <code> <message>``: kind is ``auth`` (the login was
refused), ``symbol`` (unknown symbol), ``argument`` or ``terminal``; code and message are
the package's ``last_error()``. The password arrives only in INIT and is never echoed,
logged or kept beyond the call.
"""

import os
import struct
import sys
import threading
import time

PROTOCOL = "1"

# The package's result codes (MetaTrader5.RES_*), as documented for last_error().
RES_E_NOT_FOUND = -4
RES_E_AUTH_FAILED = -6

TIMEFRAMES = {1: "TIMEFRAME_M1", 5: "TIMEFRAME_M5", 15: "TIMEFRAME_M15", 30: "TIMEFRAME_M30",
              60: "TIMEFRAME_H1", 240: "TIMEFRAME_H4", 1440: "TIMEFRAME_D1"}

# The most bars one RATES request answers: the bridge's buffers are bounded the same way.
MAX_RATES = 100_000


class Failure(Exception):
    """A request that fails with a kind, a code and a message."""

    def __init__(self, kind, code, message):
        super().__init__(message)
        self.kind, self.code, self.message = kind, code, message


def escape(text):
    return (str(text).replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def unescape(field):
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            i += 1
            c = {"t": "\t", "n": "\n", "r": "\r"}.get(field[i], field[i])
        out.append(c)
        i += 1
    return "".join(out)


def double(value):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(value)))[0]


class Worker:
    def __init__(self, mt5, out):
        self.mt5 = mt5
        self.out = out

    def fail(self, kind=None):
        code, message = self.mt5.last_error()
        if kind is None:
            kind = {RES_E_AUTH_FAILED: "auth", RES_E_NOT_FOUND: "symbol"}.get(code, "terminal")
        raise Failure(kind, code, message)

    def write(self, *fields):
        self.out.write(("\t".join(str(f) for f in fields) + "\n").encode("utf-8"))

    def hello(self):
        return [PROTOCOL, escape(getattr(self.mt5, "__version__", "unknown"))]

    def init(self, path, login, password, server, timeout_ms):
        arguments = {"timeout": int(timeout_ms)}
        if int(login) != 0:
            arguments.update(login=int(login), password=password, server=server)
        if not self.mt5.initialize(path or None, **arguments):
            self.fail()
        return []

    def info(self):
        terminal = self.mt5.terminal_info()
        if terminal is None:
            self.fail()
        account = self.mt5.account_info()
        if account is None:
            self.fail()
        return [escape(terminal.company), escape(terminal.name), escape(account.server),
                int(account.login), int(terminal.build), 1 if terminal.connected else 0]

    def symbols(self):
        symbols = self.mt5.symbols_get()
        if symbols is None:
            self.fail()
        lines = ["\t".join([escape(s.name), escape(s.description), escape(s.path),
                            str(int(s.digits)), double(s.point), "1" if s.select else "0",
                            str(int(s.trade_mode))]) for s in symbols]
        return [len(lines)], lines

    def select(self, symbol, enable):
        if not self.mt5.symbol_select(symbol, enable == "1"):
            self.fail()
        return []

    def tick(self, symbol):
        tick = self.mt5.symbol_info_tick(symbol)
        if tick is None:
            # A symbol hidden from Market Watch since it was selected (by hand, in the
            # terminal) has no tick: select it again, once.
            info = self.mt5.symbol_info(symbol)
            if info is None:
                self.fail()
            if not info.select and self.mt5.symbol_select(symbol, True):
                tick = self.mt5.symbol_info_tick(symbol)
            if tick is None:
                self.fail()
        return [int(tick.time), double(tick.bid), double(tick.ask), double(tick.last),
                int(tick.volume), int(tick.time_msc), int(tick.flags), double(tick.volume_real)]

    def rates(self, symbol, minutes, date_from, date_to, most):
        name = TIMEFRAMES.get(int(minutes))
        if name is None:
            raise Failure("argument", -2, "unknown timeframe: %s minutes" % minutes)
        rates = self.mt5.copy_rates_range(symbol, getattr(self.mt5, name), int(date_from),
                                          int(date_to))
        if rates is None:
            self.fail()
        rates = rates[:max(0, min(int(most), MAX_RATES))]
        lines = ["\t".join([str(int(r["time"])), double(r["open"]), double(r["high"]),
                            double(r["low"]), double(r["close"]), str(int(r["tick_volume"])),
                            str(int(r["spread"])), str(int(r["real_volume"]))]) for r in rates]
        return [len(lines)], lines

    def serve(self, requests):
        handlers = {"HELLO": self.hello, "INIT": self.init, "INFO": self.info,
                    "SYMBOLS": self.symbols, "SELECT": self.select, "TICK": self.tick,
                    "RATES": self.rates}
        for raw in requests:
            fields = [unescape(f) for f in raw.decode("utf-8").rstrip("\r\n").split("\t")]
            command, arguments = fields[0], fields[1:]
            if command == "QUIT":
                return
            try:
                handler = handlers.get(command)
                if handler is None:
                    raise Failure("argument", -2, "unknown request: " + command[:20])
                answer = handler(*arguments)
            except Failure as failure:
                self.write("ERR", failure.kind, failure.code, escape(failure.message))
            except (TypeError, ValueError) as error:
                self.write("ERR", "argument", -2, escape(error))
            else:
                if isinstance(answer, tuple):
                    head, lines = answer
                    self.write("OK", *head)
                    if lines:
                        self.out.write(("\n".join(lines) + "\n").encode("utf-8"))
                else:
                    self.write("OK", *answer)
            self.out.flush()


def watch_parent():
    """Ends the worker once the process that started it is gone, even mid-call (POSIX; on
    Windows the bridge's job object does this)."""
    parent = os.getppid()
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(0)


def main():
    out = sys.stdout.buffer
    if os.name == "posix":
        threading.Thread(target=watch_parent, name="watch-parent", daemon=True).start()
    try:
        import MetaTrader5 as mt5
    except ImportError as error:
        out.write(("ERR\tterminal\t-10003\t" + escape(
            "the MetaTrader5 Python package is not installed for " + sys.executable
            + " (pip install MetaTrader5): " + str(error)) + "\n").encode("utf-8"))
        out.flush()
        return 2
    try:
        Worker(mt5, out).serve(sys.stdin.buffer)
    except BrokenPipeError:
        pass  # the bridge closed the session while an answer was on its way
    finally:
        try:
            mt5.shutdown()
        except Exception:  # the terminal may be gone already
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
