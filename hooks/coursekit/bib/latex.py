"""LaTeX in BibTeX values, read into text: one pass, no recursion, nothing raw left behind.

What a .bib file holds is a small part of LaTeX: accents (``{\\"u}``, ``\\'{e}``, ``\\c c``), special
letters and symbols (``\\o``, ``\\&``, ``--``), text commands (``\\emph``, ``\\textsc``, ``\\url``,
``\\mkbibquote``), declarations (``{\\em …}``), a little math (``$\\beta$``) and protective braces
(``{UN}``). ``read`` turns a value into

- ``text``: readable Unicode. Protective braces are kept (flattened to one level) because they mark
  words whose case must not change; a group that is only there for a special character
  (``{\\"u}``) or a command's argument leaves no brace. Literal braces (``\\{``) are dropped, so
  that every brace in ``text`` is a protective one.
- ``markup``: the same text as CSL-JSON rich text (HTML-escaped, with ``<i>``, ``<b>``, ``<sup>``,
  ``<sub>`` and ``<span style="font-variant:small-caps;">``, braces as in ``text``; and, beyond
  CSL-JSON, ``<a href>`` where ``\\url`` or ``\\href`` made a link, as pandoc's reader does), or None
  when the value has no such markup (the common case, so most entries carry none).
- ``unknown``: the commands it does not know. They are dropped, their braced arguments kept as
  text, and the caller reports them, so that nothing is lost without a word.

It follows what pandoc's LaTeX reader makes of the same value (emphasis, strong, small caps,
quotes, URLs), reading a few things better: an unknown command keeps its argument's text (pandoc
drops both), a bare ``%`` is a percent sign (pandoc starts a comment), math symbols become Unicode.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}
# Spacing forms, for an accent over nothing (\'{}).
_SPACING_ACCENTS = {"'": "´", "`": "`", "^": "^", '"': "¨", "~": "~", "=": "¯", ".": "˙", "u": "˘",
                    "v": "ˇ", "H": "˝", "c": "¸", "k": "˛", "r": "˚", "d": ".", "b": "_", "t": "⁀"}

SYMBOLS = {
    # Control symbols
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "", "}": "", " ": " ", ",": "\u2009",
    ";": " ", ":": " ", "!": "", "-": "", "/": "", "@": "", "\\": " ", "\n": " ", "\t": " ",
    # Letters
    "i": "ı", "j": "ȷ", "o": "ø", "O": "Ø", "ss": "ß", "SS": "SS", "aa": "å", "AA": "Å", "ae": "æ",
    "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
    "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    # Text symbols
    "ldots": "…", "dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "textquotesingle": "'", "textquotedbl": '"', "guillemotleft": "«", "guillemotright": "»",
    "guillemetleft": "«", "guillemetright": "»", "guilsinglleft": "‹", "guilsinglright": "›",
    "quotedblbase": "„", "quotesinglbase": "‚", "textbackslash": "\\", "textasciitilde": "~",
    "textasciicircum": "^", "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "textregistered": "®", "texttrademark": "™", "copyright": "©", "textcopyright": "©", "S": "§",
    "textsection": "§", "P": "¶", "textparagraph": "¶", "dag": "†", "ddag": "‡", "textdagger": "†",
    "textdaggerdbl": "‡", "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€", "textyen": "¥",
    "textcent": "¢", "textdollar": "$", "textdegree": "°", "texttimes": "×", "textdiv": "÷", "textpm": "±",
    "textperiodcentered": "·", "textbullet": "•", "textasciiacute": "´", "textasciidieresis": "¨",
    "textasciimacron": "¯", "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾",
    "textmu": "µ", "textordfeminine": "ª", "textordmasculine": "º", "textexclamdown": "¡",
    "textquestiondown": "¿", "textnumero": "№", "textvisiblespace": "␣", "slash": "/", "textslash": "/",
    "checkmark": "✓", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "TeX": "TeX", "BibTeX": "BibTeX",
    "relax": "", "space": " ", "nobreakspace": "\u00a0", "quad": " ", "qquad": " ", "enspace": " ",
    "thinspace": "\u2009", "hfill": " ", "par": " ", "newline": " ", "linebreak": " ", "break": " ",
    "allowbreak": "", "nobreak": "", "hyphen": "-", "textemdash*": "—",
    # Math symbols (also outside $…$: Zotero writes {$\\bullet$} but people write \\bullet too)
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ",
    "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "bullet": "•", "prime": "′",
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷", "leq": "≤", "le": "≤", "geq": "≥",
    "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝",
    "infty": "∞", "rightarrow": "→", "to": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦", "circ": "∘",
    "ast": "∗", "star": "⋆", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "cup": "∪",
    "cap": "∩", "emptyset": "∅", "varnothing": "∅", "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬",
    "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "cdots": "⋯", "ell": "ℓ", "hbar": "ħ",
    "degree": "°", "langle": "⟨", "rangle": "⟩", "lbrace": "", "rbrace": "", "vert": "|", "mid": "|",
    "log": "log", "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "max": "max",
    "min": "min", "lim": "lim", "arg": "arg", "det": "det", "dim": "dim", "ll": "≪", "gg": "≫",
    "oplus": "⊕", "otimes": "⊗", "perp": "⊥", "parallel": "∥", "angle": "∠", "triangle": "△",
    "Box": "□", "Diamond": "◇", "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ", "wp": "℘", "surd": "√",
    "textminus": "−", "setminus": "∖",
}
# One argument, rendered with markup (CSL-JSON rich text) or plainly.
STYLES = {
    "emph": "i", "textit": "i", "textsl": "i", "mkbibemph": "i", "mkbibitalic": "i", "mathit": "i",
    "textbf": "b", "mkbibbold": "b", "mathbf": "b", "boldsymbol": "b", "bm": "b",
    "textsc": "sc", "textsuperscript": "sup", "mkbibsuperscript": "sup", "textsubscript": "sub",
    "mkbibsubscript": "sub", "mkbibquote": "quote", "enquote": "quote", "textquote": "quote",
    "MakeUppercase": "upper", "uppercase": "upper", "MakeTextUppercase": "upper",
    "MakeLowercase": "lower", "lowercase": "lower", "MakeTextLowercase": "lower",
    "sqrt": "sqrt", "mkbibparens": "parens", "mkbibbrackets": "brackets",
}
for _plain in ("textsf", "texttt", "textrm", "textup", "textmd", "textnormal", "mbox", "hbox", "text",
               "mathrm", "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak", "mathscr", "ensuremath",
               "NoCaseChange", "nocase", "textnohyphenation", "foreignlanguage*", "emph*", "underline",
               "uline", "textlatin", "textgreek", "textcyrillic", "operatorname", "fbox", "makebox",
               "bibstring", "biblstring", "bibsstring"):
    STYLES[_plain] = "plain"
# Declarations: change the rest of their group.
DECLARATIONS = {
    "em": "i", "it": "i", "itshape": "i", "sl": "i", "slshape": "i", "bf": "b", "bfseries": "b",
    "sc": "sc", "scshape": "sc",
}
for _plain in ("rm", "sf", "tt", "rmfamily", "sffamily", "ttfamily", "upshape", "mdseries", "normalfont",
               "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge",
               "Huge", "selectfont", "protect", "bibsentence", "bibopenparen", "bibcloseparen"):
    DECLARATIONS[_plain] = "plain"
# Commands whose arguments print nothing: sorting tricks, spacing, invisible boxes, cross-references.
DROPPED = {"noopsort": 1, "SortNoop": 1, "sortnoop": 1, "nosort": 1, "vphantom": 1, "phantom": 1,
           "hphantom": 1, "hspace": 1, "hspace*": 1, "vspace": 1, "vspace*": 1, "label": 1, "index": 1,
           "nocite": 1, "kern": 0, "hskip": 0, "bibnamedelima": 0, "bibnamedelimb": 0, "bibnamedelimc": 0,
           "bibnamedelimd": 0, "bibnamedelimi": 0, "bibinitperiod": 0, "bibinitdelim": 0}
# A verbatim argument: read as written (a URL's "%" and "_" are not LaTeX).
VERBATIM = {"url": 1, "nolinkurl": 1, "path": 1, "href": 2, "doi": 1}
# ``\foreignlanguage{lang}{text}``, ``\hyphenation``…: the first argument is a setting, not text.
SETTING_THEN_TEXT = {"foreignlanguage", "textcolor", "colorbox", "hyperlink", "hyperref", "bibstring*"}

_LIGATURES = {"---": "—", "--": "–", "``": "“", "''": "”", "`": "‘"}
_WRAPS = {"quote": ("“", "”"), "parens": ("(", ")"), "brackets": ("[", "]"), "sqrt": ("√", "")}
_TAGS = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
         "sc": ('<span style="font-variant:small-caps;">', "</span>")}
_TOKEN = re.compile(r"\\(?:[A-Za-z]+\*?|.|\n|$)|[{}$~^_]|---?|``|''|[^\\{}$~^_\-`']+|.", re.DOTALL)
# Math operators keep the space after them ($\\log n$), which TeX's reading of words would swallow.
_OPERATORS = frozenset("log ln exp sin cos tan max min lim arg det dim".split())
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+\*?)[ \t\n]*")
_NEEDS_READING = re.compile(r"[\\{}$~^`]|--|''")
_ONLY_SIMPLE_GROUPS = re.compile(r"[\\$~^`]|--|''|\{[^{}]*\{|\}[^{}]*\}|\{\}")
_MARKUP_TAG = re.compile(r"(<[^>]+>|&[a-z]+;|&#\d+;)")


@dataclass(frozen=True)
class Text:
    text: str
    markup: str | None = None
    unknown: tuple[str, ...] = ()


class _Frame:
    """One open group: what it has produced so far, and what closing it does."""

    __slots__ = ("kind", "style", "plain", "rich", "math")

    def __init__(self, kind: str, style: str = "", math: bool = False):
        # "root", "group" (protective braces), "special" ({\\"u}), "math", "mathgroup", "decl"
        # ({\\em …}) or "arg:<kind>" (a command's argument)
        self.kind = kind
        self.style = style  # the markup or change applied when the frame closes
        self.plain: list[str] = []
        self.rich: list[str] = []
        self.math = math

    def add(self, text: str, rich: str | None = None) -> None:
        self.plain.append(text)
        self.rich.append(html.escape(text, quote=False) if rich is None else rich)


@lru_cache(maxsize=1 << 16)  # journals, publishers and names recur across entries
def read(value: str) -> Text:
    """``value`` (a field's text, @strings expanded, outer braces removed) as readable text."""
    if not _NEEDS_READING.search(value):
        return Text(value)
    if not _ONLY_SIMPLE_GROUPS.search(value) and value.count("{") == value.count("}"):
        # "{UN} and the {R2P}": braced words only, as most titles are ("{A}" protects a capital too).
        return Text(value)
    return _Reader(value).run()


def read_verbatim(value: str) -> str:
    """A URL, DOI or file name: escapes undone (``\\_`` → ``_``), braces, backslashes and ``\\url{}`` removed."""
    value = value.strip()
    match = re.fullmatch(r"\\(?:url|path|nolinkurl)\s*\{(.*)\}", value, re.DOTALL)
    if match:
        value = match.group(1)
    value = re.sub(r"\\([_%&#$~{}])", r"\1", value).replace("{", "").replace("}", "")
    # No address holds a backslash: an escape keeps its character, a line break (two of them) nothing.
    return re.sub(r"\\(.?)", lambda m: "" if m.group(1) in ("\\", "") else m.group(1), value).strip()


class _Reader:
    """Tokens in, text out; an explicit stack of open groups instead of recursion."""

    def __init__(self, value: str):
        self.value = value
        self.stack: list[_Frame] = [_Frame("root")]
        self.unknown: list[str] = []
        self.markup = False
        self.pending: list[tuple[str, str]] = []  # (kind, style) of the arguments still to read

    @property
    def top(self) -> _Frame:
        return self.stack[-1]

    def run(self) -> Text:
        value = self.value
        pos, end = 0, len(value)
        while pos < end:
            match = _TOKEN.match(value, pos)
            token = match.group()
            pos = match.end()
            if token.startswith("\\") and len(token) > 1 and token[1].isascii() and token[1].isalpha():
                word = _CONTROL_WORD.match(value, match.start())  # TeX skips the spaces after a word
                pos = self.command(word.group(1), word.end())
                if word.group(1) in _OPERATORS and word.end() > match.end() and self.top.math:
                    self.top.add(" ")
            elif token.startswith("\\"):
                pos = self.command(token[1:] or "\\", pos)
            elif token == "{":
                self.open_group(pos)
            elif token == "}":
                self.close_group()
            else:
                self.text(token)
        self.pending.clear()  # a command at the very end, waiting for an argument: nothing to print
        while len(self.stack) > 1:  # unbalanced braces are reported by the syntax check, not here
            self.close_group()
        root = self.top
        return Text("".join(root.plain), "".join(root.rich) if self.markup else None,
                    tuple(dict.fromkeys(self.unknown)))

    # -- Tokens ---------------------------------------------------------------------------------

    def text(self, token: str) -> None:
        if self.pending:  # a one-character argument: \c c, \'e, x^2
            self.argument_token(token)
            return
        frame = self.top
        if token == "$":
            if frame.math:
                self.close_math()
            else:
                self.stack.append(_Frame("math", math=True))
        elif token == "~":
            frame.add("\u00a0")
        elif token in ("^", "_") and frame.math:
            self.pending.append(("style", "sup" if token == "^" else "sub"))
        elif frame.math:
            for char in token:
                _math_add(frame, char)
        else:
            frame.add(_LIGATURES.get(token, token))

    def command(self, name: str, pos: int) -> int:
        """Act on ``\\name``; return where reading goes on (a verbatim argument is read here)."""
        if self.pending and name not in ACCENTS:
            self.argument_token("\\" + name)
        elif name in ACCENTS:
            self.pending.insert(0, ("accent", name))
        elif name in SYMBOLS and self.top.math and name not in _OPERATORS:
            for char in SYMBOLS[name]:
                _math_add(self.top, char)
        elif name in SYMBOLS:
            self.top.add(SYMBOLS[name])
        elif name in STYLES:
            self.pending.append(("style", STYLES[name]))
        elif name in DECLARATIONS:
            if DECLARATIONS[name] != "plain":
                self.stack.append(_Frame("decl", DECLARATIONS[name], math=self.top.math))
        elif name in VERBATIM:
            return self.verbatim(name, pos)
        elif name in DROPPED:
            self.pending.extend([("drop", name)] * DROPPED[name])
        elif name in SETTING_THEN_TEXT:
            self.pending.extend([("drop", name), ("style", "plain")])
        else:
            self.unknown.append("\\" + name)
            if self.value.startswith("{", pos):
                self.pending.append(("style", "plain"))  # its argument: text, not a protected word
        return pos

    def open_group(self, pos: int) -> None:
        if self.pending:
            kind, style = self.pending.pop(0)
            self.stack.append(_Frame("arg:" + kind, style, math=_math_argument(self.top.math, kind, style)))
        elif self.top.math:
            self.stack.append(_Frame("mathgroup", math=True))
        elif self.value.startswith("\\", pos):
            # BibTeX's "special character" ({\\"u}, {\\em x}, {\\l}): decoded, never braced.
            self.stack.append(_Frame("special"))
        else:
            self.stack.append(_Frame("group"))

    def close_group(self) -> None:
        while self.top.kind == "decl":  # a declaration ends with its group
            self.finish(self.stack.pop())
        if len(self.stack) > 1:  # else a stray '}': the syntax check reports it
            self.finish(self.stack.pop())

    def close_math(self) -> None:
        while self.top.kind == "decl":
            self.finish(self.stack.pop())
        if self.top.kind == "math":
            self.finish(self.stack.pop())

    def argument_token(self, token: str) -> None:
        """An argument that is one token, not a group: ``\\'e``, ``\\c c``, ``x^2``, ``\\'\\i``."""
        kind, style = self.pending.pop(0)
        frame = _Frame("arg:" + kind, style, math=_math_argument(self.top.math, kind, style))
        rest = ""
        if token.startswith("\\"):
            name = token[1:]
            if kind == "accent" and name in ("i", "j"):
                frame.add(name)
            elif name in SYMBOLS:
                frame.add(SYMBOLS[name])
            elif kind != "drop":
                self.unknown.append(token)
        else:
            frame.add(_LIGATURES.get(token[0], token[0]))
            rest = token[1:]
        self.stack.append(frame)
        self.finish(self.stack.pop())
        if rest:
            self.text(rest)

    def verbatim(self, name: str, pos: int) -> int:
        """``\\url{…}``: the argument as written. ``\\href{url}{text}``: its text, read as LaTeX."""
        value = self.value
        while pos < len(value) and value[pos] in " \t\n":
            pos += 1
        if not value.startswith("{", pos):
            return pos
        close = closing_brace(value, pos)
        if close == -1:
            return pos  # never closed: read on as LaTeX, the syntax check reports the brace
        address = read_verbatim(value[pos + 1:close])
        if name == "href":
            self.pending.append(("style", "link:" + address))  # the link's text follows as an argument
        elif name == "url":
            self.markup = True  # pandoc's reader makes it a link: the style prints it as one
            self.top.add(address, f'<a href="{html.escape(address)}">{html.escape(address, quote=False)}</a>')
        else:
            self.top.add(address)
        return close + 1

    # -- Closing a frame --------------------------------------------------------------------------

    def finish(self, frame: _Frame) -> None:
        parent = self.top
        plain, rich = "".join(frame.plain), "".join(frame.rich)
        kind, style = frame.kind, frame.style
        if kind == "group":
            braced = bool(plain) and not any(f.kind == "group" for f in self.stack)
            parent.add("{" + plain + "}" if braced else plain, "{" + rich + "}" if braced else rich)
        elif kind == "arg:drop":
            return
        elif kind == "arg:accent":
            parent.add(_accented(style, plain))
        elif kind == "math":
            # As pandoc's HTML shows TeX: variables in italics, operators spaced; no case change inside.
            self.markup = True
            lone = plain.strip()
            if len(lone) == 1 and lone in _MATH_OPERATORS:  # "$\\sim$" alone: no spaces around it
                plain, rich = lone, html.escape(lone, quote=False)
            parent.add(plain, f'<span class="math">{rich}</span>')
        elif style.startswith("link:"):
            self.markup = True
            parent.add(plain, f'<a href="{html.escape(style[5:])}">{rich}</a>')
        elif style in _TAGS:
            self.markup = True
            opening, closing = _TAGS[style]
            parent.add(plain, f"{opening}{rich}{closing}")
        elif style in _WRAPS:
            before, after = _WRAPS[style]
            parent.add(f"{before}{plain}{after}", f"{before}{rich}{after}")
        elif style == "upper":
            parent.add(plain.upper(), _case_rich(rich, str.upper))
        elif style == "lower":
            parent.add(plain.lower(), _case_rich(rich, str.lower))
        else:  # "special", "math", "mathgroup", a plain style
            parent.add(plain, rich)


# Binary operators and relations in math, spaced as pandoc prints them ("x + y", "n = 10").
_MATH_OPERATORS = frozenset("+=<>×÷±∓≤≥≠≈∼≃≡∝→←⇒⇐↔⇔↦∈∉∋⊂⊆⊃∪∩∧∨·∘⊕⊗−")
_GREEK_LOWER = frozenset("αβγδϵεζηθϑικλμνξπϖρϱσςτυϕφχψω")


def _math_add(frame: _Frame, char: str) -> None:
    """One character of math: a variable in italics, an operator with spaces ("−" for a minus, with
    none where it has nothing on its left), anything else as it is. TeX ignores spaces in math."""
    if char.isspace():
        return
    if char == "-":
        char = "−"
    if char in _MATH_OPERATORS:
        text = char if char in "+−" and not "".join(frame.plain).strip() else f" {char} "
        frame.add(text)
    elif ("a" <= char.lower() <= "z") or char in _GREEK_LOWER:
        frame.add(char, f"<i>{char}</i>")
    else:
        frame.add(char)


def _math_argument(in_math: bool, kind: str, style: str) -> bool:
    """Whether a command's argument is read as math: text (\\text, \\mathrm) and bold inside math are
    upright; super- and subscripts stay math."""
    return in_math and (kind != "style" or style in ("sup", "sub"))


def _accented(accent: str, base: str) -> str:
    if not base:
        return _SPACING_ACCENTS[accent]
    base = {"ı": "i", "ȷ": "j"}.get(base[0], base[0]) + base[1:]
    return unicodedata.normalize("NFC", base[0] + ACCENTS[accent]) + base[1:]


def _case_rich(rich: str, change) -> str:
    return "".join(part if _MARKUP_TAG.fullmatch(part) else change(part) for part in _MARKUP_TAG.split(rich))


BRACE_MARK = re.compile(r"\\.|[{}]", re.DOTALL)


def closing_brace(text: str, start: int) -> int:
    """The '}' closing the '{' at ``start``, or -1: a scan from mark to mark (an escaped brace is no
    mark), never recursive. The one brace matcher of the BibTeX reader."""
    depth = 0
    for match in BRACE_MARK.finditer(text, start):
        mark = match.group()
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
            if depth == 0:
                return match.start()
    return -1
