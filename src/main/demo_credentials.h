#pragma once
// Demo sign-in: with `serve --demo`, three people can sign in to the web application with a
// password: the admin, one supervisor and one agent. Their passwords are made once, when the
// credentials file does not exist yet, and kept in DATA_DIR/demo-credentials.txt (mode 0600)
// beside demo-admin-token.txt; every demo start prints them.

#include <ostream>
#include <string>

#include "app/service.h"
#include "ports/secrets.h"

namespace loopdesk {

// The admin's sign-in email in a demo (the bootstrap admin has no email of its own).
inline constexpr const char* kDemoAdminEmail = "admin@demo.loopdesk.local";

Status EnsureDemoCredentials(Service& svc, Secrets& secrets, const std::string& data_dir,
                             std::ostream& out);

}  // namespace loopdesk
