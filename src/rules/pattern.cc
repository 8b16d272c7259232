#include "rules/pattern.h"

#include <string>

#include "common/utf8.h"

namespace loopdesk::rules {

namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr int kMaxRepeat = 1000;

// Decodes one code point at s[*i] and advances; malformed input yields U+FFFD, one byte.
char32_t DecodeAt(std::string_view s, size_t* i) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  int len = 0;
  char32_t cp = 0;
  if (b0 < 0x80) {
    ++*i;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07;
  } else {
    ++*i;
    return kReplacement;
  }
  if (*i + len > s.size()) {
    ++*i;
    return kReplacement;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i += len;
  return cp;
}

char32_t FoldAscii(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }
char32_t UpperAscii(char32_t c) { return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c; }

bool IsWordChar(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

using Ranges = std::vector<std::pair<char32_t, char32_t>>;

void AddShorthand(char kind, Ranges* r) {
  switch (kind) {
    case 'd':
      r->push_back({'0', '9'});
      break;
    case 'w':
      r->insert(r->end(), {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}, {'_', '_'}});
      break;
    case 's':
      r->insert(r->end(), {{'\t', '\r'},
                           {' ', ' '},
                           {0xA0, 0xA0},
                           {0x1680, 0x1680},
                           {0x2000, 0x200A},
                           {0x2028, 0x2029},
                           {0x202F, 0x202F},
                           {0x205F, 0x205F},
                           {0x3000, 0x3000},
                           {0xFEFF, 0xFEFF}});
      break;
  }
}

bool IsAsciiPunct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

struct Pattern::Node {
  enum Kind { kEmpty, kChar, kAny, kClass, kBegin, kEnd, kWordB, kNotWordB, kCat, kAlt, kRepeat };
  Kind kind = kEmpty;
  char32_t cp = 0;
  int cls = 0;
  int min = 0;
  int max = 0;  // -1: unbounded
  std::vector<Node> kids;
};

class Pattern::Parser {
 public:
  Parser(std::string_view src, std::vector<Class>* classes) : s_(src), classes_(classes) {}

  Status ParseAlt(Node* out) {
    Node first;
    LD_RETURN_IF_ERROR(ParseConcat(&first));
    if (Eof() || Peek() != '|') {
      *out = std::move(first);
      return Status::Ok();
    }
    out->kind = Node::kAlt;
    out->kids.push_back(std::move(first));
    while (!Eof() && Peek() == '|') {
      ++pos_;
      Node next;
      LD_RETURN_IF_ERROR(ParseConcat(&next));
      out->kids.push_back(std::move(next));
    }
    return Status::Ok();
  }

  bool Eof() const { return pos_ >= s_.size(); }
  char Peek() const { return s_[pos_]; }
  size_t pos() const { return pos_; }
  Status Error(std::string msg) const {
    return Status::Invalid("invalid pattern at offset " + std::to_string(pos_) + ": " + msg);
  }

 private:
  Status ParseConcat(Node* out) {
    out->kind = Node::kCat;
    while (!Eof() && Peek() != '|' && Peek() != ')') {
      Node item;
      LD_RETURN_IF_ERROR(ParseRepeat(&item));
      out->kids.push_back(std::move(item));
    }
    if (out->kids.size() == 1) {
      Node only = std::move(out->kids[0]);
      *out = std::move(only);
    } else if (out->kids.empty()) {
      out->kind = Node::kEmpty;
    }
    return Status::Ok();
  }

  static bool IsQuantStart(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

  Status ParseRepeat(Node* out) {
    Node atom;
    LD_RETURN_IF_ERROR(ParseAtom(&atom));
    if (Eof() || !IsQuantStart(Peek())) {
      *out = std::move(atom);
      return Status::Ok();
    }
    if (atom.kind == Node::kBegin || atom.kind == Node::kEnd || atom.kind == Node::kWordB ||
        atom.kind == Node::kNotWordB) {
      return Error("nothing to repeat");
    }
    int min = 0, max = -1;
    const char q = Peek();
    ++pos_;
    if (q == '+') {
      min = 1;
    } else if (q == '?') {
      max = 1;
    } else if (q == '{') {
      LD_RETURN_IF_ERROR(ParseBraces(&min, &max));
    }
    if (!Eof() && Peek() == '?') ++pos_;  // lazy: same answer for a yes/no search
    if (!Eof() && IsQuantStart(Peek())) return Error("nothing to repeat");
    out->kind = Node::kRepeat;
    out->min = min;
    out->max = max;
    out->kids.push_back(std::move(atom));
    return Status::Ok();
  }

  Status ParseNumber(int* n) {
    if (Eof() || Peek() < '0' || Peek() > '9') return Error("expected a number in {}");
    long v = 0;
    while (!Eof() && Peek() >= '0' && Peek() <= '9') {
      v = v * 10 + (Peek() - '0');
      if (v > kMaxRepeat) return Error("repetition count over 1000");
      ++pos_;
    }
    *n = static_cast<int>(v);
    return Status::Ok();
  }

  Status ParseBraces(int* min, int* max) {
    LD_RETURN_IF_ERROR(ParseNumber(min));
    *max = *min;
    if (!Eof() && Peek() == ',') {
      ++pos_;
      *max = -1;
      if (!Eof() && Peek() != '}') LD_RETURN_IF_ERROR(ParseNumber(max));
    }
    if (Eof() || Peek() != '}') return Error("expected } (write \\{ for a literal brace)");
    ++pos_;
    if (*max != -1 && *max < *min) return Error("repetition {n,m} with m < n");
    return Status::Ok();
  }

  Status ParseAtom(Node* out) {
    const char c = Peek();
    switch (c) {
      case '(': {
        ++pos_;
        if (!Eof() && Peek() == '?') {
          if (pos_ + 1 < s_.size() && s_[pos_ + 1] == ':') {
            pos_ += 2;
          } else {
            return Error("unsupported group (?…); only (?:…) and a leading (?i) are allowed");
          }
        }
        LD_RETURN_IF_ERROR(ParseAlt(out));
        if (Eof() || Peek() != ')') return Error("missing )");
        ++pos_;
        return Status::Ok();
      }
      case '[':
        ++pos_;
        return ParseClass(out);
      case '.':
        ++pos_;
        out->kind = Node::kAny;
        return Status::Ok();
      case '^':
        ++pos_;
        out->kind = Node::kBegin;
        return Status::Ok();
      case '$':
        ++pos_;
        out->kind = Node::kEnd;
        return Status::Ok();
      case '*':
      case '+':
      case '?':
        return Error("nothing to repeat");
      case '{':
        return Error("nothing to repeat (write \\{ for a literal brace)");
      case '\\':
        ++pos_;
        return ParseEscape(out);
      default:
        out->kind = Node::kChar;
        out->cp = DecodeAt(s_, &pos_);
        return Status::Ok();
    }
  }

  // Reads \uXXXX or \xHH after the letter; `digits` is 4 or 2.
  Status ParseHex(int digits, char32_t* cp) {
    char32_t v = 0;
    for (int k = 0; k < digits; ++k) {
      if (Eof() || HexDigit(Peek()) < 0) return Error("bad hex escape");
      v = v * 16 + HexDigit(Peek());
      ++pos_;
    }
    *cp = v;
    return Status::Ok();
  }

  // A single-character escape usable both inside and outside classes. `*handled` is false
  // when `e` is none of them.
  Status SimpleEscape(char e, char32_t* cp, bool* handled) {
    *handled = true;
    switch (e) {
      case 'n':
        *cp = '\n';
        return Status::Ok();
      case 'r':
        *cp = '\r';
        return Status::Ok();
      case 't':
        *cp = '\t';
        return Status::Ok();
      case 'f':
        *cp = '\f';
        return Status::Ok();
      case 'v':
        *cp = '\v';
        return Status::Ok();
      case 'u':
        return ParseHex(4, cp);
      case 'x':
        return ParseHex(2, cp);
      default:
        break;
    }
    if (IsAsciiPunct(e)) {
      *cp = static_cast<char32_t>(e);
      return Status::Ok();
    }
    *handled = false;
    return Status::Ok();
  }

  int NewClass(Class c) {
    classes_->push_back(std::move(c));
    return static_cast<int>(classes_->size() - 1);
  }

  Status ParseEscape(Node* out) {
    if (Eof()) return Error("pattern ends with \\");
    const char e = Peek();
    ++pos_;
    switch (e) {
      case 'd':
      case 'w':
      case 's':
      case 'D':
      case 'W':
      case 'S': {
        Class c;
        c.negated = (e == 'D' || e == 'W' || e == 'S');
        AddShorthand(static_cast<char>(e | 0x20), &c.ranges);
        out->kind = Node::kClass;
        out->cls = NewClass(std::move(c));
        return Status::Ok();
      }
      case 'b':
        out->kind = Node::kWordB;
        return Status::Ok();
      case 'B':
        out->kind = Node::kNotWordB;
        return Status::Ok();
      default:
        break;
    }
    if (e >= '0' && e <= '9') return Error("back-references and \\digit escapes are not supported");
    bool handled = false;
    char32_t cp = 0;
    LD_RETURN_IF_ERROR(SimpleEscape(e, &cp, &handled));
    if (!handled) return Error(std::string("unknown escape \\") + e);
    out->kind = Node::kChar;
    out->cp = cp;
    return Status::Ok();
  }

  // One class member: a code point (`*is_cp`), or a shorthand added to `ranges`.
  Status ParseClassAtom(Class* c, char32_t* cp, bool* is_cp) {
    *is_cp = true;
    if (Peek() != '\\') {
      *cp = DecodeAt(s_, &pos_);
      return Status::Ok();
    }
    ++pos_;
    if (Eof()) return Error("missing ]");
    const char e = Peek();
    ++pos_;
    if (e == 'd' || e == 'w' || e == 's') {
      AddShorthand(e, &c->ranges);
      *is_cp = false;
      return Status::Ok();
    }
    if (e == 'D' || e == 'W' || e == 'S')
      return Error("\\D \\W \\S are not supported inside [...]");
    bool handled = false;
    LD_RETURN_IF_ERROR(SimpleEscape(e, cp, &handled));
    if (!handled) return Error(std::string("unknown escape \\") + e + " in [...]");
    return Status::Ok();
  }

  Status ParseClass(Node* out) {
    Class c;
    if (!Eof() && Peek() == '^') {
      c.negated = true;
      ++pos_;
    }
    while (true) {
      if (Eof()) return Error("missing ]");
      if (Peek() == ']') {
        ++pos_;
        break;
      }
      char32_t lo = 0;
      bool lo_is_cp = false;
      LD_RETURN_IF_ERROR(ParseClassAtom(&c, &lo, &lo_is_cp));
      if (!lo_is_cp) continue;
      if (pos_ + 1 < s_.size() && Peek() == '-' && s_[pos_ + 1] != ']') {
        ++pos_;
        char32_t hi = 0;
        bool hi_is_cp = false;
        LD_RETURN_IF_ERROR(ParseClassAtom(&c, &hi, &hi_is_cp));
        if (!hi_is_cp) return Error("a range cannot end in a class shorthand");
        if (hi < lo) return Error("range out of order in [...]");
        c.ranges.push_back({lo, hi});
      } else {
        c.ranges.push_back({lo, lo});
      }
    }
    out->kind = Node::kClass;
    out->cls = NewClass(std::move(c));
    return Status::Ok();
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::vector<Class>* classes_;
};

Result<Pattern> Pattern::Compile(std::string_view pattern) {
  if (pattern.size() > kMaxPatternBytes) {
    return Status::Invalid("pattern longer than " + std::to_string(kMaxPatternBytes) + " bytes");
  }
  if (!IsValidUtf8(pattern)) return Status::Invalid("pattern is not valid UTF-8");
  Pattern p;
  p.source_ = std::string(pattern);
  std::string_view body = pattern;
  if (body.substr(0, 4) == "(?i)") {
    p.icase_ = true;
    body.remove_prefix(4);
  }
  Parser parser(body, &p.classes_);
  Node root;
  LD_RETURN_IF_ERROR(parser.ParseAlt(&root));
  if (!parser.Eof()) return parser.Error("unmatched )");

  // Emits `n` into prog; fails once the program outgrows kMaxProgramSize.
  struct Emitter {
    std::vector<Inst>* prog;
    bool icase;
    int Push(Inst in) {
      prog->push_back(in);
      return static_cast<int>(prog->size() - 1);
    }
    Status Emit(const Node& n) {
      if (prog->size() > kMaxProgramSize) {
        return Status::Invalid("pattern too complex (over " + std::to_string(kMaxProgramSize) +
                               " steps once repetitions are expanded)");
      }
      switch (n.kind) {
        case Node::kEmpty:
          break;
        case Node::kChar:
          Push({Op::kChar, icase ? FoldAscii(n.cp) : n.cp});
          break;
        case Node::kAny:
          Push({Op::kAny});
          break;
        case Node::kClass:
          Push({Op::kClass, 0, n.cls});
          break;
        case Node::kBegin:
          Push({Op::kBegin});
          break;
        case Node::kEnd:
          Push({Op::kEnd});
          break;
        case Node::kWordB:
          Push({Op::kWordB});
          break;
        case Node::kNotWordB:
          Push({Op::kNotWordB});
          break;
        case Node::kCat:
          for (const Node& k : n.kids) LD_RETURN_IF_ERROR(Emit(k));
          break;
        case Node::kAlt: {
          std::vector<int> jumps;
          for (size_t i = 0; i + 1 < n.kids.size(); ++i) {
            const int split = Push({Op::kSplit});
            (*prog)[split].x = split + 1;
            LD_RETURN_IF_ERROR(Emit(n.kids[i]));
            jumps.push_back(Push({Op::kJmp}));
            (*prog)[split].y = static_cast<int>(prog->size());
          }
          LD_RETURN_IF_ERROR(Emit(n.kids.back()));
          for (int j : jumps) (*prog)[j].x = static_cast<int>(prog->size());
          break;
        }
        case Node::kRepeat: {
          const Node& kid = n.kids[0];
          for (int i = 0; i < n.min; ++i) LD_RETURN_IF_ERROR(Emit(kid));
          if (n.max == -1) {
            const int split = Push({Op::kSplit});
            (*prog)[split].x = split + 1;
            LD_RETURN_IF_ERROR(Emit(kid));
            Push({Op::kJmp, 0, split});
            (*prog)[split].y = static_cast<int>(prog->size());
          } else {
            std::vector<int> splits;
            for (int i = n.min; i < n.max; ++i) {
              const int split = Push({Op::kSplit});
              (*prog)[split].x = split + 1;
              splits.push_back(split);
              LD_RETURN_IF_ERROR(Emit(kid));
            }
            for (int s : splits) (*prog)[s].y = static_cast<int>(prog->size());
          }
          break;
        }
      }
      return Status::Ok();
    }
  };
  Emitter emitter{&p.prog_, p.icase_};
  LD_RETURN_IF_ERROR(emitter.Emit(root));
  p.prog_.push_back({Op::kMatch});
  if (p.prog_.size() > kMaxProgramSize) {
    return Status::Invalid("pattern too complex (over " + std::to_string(kMaxProgramSize) +
                           " steps once repetitions are expanded)");
  }
  return p;
}

bool Pattern::InClass(const Class& c, char32_t cp) const {
  auto contains = [&c](char32_t x) {
    for (const auto& [lo, hi] : c.ranges)
      if (x >= lo && x <= hi) return true;
    return false;
  };
  bool hit = contains(cp);
  if (!hit && icase_) hit = contains(FoldAscii(cp)) || contains(UpperAscii(cp));
  return hit != c.negated;
}

bool Pattern::Search(std::string_view text) const {
  if (prog_.empty()) return false;  // a moved-from Pattern
  std::vector<char32_t> cps;
  cps.reserve(text.size());
  for (size_t i = 0; i < text.size();) cps.push_back(DecodeAt(text, &i));
  const size_t len = cps.size();

  // Pike VM: clist holds the threads alive before cps[i]; `mark` de-duplicates program
  // counters within one list (generation `gen`), which also cuts empty loops like (a*)*.
  std::vector<int> clist, nlist, stack;
  clist.reserve(prog_.size());
  nlist.reserve(prog_.size());
  std::vector<uint32_t> mark(prog_.size(), 0);
  uint32_t gen = 0;

  // Follows the empty transitions from `start` at position i; true when kMatch is reached.
  auto add = [&](std::vector<int>& list, int start, size_t i) {
    stack.clear();
    stack.push_back(start);
    while (!stack.empty()) {
      const int pc = stack.back();
      stack.pop_back();
      if (mark[pc] == gen) continue;
      mark[pc] = gen;
      const Inst& in = prog_[pc];
      switch (in.op) {
        case Op::kJmp:
          stack.push_back(in.x);
          break;
        case Op::kSplit:
          stack.push_back(in.y);
          stack.push_back(in.x);
          break;
        case Op::kBegin:
          if (i == 0) stack.push_back(pc + 1);
          break;
        case Op::kEnd:
          if (i == len) stack.push_back(pc + 1);
          break;
        case Op::kWordB:
        case Op::kNotWordB: {
          const bool before = i > 0 && IsWordChar(cps[i - 1]);
          const bool after = i < len && IsWordChar(cps[i]);
          if ((before != after) == (in.op == Op::kWordB)) stack.push_back(pc + 1);
          break;
        }
        case Op::kMatch:
          return true;
        default:
          list.push_back(pc);
          break;
      }
    }
    return false;
  };

  ++gen;
  if (add(clist, 0, 0)) return true;
  for (size_t i = 0; i < len; ++i) {
    ++gen;
    nlist.clear();
    const char32_t c = icase_ ? FoldAscii(cps[i]) : cps[i];
    for (int pc : clist) {
      const Inst& in = prog_[pc];
      bool ok = false;
      switch (in.op) {
        case Op::kChar:
          ok = (c == in.cp);
          break;
        case Op::kAny:
          ok = true;
          break;
        case Op::kClass:
          ok = InClass(classes_[in.x], cps[i]);
          break;
        default:
          break;
      }
      if (ok && add(nlist, pc + 1, i + 1)) return true;
    }
    if (add(nlist, 0, i + 1)) return true;  // a match may also start at i + 1
    std::swap(clist, nlist);
  }
  return false;
}

}  // namespace loopdesk::rules
