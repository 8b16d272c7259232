#include "domain/feedback_link.h"

#include <algorithm>
#include <set>

namespace loopdesk {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The strings that name `product` in a text: the whole name and its model tokens.
std::vector<std::string> Names(std::string_view product) {
  std::vector<std::string> out;
  const std::string whole = Lower(product);
  if (whole.empty()) return out;
  out.push_back(whole);
  size_t i = 0;
  while (i < whole.size()) {
    while (i < whole.size() && whole[i] == ' ') ++i;
    size_t j = i;
    while (j < whole.size() && whole[j] != ' ') ++j;
    std::string tok = whole.substr(i, j - i);
    const bool digit = std::any_of(tok.begin(), tok.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (tok.size() >= 2 && digit && tok != whole) out.push_back(tok);
    i = j;
  }
  return out;
}

// True when `name` occurs in `text` not glued to other ASCII letters or digits ("l7" must not
// match inside "l70" or "xl7").
bool Contains(const std::string& text, const std::string& name) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  for (size_t p = text.find(name); p != std::string::npos; p = text.find(name, p + 1)) {
    const bool left_ok = p == 0 || !alnum(text[p - 1]) || !alnum(name.front());
    const size_t e = p + name.size();
    const bool right_ok = e >= text.size() || !alnum(text[e]) || !alnum(name.back());
    if (left_ok && right_ok) return true;
  }
  return false;
}

struct Candidate {
  std::string product;
  std::optional<Id> order_id, asset_id;
  TimeMs when = 0;
  bool asset = false;
};

}  // namespace

ProductLink LinkToProduct(std::string_view text, TimeMs at, const std::vector<Order>& orders,
                          const std::vector<Asset>& assets) {
  std::vector<Candidate> cands;
  for (const Asset& a : assets) {
    const TimeMs when = a.installed_at.value_or(a.created_at);
    if (when > at || a.product.empty()) continue;
    cands.push_back({a.product, std::nullopt, a.id, when, true});
  }
  for (const Order& o : orders) {
    const TimeMs when = o.ordered_at ? o.ordered_at : o.created_at;
    if (when > at || o.product.empty()) continue;
    cands.push_back({o.product, o.id, std::nullopt, when, false});
  }
  ProductLink out;
  if (cands.empty()) return out;
  // Newest first; assets before orders at the same time.
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    if (a.when != b.when) return a.when > b.when;
    return a.asset && !b.asset;
  });
  auto take = [&out](const Candidate& c, std::string_view how) {
    out.product = c.product;
    out.order_id = c.order_id;
    out.asset_id = c.asset_id;
    out.link = std::string(how);
    return out;
  };

  const std::string lower = Lower(text);
  const Candidate* best = nullptr;
  size_t best_len = 0;
  for (const Candidate& c : cands) {
    size_t len = 0;
    for (const std::string& n : Names(c.product))
      if (n.size() > len && Contains(lower, n)) len = n.size();
    if (len == 0) continue;
    // Longer match wins; at equal length an asset beats an order, then the newest (order of
    // `cands`).
    if (!best || len > best_len || (len == best_len && c.asset && !best->asset)) {
      best = &c;
      best_len = len;
    }
  }
  if (best) return take(*best, kLinkMentioned);

  std::set<std::string> distinct;
  for (const Candidate& c : cands) distinct.insert(c.product);
  if (distinct.size() == 1) {
    // Prefer the asset (it carries the serial and warranty) of the one product.
    for (const Candidate& c : cands)
      if (c.asset) return take(c, kLinkOnlyProduct);
    return take(cands.front(), kLinkOnlyProduct);
  }
  for (const Candidate& c : cands)
    if (c.asset) return take(c, kLinkLatestAsset);
  return take(cands.front(), kLinkLatestOrder);
}

}  // namespace loopdesk
