#include "http/webhook_sender.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

namespace loopdesk::http {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

struct Target {
  std::string host, port, path;
};

Result<Target> ParseUrl(const std::string& url) {
  constexpr std::string_view kHttp = "http://";
  if (url.rfind("https://", 0) == 0)
    return Status::Invalid("https webhooks need TLS, which this build does not have");
  if (url.rfind(kHttp, 0) != 0) return Status::Invalid("the webhook URL must start with http://");
  std::string rest = url.substr(kHttp.size());
  Target t;
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  t.path = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    t.host = authority.substr(0, colon);
    t.port = authority.substr(colon + 1);
  } else {
    t.host = authority;
    t.port = "80";
  }
  if (!t.host.empty() && t.host.front() == '[' && t.host.back() == ']')
    t.host = t.host.substr(1, t.host.size() - 2);
  if (t.host.empty()) return Status::Invalid("the webhook URL has no host");
  return t;
}

}  // namespace

Status WebhookSender::Send(const OutboxMessage& m, const std::string& endpoint) {
  auto target = ParseUrl(endpoint);
  if (!target.ok()) return target.status();
  nlohmann::json body{{"id", m.id},
                      {"channel", m.channel},
                      {"recipient", m.recipient},
                      {"subject", m.subject},
                      {"body", m.body},
                      {"purpose", m.purpose},
                      {"survey_id", m.survey_id ? nlohmann::json(*m.survey_id) : nlohmann::json()},
                      {"customer_id", m.customer_id}};
  try {
    boost::asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(5));
    auto results = resolver.resolve(target->host, target->port);
    stream.connect(results);
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, target->path, 11};
    req.set(bhttp::field::host, target->host);
    req.set(bhttp::field::user_agent, "loopdesk-webhook");
    req.set(bhttp::field::content_type, "application/json");
    req.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    const unsigned code = res.result_int();
    if (code < 200 || code >= 300)
      return Status::Unavailable("webhook answered HTTP " + std::to_string(code));
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("webhook delivery failed: ") + e.what());
  }
}

}  // namespace loopdesk::http
