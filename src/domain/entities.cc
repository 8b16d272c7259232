#include "domain/entities.h"

#include <array>

namespace loopdesk {

std::string Actor::ToString() const {
  switch (kind) {
    case AuthorKind::kAgent: return "agent:" + std::to_string(id);
    case AuthorKind::kCustomer: return "customer:" + std::to_string(id);
    case AuthorKind::kSystem: break;
  }
  return "system";
}

namespace {
constexpr std::array<std::string_view, 5> kDepartments = {"service", "tech", "field", "sales",
                                                          "product"};
}

bool IsKnownDepartment(std::string_view d) {
  for (auto k : kDepartments)
    if (k == d) return true;
  return false;
}

std::string_view DepartmentNames() { return "service | tech | field | sales | product"; }

}  // namespace loopdesk
