// Service members for customer status links (app/ticket_status.h).

#include <unordered_map>

#include "app/service.h"

namespace loopdesk {

namespace {

// Events read for one ticket's public view; a ticket with more shows its first steps only.
constexpr int kMaxStatusEvents = 5000;

}  // namespace

Result<TicketStatusLink> Service::GetTicketStatusLink(const Principal& who, Id ticket_id,
                                                      bool create) {
  std::optional<TicketLinkRecord> link;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(Ticket t, uow.GetTicket(ticket_id));
    (void)t;
    LD_ASSIGN_OR_RETURN(link, uow.GetTicketLink(ticket_id));
    return Status::Ok();
  }));
  if (!link && !create) return Status::NotFound("this ticket has no status link yet");
  if (!link) {
    const TimeMs now = clock_.Now();
    const std::string token = secrets_.NewToken();
    LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
      LD_ASSIGN_OR_RETURN(Ticket t, ops.uow().GetTicket(ticket_id));
      // Another request may have made one meanwhile: keep the first.
      LD_ASSIGN_OR_RETURN(link, ops.uow().GetTicketLink(ticket_id));
      if (link) return Status::Ok();
      link = TicketLinkRecord{ticket_id, token, now};
      LD_RETURN_IF_ERROR(ops.uow().InsertTicketLink(*link));
      return ops.Emit(who.actor(), "ticket.link_created", now, t.id, t.customer_id,
                      Value::MakeObject());
    }));
  }
  TicketStatusLink out;
  out.ticket_id = ticket_id;
  out.token = link->token;
  out.created_at = link->created_at;
  std::string base;
  if (auto ctx = VocSnapshot())
    base = ctx->settings.public_base_url.empty() ? ctx->base_url : ctx->settings.public_base_url;
  out.url = base + "/t/" + link->token;
  return out;
}

Result<PublicTicketStatus> Service::FindPublicTicketStatus(const std::string& token) {
  if (token.empty()) return Status::NotFound("no ticket with this link");
  const TimeMs now = clock_.Now();
  std::optional<PublicTicketStatus> out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(auto link, uow.FindTicketLink(token));
    if (!link) return Status::Ok();
    LD_ASSIGN_OR_RETURN(Ticket t, uow.GetTicket(link->ticket_id));
    LD_ASSIGN_OR_RETURN(Customer c, uow.GetCustomer(t.customer_id));
    LD_ASSIGN_OR_RETURN(auto events, uow.ListTicketEvents(t.id, 0, kMaxStatusEvents));
    LD_ASSIGN_OR_RETURN(auto sla, uow.GetTicketSla(t.id));
    std::unordered_map<Id, std::string> names;
    Status lookup = Status::Ok();
    auto name_of = [&](Id agent_id) -> std::string {
      auto it = names.find(agent_id);
      if (it != names.end()) return it->second;
      auto a = uow.GetAgent(agent_id);
      if (!a.ok() && a.status().code() != Code::kNotFound) lookup = a.status();
      std::string n = a.ok() ? CustomerFacingName(a->name) : "";
      names.emplace(agent_id, n);
      return n;
    };
    out = BuildPublicTicketStatus(t, events, sla, name_of, c.language, now);
    LD_RETURN_IF_ERROR(lookup);
    // Closing the loop: the customer can rate the service from the status page.
    LD_ASSIGN_OR_RETURN(auto survey, uow.voc().FindTicketSurvey(t.id, SurveyKind::kCsat));
    if (survey) {
      out->survey_status = EffectiveStatus(*survey, now);
      if (out->survey_status == "sent") out->survey_path = "/s/" + survey->token;
    }
    return Status::Ok();
  }));
  if (!out) return Status::NotFound("no ticket with this link");
  return *out;
}

}  // namespace loopdesk
