#pragma once
// Staff notifications and outgoing webhooks of rules and SLA escalations, through the
// notification outbox (ports/voc_store.h). They are written in the transaction of the change
// that causes them, so a rolled-back change notifies nobody, and delivered after commit by the
// scheduler (Service::DeliverOutbox), at least once:
// - channel "staff" (recipient "agent:<id>", "role:<role>" or "team:<name>") goes to the
//   configured notification webhook (settings/voc notify_webhook or --notify-webhook), like
//   customer messages; without one it stays pending and listable (GET /api/v1/outbox);
// - channel "webhook" (a rule's webhook action) goes to its own URL, configured or not.

#include <string>

#include "app/operations.h"

namespace loopdesk {

Status QueueStaffNotification(Operations& ops, const Ticket& t, const std::string& recipient,
                              const std::string& subject, const std::string& body, TimeMs now);

Status QueueWebhook(Operations& ops, const Ticket& t, const std::string& url,
                    const std::string& subject, const std::string& body, TimeMs now);

// "工单 #12「subject」 (P2, open)": how a notification names its ticket.
std::string TicketLine(const Ticket& t);

}  // namespace loopdesk
