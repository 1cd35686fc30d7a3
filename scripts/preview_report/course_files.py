"""Compare the course files of the two checkouts: the bibliography field by field, the notes maps,
the reading guides and course path, and the glossary.

The BibTeX files are read with the head checkout's engine (``hooks/coursekit/bib/bibtex.py``), the
YAML files with PyYAML. Where either cannot be loaded (a head whose engine does not import, a file
that does not parse), that part is reported as not compared and the rest goes on: the works are then
compared as the two builds render them.
"""

from __future__ import annotations

import importlib
import json
import sys
from difflib import SequenceMatcher
from pathlib import Path

from .site import Site

# The settings of course/course.yml this reads, with the engine's defaults (CONTRIBUTING, "Course settings").
CONFIG_FILE = "course/course.yml"
DEFAULTS = {"bibliography": "bibliography/*.bib", "notes": "bibliography/notes",
            "glossary": "course/glossary.yml", "guides": "course/guides.yml"}
IDENTIFIERS = ("id", "key", "title", "term")  # what names an item of a list, in this order


class Unreadable(Exception):
    """A course file (or the engine) that could not be read: reported, not compared."""


def _yaml():
    try:
        return importlib.import_module("yaml")
    except ImportError as exc:
        raise Unreadable("PyYAML is not installed: run the summary with the project's .venv") from exc


def _read_yaml(path: Path, shown: str):
    yaml = _yaml()
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise Unreadable(f"{shown}: cannot read it ({exc.strerror})") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise Unreadable(f"{shown}: not valid YAML ({str(exc).splitlines()[0]})") from exc


def settings(root: Path) -> dict:
    path = root / CONFIG_FILE
    data = _read_yaml(path, CONFIG_FILE) if path.exists() else {}
    found = dict(DEFAULTS)
    if isinstance(data, dict):
        found.update({k: v for k, v in data.items() if k in DEFAULTS and v})
    return found


# -- A structural diff of two YAML values ---------------------------------------------------------

def _name_of(item) -> str | None:
    if isinstance(item, dict):
        for field in IDENTIFIERS:
            if isinstance(item.get(field), (str, int)) and str(item[field]):
                return str(item[field])
    return None


def show(value) -> str:
    """A value as one line: a named item by its name, a list joined, anything else as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (int, float, bool)):
        return str(value)
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict) and (value.get("title") or value.get("term") or _name_of(value)):
        return show(value.get("title") or value.get("term") or _name_of(value))
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def data_changes(old, new, path: tuple = ()) -> list[tuple[tuple, object, object]]:
    """(path, old, new) for each difference; lists of named items are matched by name, other lists
    item by item in order."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in list(old) + [k for k in new if k not in old]:
            out += data_changes(old.get(key), new.get(key), (*path, str(key)))
        return out
    if isinstance(old, list) and isinstance(new, list):
        return _list_changes(old, new, path)
    if show(old) == show(new) and (old is None) == (new is None):
        return []
    return [(path, old, new)]


def _list_changes(old: list, new: list, path: tuple) -> list:
    names_old = [_name_of(i) for i in old]
    names_new = [_name_of(i) for i in new]
    named = names_old + names_new
    if named and all(named) and len(set(names_old)) == len(old) and len(set(names_new)) == len(new):
        before = dict(zip(names_old, old))
        after = dict(zip(names_new, new))
        out = []
        for name in names_old + [n for n in names_new if n not in before]:
            if name not in after:
                out.append(((*path, name), before[name], None))
            elif name not in before:
                out.append(((*path, name), None, after[name]))
            else:
                out += data_changes(before[name], after[name], (*path, name))
        return out
    a, b = [show(i) for i in old], [show(i) for i in new]
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            out += [((*path,), old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        out += [((*path,), old[i], None) for i in range(i1, i2)]
        out += [((*path,), None, new[j]) for j in range(j1, j2)]
    return out


def _row(what: str, old, new, place: tuple[str, str] = ("", "")) -> dict:
    kind = "changed" if old is not None and new is not None else "added" if new is not None else "removed"
    return {"what": what, "kind": kind, "old": None if old is None else show(old),
            "new": None if new is None else show(new), "url": place[0], "anchor": place[1]}


# -- Bibliography -------------------------------------------------------------------------------

def _engine(head_root: Path):
    hooks = str(head_root / "hooks")
    if hooks not in sys.path:
        sys.path.insert(0, hooks)
    try:
        return importlib.import_module("coursekit.bib.bibtex")
    except Exception as exc:  # any failure of the head's engine is a report line, not a crash
        raise Unreadable(f"the head's engine does not load ({type(exc).__name__}: {exc})") from exc


def _bib_paths(root: Path, setting) -> list[tuple[Path, str]]:
    """The .bib files a ``bibliography`` setting names: a path, a glob pattern or a list of them."""
    out = []
    for pattern in map(str, setting if isinstance(setting, list) else [setting]):
        if set("*?[") & set(pattern):
            out += [(p, p.relative_to(root).as_posix()) for p in sorted(root.glob(pattern)) if p.is_file()]
        else:
            out.append((root / pattern, pattern))
    return out


def _person(name) -> str:
    if getattr(name, "literal", False):
        return name.family
    family = " ".join(p for p in (getattr(name, "particle", ""), name.family) if p)
    parts = [family, getattr(name, "given", ""), getattr(name, "suffix", "")]
    return ", ".join(p for p in parts if p)


def _entry_fields(entry) -> dict[str, str]:
    fields = {"type": entry.type, **entry.fields}
    for role in ("author", "editor"):
        names = getattr(entry, role + "s", None)
        if names:
            fields[role] = "; ".join(_person(n) for n in names)
    return fields


def _same_files(old: list[tuple[Path, str]], new: list[tuple[Path, str]]) -> bool:
    def content(files: list[tuple[Path, str]]) -> list[tuple[str, bytes | None]]:
        return [(shown, path.read_bytes() if path.is_file() else None) for path, shown in files]

    return content(old) == content(new)


def _entries(bibtex, files: list[tuple[Path, str]], side: str) -> dict[str, dict[str, str]]:
    entries: dict[str, dict[str, str]] = {}
    for path, shown in files:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            if side == "base" and not path.exists():
                continue  # a bibliography the pull request adds
            raise Unreadable(f"{shown} ({side}): cannot read it ({exc.strerror})") from exc
        try:
            parsed = bibtex.parse_text(raw.decode("utf-8-sig", errors="replace"), shown)
        except Exception as exc:
            raise Unreadable(f"{shown} ({side}): the engine could not parse it ({type(exc).__name__}: {exc})") from exc
        for key, entry in parsed.entries.items():
            entries.setdefault(key, _entry_fields(entry))
    return entries


def works(base_root: Path, head_root: Path, base_site: Site, head_site: Site, unavailable: list[str]) -> dict:
    """Works added, removed and changed (field by field, and as rendered), each placed at its entry."""
    old_refs = {k: text for k, (_, text) in base_site.references().items()}
    new_refs = head_site.references()
    try:
        if base_root is None or head_root is None:
            raise Unreadable("the two checkouts were not given (--base-root, --head-root)")
        old_files = _bib_paths(base_root, settings(base_root)["bibliography"])
        new_files = _bib_paths(head_root, settings(head_root)["bibliography"])
        if _same_files(old_files, new_files):  # no entry changed: only how they print may have
            old = new = {key: {} for key in new_refs.keys() | old_refs.keys()}
        else:
            bibtex = _engine(head_root)
            old = _entries(bibtex, old_files, "base")
            new = _entries(bibtex, new_files, "head")
        compared = "fields"
    except Unreadable as exc:
        unavailable.append(f"works compared as rendered only: {exc}")
        old = {k: {} for k in old_refs}
        new = {k: {} for k in new_refs}
        compared = "rendered"

    def place(key: str) -> tuple[str, str]:
        return head_site.place(new_refs[key][0], key) if key in new_refs else ("", "")

    added = [{"key": k, "reference": new_refs.get(k, ("", ""))[1], "url": place(k)[0], "anchor": place(k)[1]}
             for k in sorted(new.keys() - old.keys())]
    removed = [{"key": k, "reference": old_refs.get(k, "")} for k in sorted(old.keys() - new.keys())]
    changed = []
    for key in sorted(old.keys() & new.keys()):
        fields = [{"field": name, "old": old[key].get(name), "new": new[key].get(name)}
                  for name in list(old[key]) + [n for n in new[key] if n not in old[key]]
                  if old[key].get(name) != new[key].get(name)]
        before, after = old_refs.get(key, ""), new_refs.get(key, ("", ""))[1]
        if fields or before != after:
            url, anchor = place(key)
            changed.append({"key": key, "fields": fields, "url": url, "anchor": anchor,
                            "reference": {"old": before, "new": after}})
    return {"compared": compared, "added": added, "removed": removed, "changed": changed}


# -- Notes maps, guides, glossary --------------------------------------------------------------

def hosted_url(src_uri: str) -> str:
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def chapters_of_sources(root: Path) -> dict[str, str]:
    """Each source key → the hosted URL of the chapter that summarises it (its front matter)."""
    yaml = _yaml()
    out: dict[str, str] = {}
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        if not text.startswith("---"):
            continue
        front = text.split("\n---", 1)[0][3:]
        try:
            data = yaml.safe_load(front)
        except yaml.YAMLError:
            continue
        source = data.get("source") if isinstance(data, dict) else None
        for key in source if isinstance(source, list) else [source] if source else []:
            out.setdefault(str(key), hosted_url(path.relative_to(docs).as_posix()))
    return out


def notes_maps(base_root: Path, head_root: Path, head_site: Site) -> list[dict]:
    old_dir, new_dir = base_root / settings(base_root)["notes"], head_root / settings(head_root)["notes"]
    names = sorted({p.name for d in (old_dir, new_dir) if d.is_dir() for p in d.glob("*.yml")})
    changed = [n for n in names if _bytes(old_dir / n) != _bytes(new_dir / n)]  # most are the same
    chapters = chapters_of_sources(head_root) if changed else {}
    shown_dir = settings(head_root)["notes"]
    out = []
    for name in changed:
        shown = f"{shown_dir}/{name}"
        old = _read_yaml(old_dir / name, shown) if (old_dir / name).exists() else None
        new = _read_yaml(new_dir / name, shown) if (new_dir / name).exists() else None
        source = str((new or old or {}).get("source", "")) if isinstance(new or old, dict) else ""
        chapter = chapters.get(source, "")
        rows = []
        if old is None or new is None:
            rows.append(_row("notes map", None if old is None else shown, None if new is None else shown,
                             head_site.place(chapter, "notes-in-this-source")))
        else:
            for path, before, after in data_changes(old, new):
                if path[:1] == ("notes",) and len(path) > 1:
                    what, anchor = f"note {path[1]}", f"note-{path[1]}"
                else:
                    what, anchor = " › ".join(path) or "notes map", "notes-in-this-source"
                place = head_site.place(chapter, anchor)
                if chapter and not place[1]:
                    place = head_site.place(chapter, "notes-in-this-source")
                rows.append(_row(what, before, after, place))
        if rows:
            out.append({"file": shown, "source": source, "changes": rows})
    return out


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _yaml_pair(base_root: Path, head_root: Path, name: str) -> tuple[object, object, str]:
    shown = settings(head_root)[name]
    old_path, new_path = base_root / settings(base_root)[name], head_root / shown
    old = _read_yaml(old_path, f"{shown} (base)") if old_path.exists() else None
    new = _read_yaml(new_path, f"{shown} (head)") if new_path.exists() else None
    return old, new, shown


def guides(base_root: Path, head_root: Path, head_site: Site) -> list[dict]:
    old, new, _ = _yaml_pair(base_root, head_root, "guides")
    rows = []
    for path, before, after in data_changes(old or {}, new or {}):
        if path[:1] == ("themes",) and len(path) > 1:
            what = " › ".join((f"guide '{path[1]}'", *path[2:]))
            place = head_site.place(f"guides/{path[1]}/")
        elif path[:1] == ("sessions",) and len(path) > 1:
            what = " › ".join(("course path", path[1], *path[2:]))
            place = head_site.heading(path[1], prefer="course-path") if after is not None or len(path) > 2 else ("", "")
            if not place[0]:
                place = head_site.place("course-path/")
        else:
            what, place = " › ".join(path) or "guides", ("", "")
        rows.append(_row(what, before, after, place))
    return rows


def glossary(base_root: Path, head_root: Path, head_site: Site) -> list[dict]:
    old, new, _ = _yaml_pair(base_root, head_root, "glossary")
    rows = []
    for path, before, after in data_changes(old or [], new or []):
        term = path[0] if path else ""
        place = head_site.find_id(term, prefer="glossary") if term else ("", "")
        rows.append(_row(" › ".join((f"term '{term}'", *path[1:])) if term else "glossary", before, after, place))
    return rows


def compare(base_root: Path | None, head_root: Path | None, base_site: Site, head_site: Site) -> dict:
    """Works, notes maps, guides and glossary; what could not be compared is said in ``unavailable``."""
    unavailable: list[str] = []
    out = {"works": works(base_root, head_root, base_site, head_site, unavailable)}
    for name, compare_part in (("notes", notes_maps), ("guides", guides), ("glossary", glossary)):
        out[name] = []
        if base_root is None or head_root is None:
            continue
        try:
            out[name] = compare_part(base_root, head_root, head_site)
        except Unreadable as exc:
            unavailable.append(f"{name} not compared: {exc}")
    if base_root is None or head_root is None:
        unavailable.append("notes maps, guides and glossary not compared: the two checkouts were not given "
                           "(--base-root, --head-root)")
    out["unavailable"] = unavailable
    return out
