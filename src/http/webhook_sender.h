#pragma once
// WebhookSender: the NotificationSender that POSTs each outbox message as JSON to an
// http:// URL (Boost.Beast, synchronous, 5 s timeout). A 2xx answer counts as delivered.
// https:// endpoints are refused (no TLS in this build): put a local relay in front.

#include "ports/notifier.h"

namespace loopdesk::http {

class WebhookSender final : public NotificationSender {
 public:
  // Body: {id, channel, recipient, subject, body, purpose, survey_id, customer_id}.
  Status Send(const OutboxMessage& m, const std::string& endpoint) override;
};

}  // namespace loopdesk::http
