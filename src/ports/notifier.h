#pragma once
// Notification port: delivers one outbox message. The webhook adapter lives in
// src/http/webhook_sender.*; SMTP or WeChat senders can implement the same interface.

#include <string>

#include "common/status.h"
#include "domain/voc.h"

namespace loopdesk {

class NotificationSender {
 public:
  virtual ~NotificationSender() = default;
  // Delivers `m` to `endpoint` (the configured webhook URL). OK only when the receiver
  // accepted it (2xx); otherwise an error saying why (kUnavailable for network failures,
  // kInvalidArgument for an unusable endpoint). Thread-safe; may block up to its timeout.
  virtual Status Send(const OutboxMessage& m, const std::string& endpoint) = 0;
};

}  // namespace loopdesk
