"""Fonts for certificates: finding them, registering them once, and picking a font per run of text.

ReportLab has no glyph fallback: Chinese set in a Latin font comes out as boxes, and a CJK font may
lack German punctuation („ ẞ). So every line is split into runs by "does this font have this glyph",
the Latin font first (it sets Latin letters, digits and German quotes properly) and the CJK font for
the rest. A character that no font has is never drawn as a box: invisible format characters are
dropped, symbols (emoji) are dropped and letters become '?', each with a warning the caller sees.

Only TrueType-outline fonts work (ReportLab cannot subset CFF fonts such as Noto CJK), so the
defaults are Debian's fonts-dejavu-core and fonts-wqy-microhei.

ReportLab is imported by the functions that register and measure fonts: the errors and ``describe`` are
used by modules every `flask` command loads, ReportLab only once something is drawn.
"""

import hashlib
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_FONT_ROOT = Path("/usr/share/fonts")

#: (regular, bold, Debian package) per Latin family, in order of preference; paths below the font root.
LATIN_CANDIDATES: tuple[tuple[str, str, str], ...] = (
    ("truetype/dejavu/DejaVuSans.ttf", "truetype/dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
    (
        "truetype/liberation2/LiberationSans-Regular.ttf",
        "truetype/liberation2/LiberationSans-Bold.ttf",
        "fonts-liberation2",
    ),
    (
        "truetype/liberation/LiberationSans-Regular.ttf",
        "truetype/liberation/LiberationSans-Bold.ttf",
        "fonts-liberation",
    ),
    ("truetype/noto/NotoSans-Regular.ttf", "truetype/noto/NotoSans-Bold.ttf", "fonts-noto-core"),
)
#: (path, subfont index, Debian package) of TrueType fonts with Simplified Chinese, best first.
CJK_CANDIDATES: tuple[tuple[str, int, str], ...] = (
    ("truetype/wqy/wqy-microhei.ttc", 0, "fonts-wqy-microhei"),
    ("truetype/wqy/wqy-zenhei.ttc", 0, "fonts-wqy-zenhei"),
    ("truetype/arphic/uming.ttc", 0, "fonts-arphic-uming"),
)
ELLIPSIS = "…"


class FontError(RuntimeError):
    """No usable font: the message says which Debian package (or setting) fixes it."""


class UnprintableText(ValueError):
    """Text that must be printed exactly (the holder's name) has a character we cannot draw as given."""

    def __init__(self, char: str, reason: str) -> None:
        super().__init__(f"{describe(char)} {reason}")
        self.char = char


@dataclass(frozen=True)
class FontPaths:
    """Where the three faces live; None means "look in the well-known Debian locations"."""

    latin: Path | None = None
    latin_bold: Path | None = None
    cjk: Path | None = None
    cjk_subfont_index: int = 0


@dataclass(frozen=True, eq=False)
class Face:
    """A registered font: its ReportLab name and the code points it really has a glyph for."""

    name: str
    path: Path
    coverage: frozenset[int] = field(repr=False)

    def has(self, char: str) -> bool:
        return ord(char) in self.coverage


@dataclass(frozen=True, eq=False)
class FontSet:
    """The faces a certificate uses; few on purpose, since every embedded subset costs ~18 KB."""

    latin: Face
    latin_bold: Face
    cjk: Face

    def faces(self, bold: bool) -> tuple[Face, ...]:
        """Faces in order of preference: Latin first, so „ “ ß and digits keep their Latin shapes."""
        return (self.latin_bold if bold else self.latin, self.cjk)


@dataclass(frozen=True)
class Run:
    """A stretch of text set in one font; `fake_bold` asks for a stroked outline (CJK has no bold face)."""

    text: str
    font: str
    fake_bold: bool = False


@dataclass(frozen=True)
class Shaped:
    """Text split into runs, plus a warning for every character that could not be set as given."""

    runs: tuple[Run, ...]
    warnings: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def find_fonts(config: FontPaths | None = None, *, font_root: Path = DEFAULT_FONT_ROOT) -> FontPaths:
    """Resolve configured or well-known font paths; raises FontError naming the package to install."""
    config = config or FontPaths()
    for configured in (config.latin, config.latin_bold, config.cjk):
        if configured is not None and not Path(configured).is_file():
            raise FontError(f"Configured certificate font {configured} does not exist.")
    latin, latin_bold = config.latin, config.latin_bold
    if latin is None:
        for regular, bold, _package in LATIN_CANDIDATES:
            if (font_root / regular).is_file():
                latin = font_root / regular
                if latin_bold is None and (font_root / bold).is_file():
                    latin_bold = font_root / bold
                break
        else:
            raise FontError(
                f"No Latin TrueType font found under {font_root}: install the Debian package "
                "fonts-dejavu-core (or configure a .ttf path)."
            )
    cjk, index = config.cjk, config.cjk_subfont_index
    if cjk is None:
        for path, index, _package in CJK_CANDIDATES:  # noqa: B007 - the index found is the one used
            if (font_root / path).is_file():
                cjk = font_root / path
                break
        else:
            raise FontError(
                f"No Chinese TrueType font found under {font_root}: install the Debian package "
                "fonts-wqy-microhei (Noto CJK will not do: ReportLab cannot embed its CFF outlines)."
            )
    return FontPaths(Path(latin), Path(latin_bold or latin), Path(cjk), index)


_LOCK = threading.Lock()
_LOADED: dict[FontPaths, FontSet] = {}


def load_fonts(config: FontPaths | None = None, *, font_root: Path = DEFAULT_FONT_ROOT) -> FontSet:
    """Register the certificate fonts once per process (a CJK font costs ~60 ms and ~30 MB) and return them."""
    paths = find_fonts(config, font_root=font_root)
    with _LOCK:
        if paths not in _LOADED:
            assert paths.latin and paths.latin_bold and paths.cjk
            latin = _register("latin", paths.latin, 0)
            bold = latin if paths.latin_bold == paths.latin else _register("bold", paths.latin_bold, 0)
            cjk = _register("cjk", paths.cjk, paths.cjk_subfont_index)
            _LOADED[paths] = FontSet(latin=latin, latin_bold=bold, cjk=cjk)
        return _LOADED[paths]


def _register(role: str, path: Path, subfont_index: int) -> Face:
    """Register one TrueType font under a name unique to its file, so two configurations never clash."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    digest = hashlib.sha256(f"{path}:{subfont_index}".encode()).hexdigest()[:8]
    name = f"CV-{role}-{digest}"
    try:
        font = TTFont(name, str(path), subfontIndex=subfont_index)
    except (TTFError, OSError) as error:
        raise FontError(
            f"Cannot use {path} for certificates ({error}). ReportLab needs TrueType outlines: "
            "install fonts-dejavu-core and fonts-wqy-microhei."
        ) from error
    pdfmetrics.registerFont(font)
    coverage = frozenset(code for code, glyph in font.face.charToGlyph.items() if glyph)
    return Face(name=name, path=path, coverage=coverage)


def describe(char: str) -> str:
    """A character for messages: U+20BB7 (CJK UNIFIED IDEOGRAPH-20BB7)."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed character')})"


def needs_shaping(char: str) -> bool:
    """Right-to-left letters and combining marks: ReportLab has neither bidi reordering, nor joining, nor
    mark positioning, so such text would come out reversed, unjoined or with misplaced accents."""
    return unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.category(char).startswith("M")


def unprintable(text: str, faces: Sequence[Face]) -> UnprintableText | None:
    """Why ``text`` cannot be drawn exactly (its first such character), or None; for the holder's name,
    which is never printed with a '?', a dropped character or unshaped script."""
    for char in unicodedata.normalize("NFC", text):
        if char.isspace():
            continue
        if _invisible(char) or unicodedata.category(char) == "Cc":
            return UnprintableText(char, "is invisible and would be left out")
        if needs_shaping(char):
            return UnprintableText(char, "needs text shaping the certificate renderer does not do")
        if not any(face.has(char) for face in faces):
            return UnprintableText(char, "has no glyph in the certificate fonts")
    return None


def _invisible(char: str) -> bool:
    """Format characters (ZWJ, variation selectors, soft hyphen…) carry no ink of their own."""
    code = ord(char)
    return unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def shape(text: str, faces: Sequence[Face], *, fake_bold_after_first: bool = False) -> Shaped:
    """Split text into runs by glyph coverage, collapsing whitespace; never leaves a character to a box.

    :param faces: fonts in order of preference; spaces and combining marks stay in the current font.
    :param fake_bold_after_first: mark runs in the later faces for a stroked "bold" (CJK fonts have none).
    """
    chars: list[tuple[str, Face]] = []
    warnings: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if _invisible(char):
            continue
        current = chars[-1][1] if chars else None
        if char.isspace() or unicodedata.category(char) == "Cc":
            if chars and chars[-1][0] != " ":
                chars.append((" ", current if current and current.has(" ") else faces[0]))
            continue
        if unicodedata.category(char).startswith("M") and current and current.has(char):
            chars.append((char, current))
            continue
        face = next((face for face in faces if face.has(char)), None)
        if face is not None:
            chars.append((char, face))
            continue
        described = describe(char)
        if unicodedata.category(char)[0] in "LN":
            warnings.append(f"{described} has no glyph in the certificate fonts; printed as '?'")
            chars.append(("?", faces[0]))
        else:
            warnings.append(f"{described} has no glyph in the certificate fonts; left out")
    while chars and chars[-1][0] == " ":
        chars.pop()
    runs: list[Run] = []
    for char, face in chars:
        if runs and runs[-1].font == face.name:
            runs[-1] = Run(runs[-1].text + char, face.name, runs[-1].fake_bold)
        else:
            runs.append(Run(char, face.name, fake_bold_after_first and face is not faces[0]))
    return Shaped(tuple(runs), tuple(warnings))


def width(runs: Sequence[Run], size: float) -> float:
    """Width in points of runs set at `size`."""
    from reportlab.pdfbase import pdfmetrics

    return sum(pdfmetrics.stringWidth(run.text, run.font, size) for run in runs)


@dataclass(frozen=True)
class Fitted:
    """Text fitted into a width: one or two lines of runs at one font size."""

    lines: tuple[tuple[Run, ...], ...]
    size: float
    warnings: tuple[str, ...]
    #: True when the text did not fit even at min_size and was cut with '…'.
    cut: bool = False


def fit(
    text: str,
    fonts: FontSet,
    *,
    max_width: float,
    size: float,
    min_size: float,
    bold: bool = False,
    max_lines: int = 2,
    wrapped_min_size: float | None = None,
) -> Fitted:
    """Fit text into max_width: shrink down to min_size, then wrap onto two lines, then cut with '…'.

    The result never exceeds max_width, whatever the text (long names, mixed scripts, emoji).
    :param wrapped_min_size: how small two lines may get before the text is cut (default: min_size).
    """
    shaped = shape(text, fonts.faces(bold), fake_bold_after_first=bold)
    runs, warnings = shaped.runs, list(shaped.warnings)
    unit = width(runs, 1.0)
    if unit * size <= max_width or not runs:
        return Fitted((runs,), size, tuple(warnings))
    if unit * min_size <= max_width or max_lines < 2:
        fitted_size = max(min_size, _floor(max_width / unit))
        if unit * fitted_size > max_width:
            warnings.append(f"{shaped.text!r} was cut to fit the certificate")
            return Fitted((_truncate(runs, fonts, max_width, min_size),), min_size, tuple(warnings), cut=True)
        return Fitted((runs,), fitted_size, tuple(warnings))
    first, second = _split(runs, fonts)
    widest = max(width(first, 1.0), width(second, 1.0))
    two_line_size = max(wrapped_min_size or min_size, min(size * 0.8, _floor(max_width / widest)))
    lines = (first, second)
    cut = widest * two_line_size > max_width
    if cut:
        warnings.append(f"{shaped.text!r} was cut to fit the certificate")
        lines = (
            _truncate(first, fonts, max_width, two_line_size),
            _truncate(second, fonts, max_width, two_line_size),
        )
    return Fitted(lines, two_line_size, tuple(warnings), cut)


def _floor(size: float) -> float:
    """Round a font size down to a quarter point, so measured text stays within its width."""
    return int(size * 4) / 4


def _split(runs: tuple[Run, ...], fonts: FontSet) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """Break runs into two lines at the break nearest the middle: a space, after a hyphen or a slash (URLs),
    or between CJK characters."""
    from reportlab.pdfbase import pdfmetrics

    chars = [(char, run) for run in runs for char in run.text]
    total = width(runs, 1.0)
    best, best_distance = len(chars) // 2, float("inf")
    so_far = 0.0
    for index, (char, run) in enumerate(chars[:-1]):
        so_far += pdfmetrics.stringWidth(char, run.font, 1.0)
        following = chars[index + 1]
        breakable = (
            following[0] == " "
            or char in "-/"
            or (run.font == fonts.cjk.name and following[1].font == run.font)
        )
        if breakable and abs(so_far - total / 2) < best_distance:
            best, best_distance = index + 1, abs(so_far - total / 2)
    return _regroup(chars[:best]), _regroup(chars[best:])


def _regroup(chars: list[tuple[str, Run]]) -> tuple[Run, ...]:
    """Join (char, run) pairs back into runs, dropping spaces at either end of the line."""
    while chars and chars[0][0] == " ":
        chars = chars[1:]
    while chars and chars[-1][0] == " ":
        chars = chars[:-1]
    runs: list[Run] = []
    for char, run in chars:
        if runs and runs[-1].font == run.font and runs[-1].fake_bold == run.fake_bold:
            runs[-1] = Run(runs[-1].text + char, run.font, run.fake_bold)
        else:
            runs.append(Run(char, run.font, run.fake_bold))
    return tuple(runs)


def _truncate(runs: tuple[Run, ...], fonts: FontSet, max_width: float, size: float) -> tuple[Run, ...]:
    """Drop characters from the end until the line plus '…' fits."""
    chars = [(char, run) for run in runs for char in run.text]
    ellipsis_font = next(face for face in (fonts.latin, fonts.cjk) if face.has(ELLIPSIS))
    ellipsis = Run(ELLIPSIS, ellipsis_font.name)
    while chars:
        candidate = _regroup(chars) + (ellipsis,)
        if width(candidate, size) <= max_width:
            return candidate
        chars = chars[:-1]
    return (ellipsis,)


def main(font_root: Path = DEFAULT_FONT_ROOT) -> int:
    """`python -m app.fonts` (run by `make run`): are the certificate fonts installed?"""
    try:
        paths = find_fonts(font_root=font_root)
    except FontError as error:
        print(
            f"Certificate fonts: {error}\n  Debian/Ubuntu: sudo apt-get install fonts-dejavu-core fonts-wqy-microhei"
        )
        return 1
    print(f"Certificate fonts: {paths.latin.name}, {paths.cjk.name}")  # type: ignore[union-attr]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
