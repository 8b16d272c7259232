#include "app/notify_ops.h"

#include "domain/voc.h"

namespace loopdesk {

namespace {

Status Queue(Operations& ops, const Ticket& t, const std::string& channel,
             const std::string& recipient, const std::string& subject, const std::string& body,
             const std::string& purpose, TimeMs now) {
  OutboxMessage m;
  m.channel = channel;
  m.recipient = recipient;
  m.subject = subject;
  m.body = body;
  m.purpose = purpose;
  m.customer_id = t.customer_id;
  m.created_at = now;
  m.next_attempt_at = now;
  return ops.uow().voc().InsertOutbox(m);
}

}  // namespace

std::string TicketLine(const Ticket& t) {
  return "工单 #" + std::to_string(t.id) + "「" + t.subject + "」 (" +
         std::string(Name(t.priority)) + ", " + std::string(Name(t.status)) + ")";
}

Status QueueStaffNotification(Operations& ops, const Ticket& t, const std::string& recipient,
                              const std::string& subject, const std::string& body, TimeMs now) {
  return Queue(ops, t, "staff", recipient, subject, body, "notify", now);
}

Status QueueWebhook(Operations& ops, const Ticket& t, const std::string& url,
                    const std::string& subject, const std::string& body, TimeMs now) {
  return Queue(ops, t, "webhook", url, subject, body, "webhook", now);
}

}  // namespace loopdesk
