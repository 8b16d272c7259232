#include "main/demo_credentials.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace loopdesk {

namespace fs = std::filesystem;

namespace {

struct Login {
  std::string role, email, password;
};

// The first agent of `role`; for kAgent the first one with a ticket in status `open` (so
// "my queue" shows running SLA clocks), else the first with any unresolved ticket.
Result<std::optional<Agent>> PickAgent(Service& svc, const Principal& admin, Role role) {
  AgentFilter f;
  f.role = role;
  f.limit = 200;
  LD_ASSIGN_OR_RETURN(auto page, svc.ListAgents(admin, f));
  for (bool strict : {true, false}) {
    for (const Agent& a : page.items) {
      if (a.email.empty()) continue;
      if (role != Role::kAgent) return std::optional<Agent>(a);
      TicketFilter t;
      t.assignee_id = a.id;
      if (strict)
        t.status = TicketStatus::kOpen;
      else
        t.active_only = true;
      t.limit = 1;
      LD_ASSIGN_OR_RETURN(auto open, svc.ListTickets(admin, t));
      if (!open.items.empty()) return std::optional<Agent>(a);
    }
  }
  return std::optional<Agent>();
}

std::string NewPassword(Secrets& secrets) {
  std::string t = secrets.NewToken();  // "ld_" + base64url
  return "demo-" + t.substr(3, 10);
}

}  // namespace

Status EnsureDemoCredentials(Service& svc, Secrets& secrets, const std::string& data_dir,
                             std::ostream& out) {
  const fs::path file = fs::path(data_dir) / "demo-credentials.txt";
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    Principal admin;
    admin.role = Role::kAdmin;
    std::vector<Login> logins;
    AgentFilter f;
    f.role = Role::kAdmin;
    f.limit = 1;
    LD_ASSIGN_OR_RETURN(auto admins, svc.ListAgents(admin, f));
    if (admins.items.empty()) return Status::Ok();  // no admin: nothing to sign in as
    Agent root = admins.items.front();
    admin.agent_id = root.id;
    if (root.email.empty()) {
      AgentPatch p;
      p.email = kDemoAdminEmail;
      LD_ASSIGN_OR_RETURN(root, svc.UpdateAgent(admin, root.id, p));
    }
    logins.push_back({"admin", root.email, NewPassword(secrets)});
    LD_RETURN_IF_ERROR(svc.SetPassword(admin, root.id, logins.back().password));
    for (auto [role, name] :
         {std::pair{Role::kSupervisor, "supervisor"}, std::pair{Role::kAgent, "agent"}}) {
      LD_ASSIGN_OR_RETURN(auto a, PickAgent(svc, admin, role));
      if (!a) continue;
      logins.push_back({name, a->email, NewPassword(secrets)});
      LD_RETURN_IF_ERROR(svc.SetPassword(admin, a->id, logins.back().password));
    }
    {
      std::ofstream o(file);
      for (const Login& l : logins) o << l.role << " " << l.email << " " << l.password << "\n";
      if (!o) return Status::Unavailable("cannot write " + file.string());
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                    ec);
  }
  std::ifstream in(file);
  std::string role, email, password;
  out << "demo sign-in (also in " << file.string() << "):\n";
  while (in >> role >> email >> password)
    out << "  " << role << ": " << email << " / " << password << "\n";
  out.flush();
  return Status::Ok();
}

}  // namespace loopdesk
