#include "http/categories_routes.h"

#include <string_view>

#include "app/feedback.h"
#include "domain/inference.h"
#include "http/json_io.h"

namespace loopdesk::http {

void AddCategoryRoutes(Router& R, const Authenticate& authed) {
  R.Add("GET", "/api/v1/categories", authed([](Request&, const Principal&) {
          json items = json::array();
          std::string_view names = DefaultCategoryNames();  // "a | b | c"
          while (!names.empty()) {
            const size_t bar = names.find('|');
            std::string_view slug = names.substr(0, bar);
            while (!slug.empty() && slug.front() == ' ') slug.remove_prefix(1);
            while (!slug.empty() && slug.back() == ' ') slug.remove_suffix(1);
            if (!slug.empty()) items.push_back({{"slug", std::string(slug)}, {"default", true}});
            if (bar == std::string_view::npos) break;
            names.remove_prefix(bar + 1);
          }
          json causes = json::array();
          for (std::string_view c : FeedbackCauses()) causes.push_back({{"label", std::string(c)}});
          return JsonResponse(200, json{{"items", std::move(items)},
                                        {"causes", std::move(causes)},
                                        {"next_cursor", nullptr}});
        }));
}

}  // namespace loopdesk::http
