// The public survey page /s/{token}: server-rendered, mobile-first, zh-CN or en by the
// customer's language, no external resources and no JavaScript needed (a plain form: each
// score is a submit button, so one tap answers). Every dynamic value is HTML-escaped.

#include <string>
#include <string_view>

#include "common/html.h"
#include "common/time.h"
#include "common/utf8.h"
#include "http/voc_routes.h"

namespace loopdesk::http {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded value decoding ('+' is a space).
std::string FormDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The first value of `name` in a urlencoded body, or nullopt.
std::optional<std::string> FormValue(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    size_t amp = body.find('&');
    std::string_view part = body.substr(0, amp);
    size_t eq = part.find('=');
    if (FormDecode(part.substr(0, eq)) == name)
      return eq == std::string_view::npos ? "" : FormDecode(part.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

struct Texts {
  const char* lang;
  const char* title;
  const char* comment_label;
  const char* comment_hint;
  const char* low;
  const char* high;
  const char* thanks_title;
  const char* thanks_body;
  const char* answered;
  const char* expired;
  const char* unknown;
  const char* range_error;
};

constexpr Texts kZh = {"zh-CN", "服务评价", "还有什么想告诉我们的吗？（选填）", "您的意见会帮助我们改进",
                       "非常不满意", "非常满意", "感谢您的评价！", "我们已收到您的反馈，会认真改进。",
                       "这份问卷已经提交过了，感谢您的反馈。", "这个评价链接已过期。",
                       "找不到这份问卷，请检查链接是否完整。", "请选择一个有效的分数。"};
constexpr Texts kEn = {"en", "Your feedback", "Anything else you want to tell us? (optional)",
                       "Your words help us improve", "Not at all", "Extremely",
                       "Thank you for your feedback!", "We received your answer and will act on it.",
                       "This survey was already answered. Thank you!", "This survey link has expired.",
                       "We could not find this survey. Please check that the link is complete.",
                       "Please choose a valid score."};

const Texts& TextsFor(const std::string& language) {
  return language.rfind("en", 0) == 0 ? kEn : kZh;
}

constexpr const char* kStyle =
    "*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,'PingFang SC','Noto Sans "
    "CJK SC',sans-serif;background:#f4f6f8;color:#1f2933}main{max-width:480px;margin:0 "
    "auto;padding:24px 16px}h1{font-size:20px;margin:0 0 8px}p.q{font-size:18px;margin:0 0 "
    "16px}.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px "
    "rgba(0,0,0,.08)}.scores{display:flex;flex-wrap:wrap;gap:8px;margin:12px "
    "0}.scores button{flex:1 0 16%;min-width:44px;min-height:48px;font-size:18px;border:1px "
    "solid #cbd2d9;border-radius:8px;background:#fff;cursor:pointer}.scores "
    "button:active,.scores button:focus{background:#2f80ed;color:#fff;border-color:#2f80ed}.ends{"
    "display:flex;justify-content:space-between;font-size:13px;color:#616e7c}textarea{width:100%;"
    "min-height:88px;font:inherit;padding:8px;border:1px solid #cbd2d9;border-radius:8px}label{"
    "display:block;margin:8px 0 4px;color:#3e4c59}.err{color:#c81e1e}.done{text-align:center}";

Response HtmlPage(int status, const Texts& t, const std::string& inner) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.body = std::string("<!doctype html><html lang=\"") + t.lang +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width,initial-scale=1\"><title>" + HtmlEscape(t.title) +
           "</title><style>" + kStyle + "</style></head><body><main><div class=\"card\">" + inner +
           "</div></main></body></html>";
  return r;
}

Response InfoPage(int status, const Texts& t, const char* title, const char* text) {
  return HtmlPage(status, t,
              "<div class=\"done\"><h1>" + HtmlEscape(title) + "</h1><p>" + HtmlEscape(text) + "</p></div>");
}

Response Form(int status, Service& svc, const Survey& s, const std::string& comment,
              const char* error) {
  const Texts& t = TextsFor(s.language);
  const ScoreRange r = RangeOf(s.kind);
  std::string html = "<h1>" + HtmlEscape(t.title) + "</h1><p class=\"q\">" +
                     HtmlEscape(SurveyQuestion(s.kind, s.language)) + "</p>";
  if (error) html += "<p class=\"err\" role=\"alert\">" + HtmlEscape(error) + "</p>";
  html += "<form method=\"post\" action=\"/s/" + HtmlEscape(s.token) + "\">";
  html += "<label for=\"c\">" + HtmlEscape(t.comment_label) + "</label><textarea id=\"c\" "
          "name=\"comment\" maxlength=\"4000\" placeholder=\"" + HtmlEscape(t.comment_hint) + "\">" +
          HtmlEscape(comment) + "</textarea>";
  html += "<div class=\"scores\">";
  for (int v = r.min; v <= r.max; ++v) {
    const std::string n = std::to_string(v);
    html += "<button type=\"submit\" name=\"score\" value=\"" + n + "\">" + n + "</button>";
  }
  html += "</div><div class=\"ends\"><span>" + std::to_string(r.min) + " " + HtmlEscape(t.low) +
          "</span><span>" + std::to_string(r.max) + " " + HtmlEscape(t.high) + "</span></div></form>";
  (void)svc;
  return HtmlPage(status, t, html);
}

}  // namespace

Response SurveyPageGet(Service& svc, const Request& req) {
  auto it = req.params.find("token");
  auto s = svc.FindPublicSurvey(it == req.params.end() ? "" : it->second);
  if (!s.ok()) {
    if (s.status().code() == Code::kNotFound) return InfoPage(404, kZh, kZh.unknown, kEn.unknown);
    return StatusResponse(s.status());
  }
  const Texts& t = TextsFor(s->language);
  const std::string st = EffectiveStatus(*s, svc.clock().Now());
  if (st == "answered") return InfoPage(200, t, t.thanks_title, t.answered);
  if (st == "expired") return InfoPage(410, t, t.title, t.expired);
  return Form(200, svc, *s, "", nullptr);
}

Response SurveyPagePost(Service& svc, const Request& req) {
  auto it = req.params.find("token");
  const std::string token = it == req.params.end() ? "" : it->second;
  auto s = svc.FindPublicSurvey(token);
  if (!s.ok()) {
    if (s.status().code() == Code::kNotFound) return InfoPage(404, kZh, kZh.unknown, kEn.unknown);
    return StatusResponse(s.status());
  }
  const Texts& t = TextsFor(s->language);
  std::string comment = FormValue(req.body, "comment").value_or("");
  if (!IsValidUtf8(comment)) comment.clear();
  const std::string score_text = FormValue(req.body, "score").value_or("");
  int score = 0;
  bool number = !score_text.empty() && score_text.size() <= 3;
  for (char c : score_text) number = number && c >= '0' && c <= '9';
  if (number) score = std::stoi(score_text);
  const ScoreRange r = RangeOf(s->kind);
  if (!number || score < r.min || score > r.max) return Form(422, svc, *s, comment, t.range_error);
  auto answered = svc.AnswerSurvey(token, score, comment);
  if (!answered.ok()) {
    switch (answered.status().code()) {
      case Code::kConflict: return InfoPage(409, t, t.thanks_title, t.answered);
      case Code::kGone: return InfoPage(410, t, t.title, t.expired);
      case Code::kInvalidArgument: return Form(422, svc, *s, comment, t.range_error);
      default: return StatusResponse(answered.status());
    }
  }
  return InfoPage(200, t, t.thanks_title, t.thanks_body);
}

}  // namespace loopdesk::http
