#pragma once
// Feedback items and their link to what the customer bought (docs/voc.md "Feedback causes by
// product and period").
//
// A feedback item is one classified piece of customer feedback: an answered survey's comment
// or a complaint ticket, with its cause in the feedback taxonomy. To count causes by product,
// each item is linked to one order or asset of the customer by LinkToProduct, which says how
// it decided (`link`), so a reader can keep only the certain links.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.h"

namespace loopdesk {

// How an item was tied to a product, most certain first.
//   mentioned     the feedback text names the product (its name or a model token such as "L7")
//   only_product  the customer owns exactly one product
//   latest_asset  the customer's newest asset installed (or registered) before the feedback
//   latest_order  the customer's newest order placed before the feedback
//   none          the customer has no order or asset before the feedback
inline constexpr std::string_view kLinkMentioned = "mentioned";
inline constexpr std::string_view kLinkOnlyProduct = "only_product";
inline constexpr std::string_view kLinkLatestAsset = "latest_asset";
inline constexpr std::string_view kLinkLatestOrder = "latest_order";
inline constexpr std::string_view kLinkNone = "none";

struct ProductLink {
  std::string product;  // "" when none
  std::optional<Id> order_id;
  std::optional<Id> asset_id;
  std::string link = std::string(kLinkNone);
};

// Links feedback given at `at` with `text` (the comment, or the ticket's subject and
// description) to one of the customer's orders/assets. Only orders placed and assets
// installed/registered at or before `at` count. Product names are compared case-insensitively
// (ASCII); a name matches when the text contains the whole name or one of its model tokens
// (a space-separated part of at least two characters that contains a digit, e.g. "L7",
// "KX-5"). Among several matches the longest matched string wins, then an asset before an
// order, then the newest.
ProductLink LinkToProduct(std::string_view text, TimeMs at, const std::vector<Order>& orders,
                          const std::vector<Asset>& assets);

// One classified piece of feedback (table feedback_items).
struct FeedbackItem {
  Id id = 0;
  std::string source;  // survey | complaint
  Id source_id = 0;    // the survey id, or the complaint's ticket id
  std::optional<Id> ticket_id;
  Id customer_id = 0;
  TimeMs at = 0;       // answered_at, or when the complaint was recorded
  std::string cause;   // taxonomy label
  double confidence = 0;
  // A complaint, or a survey scored below 7 on the 0–10 scale (CSAT 1–3, NPS 0–6): the
  // feedback the top causes are counted from.
  bool negative = false;
  ProductLink product;
};

// Whether a survey answer counts as negative feedback (scaled score below 7).
inline constexpr double kNegativeBelow = 7.0;

}  // namespace loopdesk
