// The public ticket status page /t/{token} (服务进度可视化): server-rendered, mobile-first,
// zh-CN or en by the customer's language, no external resources and no JavaScript (it
// reloads itself every two minutes with a meta refresh). Every dynamic value is escaped.
// Times: Beijing time (UTC+8) for zh, UTC for en — each labelled.

#include <cstdio>
#include <string>
#include <string_view>

#include "common/html.h"
#include "common/time.h"
#include "http/ticket_status_routes.h"

namespace loopdesk::http {

namespace {

struct Words {
  const char* lang;
  const char* title;
  const char* request;
  const char* promise;
  const char* overdue;
  const char* paused;
  const char* done;
  const char* history;
  const char* handled_by;
  const char* unknown_title;
  const char* unknown;
  const char* rate;
  const char* rated;
  const char* tz;
  int offset_h;
  const char* stages[4];  // the progress bar: received, assigned, in progress, resolved
};

constexpr Words kZhW = {"zh-CN", "服务进度", "服务单", "承诺解决时间",
                        "已超出承诺时间，我们正在加急处理，给您带来不便深表歉意。",
                        "正在等待您的回复，回复后我们会继续处理（等待期间不计时）。",
                        "您的问题已处理完毕，感谢您的耐心。", "处理记录", "负责人",
                        "找不到这个服务单", "请检查链接是否完整，或联系客服。", "为本次服务评分",
                        "感谢您的评价！", "北京时间", 8,
                        {"已受理", "已分派", "处理中", "已解决"}};
constexpr Words kEnW = {"en", "Request status", "Request", "We promise a solution by",
                        "We are past our promised time and are giving it priority. We apologise "
                        "for the delay.",
                        "We are waiting for your reply; the clock is paused until you answer.",
                        "Your request has been resolved. Thank you for your patience.", "History",
                        "Handled by", "Request not found",
                        "Please check that the link is complete, or contact us.", "Rate our service",
                        "Thank you for your feedback!", "UTC", 0,
                        {"Received", "Assigned", "In progress", "Resolved"}};

const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "11月24日 18:00" or "Nov 24, 18:00" in the page's time zone.
std::string When(TimeMs t, const Words& w) {
  const int64_t s = t / 1000 + static_cast<int64_t>(w.offset_h) * 3600;
  int64_t days = s / 86400, rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y = 0;
  unsigned m = 1, d = 1;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  const int hh = static_cast<int>(rem / 3600), mm = static_cast<int>(rem % 3600 / 60);
  if (w.offset_h == 8)
    std::snprintf(buf, sizeof buf, "%u月%u日 %02d:%02d", m, d, hh, mm);
  else
    std::snprintf(buf, sizeof buf, "%s %u, %02d:%02d", kMonths[(m + 11) % 12], d, hh, mm);
  return buf;
}

std::string StepText(const PublicStatusStep& s, const Words& w) {
  const bool zh = w.offset_h == 8;
  if (s.code == "received") return zh ? "已收到您的请求" : "We received your request";
  if (s.code == "assigned")
    return (zh ? "已分派给 " : "Assigned to ") + s.handler;
  if (s.code == "in_progress") return zh ? "正在处理" : "We are working on it";
  if (s.code == "waiting_for_you") return zh ? "等待您的回复" : "Waiting for your reply";
  if (s.code == "resolved") return zh ? "已解决" : "Resolved";
  if (s.code == "reopened") return zh ? "已重新处理" : "Reopened";
  if (s.code == "closed") return zh ? "已关闭" : "Closed";
  return s.code;
}

int StageIndex(const std::string& stage) {
  if (stage == "received") return 0;
  if (stage == "assigned") return 1;
  if (stage == "resolved" || stage == "closed") return 3;
  return 2;  // in progress, waiting for you, reopened
}

constexpr const char* kCss =
    "*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,'PingFang SC','Noto Sans "
    "CJK SC','WenQuanYi Micro Hei',sans-serif;background:#f4f6f8;color:#1f2933}main{max-width:"
    "520px;margin:0 auto;padding:20px 14px}h1{font-size:20px;margin:0 0 12px}.card{background:"
    "#fff;border-radius:12px;padding:18px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:"
    "14px}.ref{color:#616e7c;font-size:14px}.subj{font-size:18px;font-weight:600;margin:2px 0 "
    "14px;word-break:break-word}ol.bar{list-style:none;display:flex;padding:0;margin:0 0 8px;position:relative;z-index:0}"
    "ol.bar li{flex:1;text-align:center;font-size:13px;color:#9aa5b1;position:relative;padding-"
    "top:22px}ol.bar li:before{content:'';position:absolute;top:4px;left:50%;width:14px;height:"
    "14px;margin-left:-7px;border-radius:50%;background:#cbd2d9}ol.bar li:after{content:'';"
    "position:absolute;top:10px;left:-50%;width:100%;height:2px;background:#cbd2d9;z-index:-1}"
    "ol.bar li:first-child:after{display:none}ol.bar li.on{color:#1f2933}ol.bar li.on:before,"
    "ol.bar li.on:after{background:#2f80ed}ol.bar li.now{font-weight:700;color:#2f80ed}.note{"
    "border-radius:8px;padding:10px 12px;font-size:15px;margin-top:12px}.wait{background:#fff7e"
    "6;color:#8a5a00}.late{background:#fdecec;color:#b42318}.ok{background:#e8f5ee;color:#1e7b"
    "4a}.due{margin-top:12px;font-size:15px}.due b{font-size:17px}.who{color:#3e4c59;font-size:"
    "15px;margin-top:6px}ul.tl{list-style:none;margin:0;padding:0}ul.tl li{display:flex;gap:12px;"
    "padding:8px 0;border-bottom:1px solid #eef1f4}ul.tl li:last-child{border:0}ul.tl time{"
    "color:#616e7c;font-size:14px;min-width:104px;white-space:nowrap}h2{font-size:16px;margin:0 "
    "0 6px}a.rate{display:block;text-align:center;margin-top:12px;padding:12px;border-radius:8px;"
    "background:#2f80ed;color:#fff;text-decoration:none;font-size:17px;font-weight:600}";

Response Page(int status, const Words& w, const std::string& inner) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.body = std::string("<!doctype html><html lang=\"") + w.lang +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-"
           "width,initial-scale=1\"><meta name=\"robots\" content=\"noindex\">" +
           (status == 200 ? "<meta http-equiv=\"refresh\" content=\"120\">" : "") + "<title>" +
           HtmlEscape(w.title) + "</title><style>" + kCss + "</style></head><body><main>" + inner +
           "</main></body></html>";
  return r;
}

}  // namespace

Response TicketStatusPage(Service& svc, const Request& req) {
  auto it = req.params.find("token");
  auto s = svc.FindPublicTicketStatus(it == req.params.end() ? "" : it->second);
  if (!s.ok()) {
    if (s.status().code() != Code::kNotFound) return StatusResponse(s.status());
    return Page(404, kZhW,
                std::string("<div class=\"card\"><h1>") + kZhW.unknown_title + " · " +
                    kEnW.unknown_title + "</h1><p>" + kZhW.unknown + "</p><p>" + kEnW.unknown +
                    "</p></div>");
  }
  const Words& w = s->language == "en" ? kEnW : kZhW;
  const char* colon = w.offset_h == 8 ? "：" : ": ";
  std::string h = "<h1>" + HtmlEscape(w.title) + "</h1><div class=\"card\"><div class=\"ref\">" +
                  HtmlEscape(w.request) + " #" + std::to_string(s->ticket_id) + " · " +
                  When(s->created_at, w) + "</div><div class=\"subj\">" + HtmlEscape(s->subject) +
                  "</div><ol class=\"bar\" data-stage=\"" + HtmlEscape(s->stage) + "\">";
  const int at = StageIndex(s->stage);
  for (int i = 0; i < 4; ++i) {
    std::string cls = i <= at ? (i == at ? "on now" : "on") : "";
    h += "<li" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") +
         (i == at ? " aria-current=\"step\"" : "") + ">" + HtmlEscape(w.stages[i]) + "</li>";
  }
  h += "</ol>";
  if (!s->handler.empty())
    h += "<div class=\"who\">" + HtmlEscape(w.handled_by) + colon + HtmlEscape(s->handler) + "</div>";
  if (at == 3) {
    h += "<div class=\"note ok\">" + HtmlEscape(w.done) + "</div>";
    if (!s->survey_path.empty())
      h += "<a class=\"rate\" id=\"rate\" href=\"" + HtmlEscape(s->survey_path) + "\">" + HtmlEscape(w.rate) + "</a>";
    else if (s->survey_status == "answered")
      h += "<div class=\"who\" id=\"rated\">" + HtmlEscape(w.rated) + "</div>";
  } else if (s->paused && s->stage == "waiting_for_you") {
    h += "<div class=\"note wait\" id=\"waiting\">" + HtmlEscape(w.paused) + "</div>";
  }
  if (s->due) {
    h += "<div class=\"due\" id=\"due\">" + HtmlEscape(w.promise) + colon + "<b>" + When(*s->due, w) +
         "</b>" + (w.offset_h == 8 ? "（" : " (") + w.tz + (w.offset_h == 8 ? "）" : ")") + "</div>";
    if (s->overdue) h += "<div class=\"note late\" id=\"overdue\">" + HtmlEscape(w.overdue) + "</div>";
  }
  h += "</div><div class=\"card\"><h2>" + HtmlEscape(w.history) + "</h2><ul class=\"tl\">";
  for (auto step = s->steps.rbegin(); step != s->steps.rend(); ++step)
    h += "<li data-step=\"" + HtmlEscape(step->code) + "\"><time>" + When(step->at, w) + "</time><span>" +
         HtmlEscape(StepText(*step, w)) + "</span></li>";
  h += "</ul></div>";
  return Page(200, w, h);
}

}  // namespace loopdesk::http
