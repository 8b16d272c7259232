"""docs/openapi.yaml must describe the HTTP API the code registers, no more and no less.

Static checks only (no server): the routes are read from the C++ sources with regular
expressions and the document with the small YAML reader below, so the Debian python3 with
pytest and the standard library is enough. When PyYAML happens to be importable, the reader's
result is also compared with yaml.safe_load, which keeps the reader honest.

What is checked:
  * every R.Add("METHOD", "/path", ...) in src/http/*.cc (and the special-cased /healthz) is an
    operation of the document, and every operation of the document is registered in the code;
  * the query parameters each handler reads (req.Query, QueryId, QueryLimit, DecodeCursor, ...)
    are exactly the documented ones, and path parameters match the {name} segments;
  * the body fields each handler reads with FieldReader are exactly the documented request
    properties, with the same required fields and enum values;
  * the keys written by the ToJson encoders of src/http/json_io.cc are documented properties
    of the matching schema, and every required property is written;
  * the enums of the document equal the wire names in src/domain/enums.cc;
  * operationIds are unique, every $ref resolves, security is bearerAuth under /api/v1 (except
    /api/v1/public/...) and none elsewhere.
"""

import json
import pathlib
import re

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "openapi.yaml"
HTTP_SRC = REPO / "src" / "http"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


# --------------------------------------------------------------------------------------------
# A reader for the plain subset of YAML the document is written in: block mappings and
# sequences (2-space steps), plain / 'single' / "double" quoted scalars, one-line flow
# collections ([a, b], {k: v}) and block scalars (|, |-, >, >-) without more-indented lines.
# Anything else is an error naming the line, never a silent misreading.


class SubsetYamlError(ValueError):
    pass


_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?([0-9]+)?\.[0-9]+([eE][-+][0-9]+)?$")
_AMBIGUOUS_RE = re.compile(
    r"^([-+]?0[0-9_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[-+]?[0-9][0-9_]*_[0-9_]*|0x[0-9a-fA-F_]+|0b[01_]+|<<)$")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False, "yes": True, "Yes": True, "YES": True, "no": False, "No": False,
          "NO": False, "on": True, "On": True, "ON": True, "off": False, "Off": False,
          "OFF": False}
_NULLS = {"", "~", "null", "Null", "NULL"}


def _plain(text, where):
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT_RE.match(text):
        return int(text)
    if _FLOAT_RE.match(text):
        return float(text)
    if _AMBIGUOUS_RE.match(text):
        raise SubsetYamlError(f"{where}: quote the scalar {text!r} (YAML would resolve it specially)")
    if text[0] in "&*!|>%@`\"'" or " #" in text or text.startswith("#"):
        raise SubsetYamlError(f"{where}: unsupported plain scalar {text!r}")
    if text.startswith(("- ", "? ", ": ")) or ": " in text or text.endswith(":"):
        raise SubsetYamlError(f"{where}: a plain scalar cannot hold ': ' ({text!r}); quote it")
    return text


def _single_quoted(text, pos, where):
    """Parses 'abc''d' starting at text[pos] == "'"; returns (value, next position)."""
    out = []
    i = pos + 1
    while True:
        j = text.find("'", i)
        if j < 0:
            raise SubsetYamlError(f"{where}: unterminated single-quoted scalar")
        out.append(text[i:j])
        if j + 1 < len(text) and text[j + 1] == "'":
            out.append("'")
            i = j + 2
            continue
        return "".join(out), j + 1


def _double_quoted(text, pos, where):
    i = pos + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            try:
                return json.loads(text[pos:i + 1]), i + 1
            except ValueError as e:
                raise SubsetYamlError(f"{where}: unsupported double-quoted scalar: {e}") from None
        i += 1
    raise SubsetYamlError(f"{where}: unterminated double-quoted scalar")


def _flow(text, pos, where):
    """Parses a flow collection or scalar at text[pos]; returns (value, next position)."""
    def skip(p):
        while p < len(text) and text[p] == " ":
            p += 1
        return p

    pos = skip(pos)
    if pos >= len(text):
        raise SubsetYamlError(f"{where}: unexpected end of a flow collection")
    c = text[pos]
    if c == "[":
        out = []
        pos = skip(pos + 1)
        if text[pos:pos + 1] == "]":
            return out, pos + 1
        while True:
            v, pos = _flow(text, pos, where)
            out.append(v)
            pos = skip(pos)
            if text[pos:pos + 1] == ",":
                pos += 1
                continue
            if text[pos:pos + 1] == "]":
                return out, pos + 1
            raise SubsetYamlError(f"{where}: expected , or ] in a flow sequence")
    if c == "{":
        out = {}
        pos = skip(pos + 1)
        if text[pos:pos + 1] == "}":
            return out, pos + 1
        while True:
            k, pos = _flow(text, pos, where)
            pos = skip(pos)
            if text[pos:pos + 1] != ":":
                raise SubsetYamlError(f"{where}: expected : in a flow mapping")
            v, pos = _flow(text, pos + 1, where)
            if k in out:
                raise SubsetYamlError(f"{where}: duplicate key {k!r}")
            out[k] = v
            pos = skip(pos)
            if text[pos:pos + 1] == ",":
                pos += 1
                continue
            if text[pos:pos + 1] == "}":
                return out, pos + 1
            raise SubsetYamlError(f"{where}: expected , or }} in a flow mapping")
    if c == "'":
        return _single_quoted(text, pos, where)
    if c == '"':
        return _double_quoted(text, pos, where)
    end = pos
    while end < len(text) and text[end] not in ",[]{}" and not (
            text[end] == ":" and (end + 1 == len(text) or text[end + 1] in " ,]}")):
        end += 1
    return _plain(text[pos:end].strip(), where), end


def _scalar_or_flow(text, where):
    if text[0] in "[{'\"":
        value, end = _flow(text, 0, where)
        if text[end:].strip():
            raise SubsetYamlError(f"{where}: unexpected text after a value: {text[end:]!r}")
        return value
    return _plain(text, where)


def _split_key(text, where):
    """'key: rest' → (key, rest) for a plain or single-quoted key; None when not a key."""
    if text.startswith("'"):
        key, end = _single_quoted(text, 0, where)
        if text[end:end + 1] != ":" or (end + 1 < len(text) and text[end + 1] != " "):
            return None
        return key, text[end + 1:].strip()
    if text[0] in "[{\"&*!|>%@`#?-":
        return None
    m = re.match(r"^([^:]*?):(?: +(.*))?$", text)
    if not m:
        return None
    return _plain(m.group(1).strip(), where), (m.group(2) or "").strip()


class _Reader:
    def __init__(self, text):
        self.lines = text.split("\n")
        self.i = 0

    def where(self, i=None):
        return f"docs/openapi.yaml line {(self.i if i is None else i) + 1}"

    def peek(self):
        while self.i < len(self.lines):
            line = self.lines[self.i].rstrip()
            stripped = line.strip()
            if stripped == "" or stripped.startswith("#"):
                self.i += 1
                continue
            lead = line[:len(line) - len(line.lstrip())]
            if "\t" in lead:
                raise SubsetYamlError(f"{self.where()}: tab in indentation")
            if stripped.startswith(("---", "...")) and not lead:
                raise SubsetYamlError(f"{self.where()}: document markers are not supported")
            return len(lead), stripped
        return None

    def document(self):
        first = self.peek()
        if first is None:
            return None
        value = self.block(first[0])
        rest = self.peek()
        if rest is not None:
            raise SubsetYamlError(f"{self.where()}: unexpected indentation")
        return value

    def block(self, indent):
        _, text = self.peek()
        if text == "-" or text.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent, {})

    def value_after_key(self, rest, indent):
        if rest == "":
            nxt = self.peek()
            if nxt is None or nxt[0] <= indent:
                return None
            return self.block(nxt[0])
        if rest in ("|", "|-", ">", ">-"):
            return self.block_scalar(rest, indent)
        return _scalar_or_flow(rest, self.where(self.i - 1))

    def mapping(self, indent, out):
        while True:
            nxt = self.peek()
            if nxt is None or nxt[0] < indent:
                return out
            if nxt[0] > indent:
                raise SubsetYamlError(f"{self.where()}: unexpected indentation")
            kv = _split_key(nxt[1], self.where())
            if kv is None:
                raise SubsetYamlError(f"{self.where()}: expected 'key: value'")
            key, rest = kv
            if key in out:
                raise SubsetYamlError(f"{self.where()}: duplicate key {key!r}")
            self.i += 1
            out[key] = self.value_after_key(rest, indent)

    def sequence(self, indent):
        out = []
        while True:
            nxt = self.peek()
            if nxt is None or nxt[0] < indent:
                return out
            text = nxt[1]
            if nxt[0] > indent or not (text == "-" or text.startswith("- ")):
                raise SubsetYamlError(f"{self.where()}: expected '- item'")
            rest = text[1:].lstrip(" ")
            item_indent = indent + len(text) - len(rest)
            self.i += 1
            if rest == "":
                after = self.peek()
                out.append(None if after is None or after[0] <= indent else self.block(after[0]))
                continue
            kv = _split_key(rest, self.where(self.i - 1))
            if kv is None:
                out.append(_scalar_or_flow(rest, self.where(self.i - 1)))
                continue
            key, value_text = kv
            item = {key: self.value_after_key(value_text, item_indent)}
            out.append(self.mapping(item_indent, item))

    def block_scalar(self, style, parent_indent):
        start = self.i
        raw = []
        while self.i < len(self.lines):
            line = self.lines[self.i].rstrip()
            if line.strip() and len(line) - len(line.lstrip(" ")) <= parent_indent:
                break
            raw.append(line)
            self.i += 1
        while raw and not raw[-1].strip():
            raw.pop()
        if not raw:
            return ""
        block_indent = min(len(x) - len(x.lstrip(" ")) for x in raw if x.strip())
        body = [x[block_indent:] if x.strip() else "" for x in raw]
        if style.startswith("|"):
            text = "\n".join(body)
        else:
            for n, x in enumerate(body):
                if x.startswith((" ", "\t")):
                    raise SubsetYamlError(
                        f"{self.where(start + n)}: more-indented lines in a folded scalar")
            text, breaks, first = "", 0, True
            for x in body:
                if not x:
                    breaks += 1
                    continue
                text += x if first else ("\n" * breaks if breaks else " ") + x
                first, breaks = False, 0
        return text if style.endswith("-") else text + "\n"


def load_subset_yaml(text):
    return _Reader(text).document()


# --------------------------------------------------------------------------------------------
# The code side


def _strip_comments(src):
    """C++ source without // and /* */ comments (string literals kept intact)."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        elif src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _balanced(src, open_pos):
    """The text from src[open_pos] (an opening bracket) to its matching closing bracket."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack, i = [], open_pos
    while i < len(src):
        c = src[i]
        if c in "\"'":
            j = i + 1
            while j < len(src) and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            i = j + 1
            continue
        if c in pairs:
            stack.append(pairs[c])
        elif c in ")]}":
            if not stack or stack.pop() != c:
                raise AssertionError(f"unbalanced brackets near: {src[open_pos:open_pos + 80]!r}")
            if not stack:
                return src[open_pos:i + 1]
        i += 1
    raise AssertionError(f"unbalanced brackets near: {src[open_pos:open_pos + 80]!r}")


def _split_args(call):
    """'("a", f(x, y), true)' → ['"a"', 'f(x, y)', 'true']."""
    inner, parts, depth, cur, i = call[1:-1], [], 0, [], 0
    while i < len(inner):
        c = inner[i]
        if c in "\"'":
            j = i + 1
            while j < len(inner) and inner[j] != c:
                j += 2 if inner[j] == "\\" else 1
            cur.append(inner[i:j + 1])
            i = j + 1
            continue
        if c in "([{<":
            depth += 1
        elif c in ")]}>":
            depth -= 1
        if c == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


ROUTE_RE = re.compile(r'\bR\.Add\(\s*"([A-Z]+)"\s*,\s*"(/[^"]*)"')


def _http_sources():
    files = sorted(p for p in HTTP_SRC.glob("*.cc") if not p.name.endswith("_test.cc"))
    assert files, f"no sources in {HTTP_SRC}"
    return {p: _strip_comments(p.read_text(encoding="utf-8")) for p in files}


def _expand_local_lambdas(src, text):
    """Appends the definitions of `auto name = ...;` lambdas that `text` calls (e.g. save)."""
    extra = []
    for name in set(re.findall(r"\b([a-z_]\w*)\(", text)):
        m = re.search(r"\bauto\s+" + re.escape(name) + r"\s*=\s*\[", src)
        if m:
            body_start = src.index("{", m.end())
            extra.append(_balanced(src, body_start))
    return text + "\n".join(extra)


def _expand_reader_helpers(src, text):
    """Appends the bodies of helpers such as ReadNewAgent(FieldReader& r) that `text` calls."""
    extra = []
    for m in re.finditer(r"\b\w+\s+(\w+)\(FieldReader&\s*r\)\s*\{", src):
        if re.search(r"\b" + re.escape(m.group(1)) + r"\(r\)", text):
            extra.append(_balanced(src, m.end() - 1))
    return text + "\n".join(extra)


class Route:
    def __init__(self, method, path, handler, where):
        self.method, self.path, self.handler, self.where = method, path, handler, where

    @property
    def key(self):
        return (self.method, self.path)


def code_routes():
    routes = []
    for path, src in _http_sources().items():
        n_calls = len(re.findall(r"\bR\.Add\(", src))
        found = list(ROUTE_RE.finditer(src))
        assert len(found) == n_calls, (
            f"{path.name}: {n_calls} R.Add( calls but only {len(found)} with a literal method "
            f"and path; the OpenAPI check cannot see the others")
        for m in found:
            call = _balanced(src, src.index("(", m.start()))
            handler = _expand_reader_helpers(src, _expand_local_lambdas(src, call))
            routes.append(Route(m.group(1), m.group(2), handler, path.name))
        # Paths answered before the router (e.g. /healthz), with the methods they accept.
        for m in re.finditer(r'req\.path\s*==\s*"(/[^"]*)"\)\s*\{', src):
            block = _balanced(src, m.end() - 1)
            methods = re.findall(r'req\.method\s*!=\s*"([A-Z]+)"', block) or ["GET"]
            for method in methods:
                routes.append(Route(method, m.group(1), "", path.name))
    return routes


def code_query_params(handler):
    names = set(re.findall(r'\breq\.Query\("(\w+)"\)', handler))
    names |= set(re.findall(r'\bQueryId\(req,\s*"(\w+)"\)', handler))
    if re.search(r"\b(QueryLimit|DryRunLimit)\(req\)", handler):
        names.add("limit")
    if re.search(r"\bDecodeCursor\(req\)", handler):
        names.add("cursor")
    if re.search(r"\bExplainFlag\(req\)", handler):
        names.add("explain")
    return names


def code_reads_body(handler):
    return bool(re.search(r"\bLD_BODY\(|\bParseJsonObject\(req\)|\bRuleBody\(req\)|"
                          r"json::parse\(req\.body|\bImportNdjson\(req\.body", handler))


READER_RE = re.compile(r"\br\.(String|Int|Number|Bool|Strings|Time|Geo|IdOf|NullableId|IsNull|"
                       r"Fail|Enum<\w+>)\(")


def code_body_fields(handler):
    """{field: {"required": bool, "enum": [...] | None, "fail_only": bool}} read by FieldReader r."""
    fields = {}
    for m in READER_RE.finditer(handler):
        args = _split_args(_balanced(handler, m.end() - 1))
        if not args or not args[0].startswith('"'):
            continue
        name = args[0].strip('"')
        kind = m.group(1)
        f = fields.setdefault(name, {"required": False, "enum": None, "fail_only": True})
        if kind == "Fail":
            continue
        f["fail_only"] = False
        if kind.startswith("Enum"):
            f["required"] |= len(args) > 3 and args[3] == "true"
            f["enum"] = _enum_names(args[2])
        elif kind in ("String", "Int", "Number", "Time", "IdOf"):
            f["required"] |= len(args) > 1 and args[1] == "true"
    return fields


_ENUM_TABLES = None


def enum_tables():
    """Wire names of the domain enums: {"ChannelNames": [...], ...} from src/domain/*.cc."""
    global _ENUM_TABLES
    if _ENUM_TABLES is None:
        src = (REPO / "src" / "domain" / "enums.cc").read_text(encoding="utf-8")
        tables = {}
        for m in re.finditer(r"std::string_view (\w+Names)\(\)\s*\{\s*return (k\w+)\.joined;", src):
            decl = re.search(r"Table<\w+,\s*\d+>\s+" + m.group(2) + r"\{(.*?)\};", src, re.S)
            joined = re.findall(r'"([^"]*\|[^"]*)"', decl.group(1))
            tables[m.group(1)] = [s.strip() for s in joined[-1].split("|")]
        ent = (REPO / "src" / "domain" / "entities.cc").read_text(encoding="utf-8")
        dep = re.search(r'DepartmentNames\(\)\s*\{\s*return "([^"]*)"', ent)
        tables["DepartmentNames"] = [s.strip() for s in dep.group(1).split("|")]
        _ENUM_TABLES = tables
    return _ENUM_TABLES


def _enum_names(arg):
    arg = arg.strip()
    m = re.match(r"^(?:std::string\()?(\w+Names)\(\)\)?$", arg)
    if m:
        return enum_tables()[m.group(1)]
    if arg.startswith('"'):
        return [s.strip() for s in arg.strip('"').split("|")]
    return None


def json_io_encoders():
    """{"Agent": {keys}, ...}: keys written by each ToJson(const X&) in src/http/json_io.cc."""
    src = _strip_comments((HTTP_SRC / "json_io.cc").read_text(encoding="utf-8"))
    out = {}
    for m in re.finditer(r"\bjson ToJson\(const (\w+)& \w+\)\s*\{", src):
        body = _balanced(src, m.end() - 1)
        keys = set(re.findall(r'\{"(\w+)",', body)) | set(re.findall(r'\bj\["(\w+)"\]', body))
        out[m.group(1)] = keys
    return out


# --------------------------------------------------------------------------------------------
# The document side


def doc_operations_by_lines():
    """{(METHOD, path)} read line by line: path keys at indent 2 under `paths:`, methods at 4."""
    ops, in_paths, current = set(), False, None
    for line in DOC.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            in_paths = line.rstrip() == "paths:"
            current = None
            continue
        if not in_paths:
            continue
        m = re.match(r"^  (?:'(/[^']*)'|(/\S*)):\s*$", line)
        if m:
            current = m.group(1) or m.group(2)
            continue
        m = re.match(r"^    (\w+):\s*$", line)
        if m and current and m.group(1) in METHODS:
            ops.add((m.group(1).upper(), current))
    return ops


@pytest.fixture(scope="module")
def doc():
    text = DOC.read_text(encoding="utf-8")
    try:
        data = load_subset_yaml(text)
    except SubsetYamlError as e:
        pytest.fail(f"docs/openapi.yaml uses YAML outside the subset this test reads: {e}")
    assert isinstance(data, dict) and isinstance(data.get("paths"), dict)
    return data


@pytest.fixture(scope="module")
def routes():
    return code_routes()


def _resolve(doc, node):
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local $ref are used: {ref}"
        assert ref not in seen, f"$ref cycle at {ref}"
        seen.add(ref)
        node = doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _schema_view(doc, schema):
    """(properties, required, enum) of a schema, following $ref and merging allOf."""
    schema = _resolve(doc, schema)
    props, required, enum = {}, set(), schema.get("enum")
    for part in schema.get("allOf", []):
        p, r, e = _schema_view(doc, part)
        props.update(p)
        required |= r
        enum = enum or e
    props.update(schema.get("properties", {}))
    required |= set(schema.get("required", []))
    return props, required, enum


def _operations(doc):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield path, method, item, op


# --------------------------------------------------------------------------------------------
# Tests


def test_reader_reads_its_subset_and_refuses_the_rest():
    text = "\n".join([
        "# comment",
        "a: 1",
        "b: 'x: y'' z'",
        "c: [p, 'q', 2, true, {k: v}]",
        "d:",
        "  - e: f",
        "    g: {}",
        "  - plain text",
        "h: >-",
        "  one",
        "  two",
        "",
        "  three",
        "i: |",
        "  l1",
        "  l2",
        "'200':",
        "  j: null",
        "k: 1.5",
    ])
    assert load_subset_yaml(text) == {
        "a": 1, "b": "x: y' z", "c": ["p", "q", 2, True, {"k": "v"}],
        "d": [{"e": "f", "g": {}}, "plain text"], "h": "one two\nthree", "i": "l1\nl2\n",
        "200": {"j": None}, "k": 1.5}
    for bad in ["a: b: c", "a: &anchor x", "a: 2026-01-01", "a: 1\na: 2", "a:\n\tb: 1",
                "a: x # trailing comment", "a: 010", "a:\n  - x\n  y: z"]:
        with pytest.raises(SubsetYamlError):
            load_subset_yaml(bad)


def test_reader_agrees_with_pyyaml_when_available(doc):
    yaml = pytest.importorskip("yaml")
    assert doc == yaml.safe_load(DOC.read_text(encoding="utf-8"))


def test_routes_are_found_in_the_code(routes):
    keys = {r.key for r in routes}
    assert len(keys) == len(routes), "a route is registered twice"
    assert len(routes) >= 40, f"only {len(routes)} routes found; has the registration changed?"
    for expected in [("GET", "/healthz"), ("POST", "/api/v1/tickets"),
                     ("PATCH", "/api/v1/tickets/{id}"), ("DELETE", "/api/v1/rules/{id}")]:
        assert expected in keys


def test_line_reader_and_yaml_reader_see_the_same_operations(doc):
    parsed = {(m.upper(), p) for p, m, _, _ in _operations(doc)}
    assert doc_operations_by_lines() == parsed


def test_every_registered_route_is_documented(routes):
    documented = doc_operations_by_lines()
    missing = sorted(f"{r.method} {r.path} ({r.where})" for r in routes if r.key not in documented)
    assert not missing, "routes registered in the code but missing from docs/openapi.yaml:\n" + \
        "\n".join(missing)


def test_every_documented_operation_is_registered(routes):
    registered = {r.key for r in routes}
    extra = sorted(f"{m} {p}" for m, p in doc_operations_by_lines() - registered)
    assert not extra, "operations in docs/openapi.yaml that the code does not register:\n" + \
        "\n".join(extra)


def test_every_documented_path_exists_in_the_code(doc, routes):
    code_paths = {r.path for r in routes}
    extra = sorted(set(doc["paths"]) - code_paths)
    assert not extra, f"paths in docs/openapi.yaml that the code does not have: {extra}"


def test_operations_are_well_formed(doc):
    assert doc["openapi"].startswith("3.0.")
    ids = {}
    for path, method, item, op in _operations(doc):
        where = f"{method.upper()} {path}"
        assert op.get("operationId"), f"{where}: no operationId"
        assert op["operationId"] not in ids, \
            f"{where}: operationId {op['operationId']} also used by {ids[op['operationId']]}"
        ids[op["operationId"]] = where
        assert isinstance(op.get("summary"), str) and op["summary"].strip(), f"{where}: no summary"
        responses = op.get("responses") or {}
        assert responses, f"{where}: no responses"
        assert all(isinstance(k, str) for k in responses), f"{where}: quote the status codes"
        assert any(k.startswith("2") for k in responses), f"{where}: no success response"
        if path.startswith("/api/v1/") and not path.startswith("/api/v1/public/"):
            assert "401" in responses, f"{where}: authenticated endpoint without 401"
        if "requestBody" in op:
            for code in ("400", "413", "422"):
                assert code in responses, f"{where}: a body endpoint without {code}"


def test_path_parameters_match_the_segments(doc):
    for path, method, item, op in _operations(doc):
        params = [_resolve(doc, p) for p in item.get("parameters", []) + op.get("parameters", [])]
        in_path = {p["name"] for p in params if p["in"] == "path"}
        assert in_path == set(re.findall(r"\{(\w+)\}", path)), f"{method.upper()} {path}"
        for p in params:
            if p["in"] == "path":
                assert p.get("required") is True, f"{method.upper()} {path}: {p['name']}"


def test_query_parameters_match_the_handlers(doc, routes):
    by_key = {r.key: r for r in routes}
    for path, method, item, op in _operations(doc):
        route = by_key.get((method.upper(), path))
        if route is None:
            continue  # reported by test_every_documented_operation_is_registered
        params = [_resolve(doc, p) for p in item.get("parameters", []) + op.get("parameters", [])]
        documented = {p["name"] for p in params if p["in"] == "query"}
        assert documented == code_query_params(route.handler), \
            f"{method.upper()} {path}: documented query parameters differ from those the handler reads"


def test_request_bodies_match_the_handlers(doc, routes):
    by_key = {r.key: r for r in routes}
    checked = 0
    for path, method, item, op in _operations(doc):
        where = f"{method.upper()} {path}"
        route = by_key.get((method.upper(), path))
        if route is None:
            continue  # reported by test_every_documented_operation_is_registered
        reads = code_reads_body(route.handler)
        assert reads == ("requestBody" in op), \
            f"{where}: the handler {'reads' if reads else 'does not read'} a body"
        fields = code_body_fields(route.handler)
        if not fields:
            continue  # a whole-document body (settings, rules): checked by the service
        checked += 1
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        props, required, _ = _schema_view(doc, schema)
        assert set(props) == set(fields), f"{where}: documented body fields differ from the code"
        code_required = {k for k, f in fields.items() if f["required"]}
        maybe = {k for k, f in fields.items() if f["fail_only"]}
        assert code_required <= required <= code_required | maybe, \
            f"{where}: required fields differ (code: {sorted(code_required)})"
        for name, f in fields.items():
            if f["enum"] is None:
                continue
            _, _, enum = _schema_view(doc, props[name])
            assert enum is not None and sorted(enum) == sorted(f["enum"]), \
                f"{where}: enum of {name} differs from the code ({f['enum']})"
    assert checked >= 14


def test_response_schemas_match_the_encoders(doc):
    schemas = doc["components"]["schemas"]
    # ToJson(const X&) → the schemas whose properties it writes (nested objects included).
    mapping = {"Agent": ["Agent"], "Customer": ["Customer"], "Order": ["Order"],
               "Asset": ["Asset"], "Ticket": ["Ticket", "Routing"], "Message": ["Message"],
               "Transcript": ["Transcript", "TranscriptTurn"], "Task": ["Task"],
               "Transfer": ["Transfer"], "Event": ["Event"], "Compensation": ["Compensation"]}
    encoders = json_io_encoders()
    for cls, names in mapping.items():
        assert cls in encoders, f"no ToJson(const {cls}&) in json_io.cc"
        props, required = set(), set()
        for n in names:
            p, r, _ = _schema_view(doc, schemas[n])
            props |= set(p)
            required |= r
        written = encoders[cls]
        assert written <= props, f"{cls}: written but not documented: {sorted(written - props)}"
        assert required <= written, f"{cls}: required but never written: {sorted(required - written)}"


def test_enums_match_the_domain(doc):
    schemas = doc["components"]["schemas"]
    tables = enum_tables()
    for schema, names in [("Channel", "ChannelNames"), ("Priority", "PriorityNames"),
                          ("TicketStatus", "TicketStatusNames"), ("Role", "RoleNames"),
                          ("Tier", "TierNames"), ("AgentStatus", "AgentStatusNames"),
                          ("TaskStatus", "TaskStatusNames"), ("Department", "DepartmentNames")]:
        assert schemas[schema]["enum"] == tables[names], schema


def test_every_ref_resolves(doc):
    def walk(node, where):
        if isinstance(node, dict):
            if "$ref" in node:
                try:
                    _resolve(doc, node)
                except KeyError:
                    pytest.fail(f"{where}: unresolved $ref {node['$ref']}")
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")
    walk(doc, "#")


def test_required_components_exist(doc):
    schemas = doc["components"]["schemas"]
    for name in ["Agent", "Customer", "Customer360", "Order", "Asset", "Ticket", "TicketDetail",
                 "Message", "Transcript", "Task", "Transfer", "Event", "Compensation", "SlaState",
                 "Calendar", "SlaPolicy", "Commitment", "RoutingSettings", "Rule", "Error", "Page"]:
        assert name in schemas, name
    ticket = schemas["Ticket"]["properties"]
    assert "sla" in ticket and "routing" in ticket
    err = schemas["Error"]["properties"]["error"]
    assert set(err["properties"]) == {"code", "message", "field"}


def test_security_is_bearer_under_api_v1_only(doc):
    scheme = doc["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    default = doc.get("security")
    for path, method, item, op in _operations(doc):
        effective = op.get("security", default)
        where = f"{method.upper()} {path}"
        if path.startswith("/api/v1/") and not path.startswith("/api/v1/public/") \
                and path != "/api/v1/auth/login":  # signing in needs no credentials
            assert effective and {"bearerAuth": []} in effective, f"{where}: needs bearerAuth"
        else:
            assert effective == [], f"{where}: must be documented without authentication"
