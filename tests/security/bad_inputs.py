"""Hostile and odd input for every form, upload and command (issue 11): each value must get a clear
refusal (a 4xx with the form shown again, or a command error) or be stored and shown as harmless text.

Values are `str`, or `bytes` where a browser could post bytes that are not UTF-8.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

# What must never reach a page unescaped: each markup value below contains one of these.
MARKUP_SIGNS = ("<script>alert(", "<img src=x onerror=")

MARKUP = [
    '<script>alert("bad-input")</script>',
    '"><img src=x onerror=alert("bad-input")>',
    "javascript:alert(1)",
]
FORMULAS = ["=1+2", "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3", '=HYPERLINK("https://evil.example","click")']
SQL = ["'; DROP TABLE assessment_organisation; --", "' OR 1=1 --"]
TRAVERSAL = ["../../etc/passwd", "..\\..\\x.csv"]
OVERSIZE = ["x" * 10**5, "x" * 10**6]
CONTROL = ["a\x00b", "\x00"]
INVISIBLE = ["\u200b", "\ufeff", "\u202egpj.exe", "\u200bname\ufeff"]
EMOJI = ["😀🎉👍🏽", "👨‍👩‍👧‍👦" * 3]
NUMBERS = [
    "9" * 400,
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "0x10",
    "1_000",
    "٣",
    "²",
]
EMPTY = ["", "   "]
NOT_UTF8 = [b"\xff\xfe", b"caf\xe9", b"\xc3\x28"]

TEXT: list[str | bytes] = [
    *MARKUP,
    *FORMULAS,
    *SQL,
    *TRAVERSAL,
    *OVERSIZE,
    *CONTROL,
    *INVISIBLE,
    *EMOJI,
    *NUMBERS,
    *EMPTY,
    *NOT_UTF8,
]
# A smaller set for fields where every value costs a slow page (the report) or a heavy check.
SHORT_TEXT: list[str | bytes] = [
    *MARKUP[:2],
    FORMULAS[0],
    SQL[0],
    TRAVERSAL[0],
    OVERSIZE[1],
    CONTROL[0],
    INVISIBLE[2],
    EMOJI[1],
    NUMBERS[0],
    NUMBERS[-1],
    EMPTY[0],
    NOT_UTF8[0],
]
# For fields that take a number, a choice or a code: the numbers, and a value of each other kind.
NUMERIC: list[str | bytes] = [
    *NUMBERS,
    *["3.5", "1,5", " 7 ", "+5"],
    *[MARKUP[0], OVERSIZE[0], CONTROL[0], INVISIBLE[2], EMOJI[0], EMPTY[0], NOT_UTF8[0]],
]
CHOICE: list[str | bytes] = SHORT_TEXT
DATES = ["0000-00-00", "2026-02-30", "9999-12-31", "10000-01-01", "-1-01-01", "31/12/2026", "9999-12-31T23:59"]
DATETIMES = ["9999-12-31T23:59", "0001-01-01T00:00", "2026-13-01T00:00", "1970-01-01T00:00", "99999-01-01T00:00"]

# Names of uploaded files: the stored or shown name must not escape its directory or the page.
FILE_NAMES = [
    "../../etc/passwd",
    "..\\..\\x.csv",
    "../../../tmp/evil.csv",
    '"><img src=x onerror=alert("bad-input")>.csv',
    "=1+2.csv",
    "\u202evsc.exe",
    "a" * 300 + ".csv",
    "😀.csv",
    ".csv",
]


@dataclass
class Tally:
    """How many inputs were tried, and what went wrong: server errors (a 500, an exception or a command's
    traceback) and unsafe outputs (markup shown unescaped, a formula exported as such, a file stored
    outside its folder)."""

    tried: int = 0
    server_errors: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.tried += other.tried
        self.server_errors += other.server_errors
        self.unsafe += other.unsafe

    def line(self, label: str) -> str:
        return f"{label}: {self.tried} inputs tried, {len(self.server_errors)} 500s, {len(self.unsafe)} unsafe outputs"

    def report(self, label: str) -> str:
        return "\n".join([self.line(label), *self.server_errors[:30], *self.unsafe[:30]])


def describe(value: object) -> str:
    """A value short enough for a failure message."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:50]}... ({len(text)} characters)"


def url_path_values() -> list[str]:
    """Values put in the address itself (tokens, signatures): percent-encoded where a browser would."""
    return [
        "%00",
        "a%00b",
        "%FF%FE",
        "..%2F..%2Fetc%2Fpasswd",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%E2%80%AE" + "a" * 31,
        "%E2%80%8B",
        "é" * 32,
        "x" * 5000,
        "9" * 400,
        "s" + "0" * 32 + ".n.m",
        "s" + "g" * 32 + ".%00.%00",
    ]


def recipient_files() -> list[tuple[str, bytes]]:
    """(file name, content) of recipient lists: each must be previewed with its refusals, or refused whole."""
    header = b"email,name,language,segment\n"
    rows = [
        b'"<script>alert(""bad-input"")</script>@x.example",Bob,en,north\n',
        b'ok1@example.com,"""><img src=x onerror=alert(""bad-input"")>",en,"<script>alert(1)</script>"\n',
        b"ok2@example.com,=1+2,en,north\n",
        b'ok3@example.com,"=HYPERLINK(""https://evil.example"",""x"")",en,north\n',
        b"ok4@example.com,@SUM(A1),en,north\n",
        b"ok5@example.com,-2+3,en,north\n",
        b"ok6@example.com,'; DROP TABLE x; --,en,' OR 1=1 --\n",
        b"ok7@example.com,../../etc/passwd,en,..\\..\\x\n",
        "ok8@example.com,\u202egpj.exe,en,\u200b\n".encode(),
        "\ufeffok9@example.com,😀,ar,👨‍👩‍👧‍👦\n".encode(),
        "ok10\u200b@example.com,Zero width,en,\n".encode(),
        b"ok11@example.com," + b"x" * 10**5 + b",en,north\n",
        b"ok12@example.com,Name,xx-" + b"9" * 400 + b",north\n",
        b",,,\n",
        b"not-an-address,Name,en,\n",
    ]
    files = [
        ("everything.csv", header + b"".join(rows)),
        ("bom.csv", b"\xef\xbb\xbf" + header + b"bom@example.com,B,en,\n"),
        ("latin1.csv", header + b"caf\xe9@example.com,Caf\xe9,en,\n"),
        ("broken-utf8.csv", header + b"x@example.com,\xc3\x28,en,\n"),
        ("invalid-start.csv", b"\xff\xfe" + header),
        ("nul.csv", header + b"nul@example.com,a\x00b,en,\n"),
        ("nul-only.csv", b"\x00" * 1000),
        ("empty.csv", b""),
        ("header-only.csv", header),
        ("blank-lines.csv", b"\n\n\n"),
        ("no-email-column.csv", b"name,language\nBob,en\n"),
        ("open-quote.csv", header + b'"a@example.com,Bob,en,\nb@example.com,Ann,en,\n'),
        ("huge-cell.csv", header + b"a@example.com," + b"y" * 10**6 + b",en,\n"),
        ("many-columns.csv", b",".join([b"email"] + [b"c%d" % n for n in range(20_000)]) + b"\na@example.com\n"),
        ("semicolon.csv", b"email;name\n=cmd@example.com;x\n"),
        ("tab.csv", b"email\tname\n@x@example.com\tx\n"),
        ("fake.xlsx", b"PK\x03\x04 this is not a workbook"),
        ("text.xlsx", b"email\na@example.com\n"),
        ("empty-zip.xlsx", _empty_zip()),
        ("wrong-extension.exe", header + b"a@example.com,,,\n"),
        ("no-extension", header + b"a@example.com,,,\n"),
        ("formula.xlsx", _workbook([["email", "name"], ["a@example.com", "=1+2"], ['=HYPERLINK("x")', "b"]])),
    ]
    return files + [(name, header + b"named@example.com,Name,en,\n") for name in FILE_NAMES]


def logo_files() -> list[tuple[str, bytes]]:
    """(file name, content) of uploaded logos: a good PNG and SVG under every odd name, and broken ones."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
    png = _png()
    bomb = png[:16] + (100_000).to_bytes(4, "big") * 2 + png[24:]  # IHDR claims 10^10 pixels
    broken = [
        ("script.svg", svg.replace(b"<rect", b"<script>alert(1)</script><rect")),
        ("handler.svg", svg.replace(b"<rect", b'<rect onclick="alert(1)"')),
        ("not-utf8.svg", svg.replace(b"<rect", b"<text>\xff\xfe</text><rect")),
        ("nul.svg", svg.replace(b"<rect", b"<text>\x00</text><rect")),
        ("nul.png", b"\x00" * 100),
        ("empty.png", b""),
        ("truncated.png", png[: len(png) // 2]),
        ("bomb.png", bomb),
        ("oversize.png", png + b"\x00" * (1024 * 1024)),
        ("text.svg", b"just text"),
        ("svg-in-png-name.png", svg),
    ]
    return broken + [(name + ".png", png) for name in FILE_NAMES] + [(name + ".svg", svg) for name in FILE_NAMES]


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#123456").save(buffer, format="PNG")
    return buffer.getvalue()


def response_files(header: str, row: str) -> list[tuple[str, bytes]]:
    """(file name, content) for import_responses, built around one valid header and row of the questionnaire."""
    good = f"{header}\n{row}\n".encode()
    first = header.split(",")[0]
    return [
        ("invalid-utf8.csv", b"\xff\xfe" + good),
        ("latin1.csv", good + b"caf\xe9\n"),
        ("nul.csv", good.replace(b",", b",\x00", 1)),
        ("nul-only.csv", b"\x00" * 100),
        ("empty.csv", b""),
        ("header-only.csv", f"{header}\n".encode()),
        ("open-quote.csv", f'{header}\n"{row}\n{row}\n'.encode()),
        ("huge-cell.csv", f"{header}\n{'1' * 200_000}\n".encode()),
        ("markup-header.csv", f'<script>alert("bad-input")</script>,{header}\n,{row}\n'.encode()),
        ("formula-cells.csv", f"{first}\n=1+2\n+cmd\n@SUM(A1)\n-2+3\n".encode()),
        ("numbers.csv", f"{first}\n{'9' * 400}\n-1\n1e309\nNaN\n٣\n²\n0x10\n".encode()),
        ("sql.csv", f"{first}\n'; DROP TABLE assessment_response; --\n' OR 1=1 --\n".encode()),
        ("invisible.csv", f"\ufeff{first}\u200b\n\u202e3\n😀\n".encode()),
        ("too-many-cells.csv", f"{first}\n1,2,3,4\n".encode()),
        ("duplicate-columns.csv", f"{first},{first}\n1,2\n".encode()),
        ("../../etc/passwd", good),
        ("..\\..\\x.csv", good),
        ("\u202evsc.exe", good),
        ("😀.csv", good),
    ]


def _empty_zip() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w"):
        pass
    return buffer.getvalue()


def _workbook(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
