#include "app/demo_knowledge.h"

namespace loopdesk {

Result<int> SeedDemoKnowledge(KnowledgeService& kb) {
  Principal system;
  system.role = Role::kAdmin;  // agent id 0: events say "system"
  ArticleFilter one;
  one.limit = 1;
  LD_ASSIGN_OR_RETURN(Page<Article> existing, kb.List(system, one));
  if (!existing.items.empty()) return 0;
  int created = 0;
  for (const DemoArticle& d : DemoArticles()) {
    NewArticle a;
    a.title = std::string(d.title);
    a.body = std::string(d.body);
    a.category = std::string(d.category);
    a.language = std::string(d.language);
    std::string_view tags = d.tags;
    while (!tags.empty()) {
      size_t sp = tags.find(' ');
      if (sp != 0) a.tags.emplace_back(tags.substr(0, sp));
      if (sp == std::string_view::npos) break;
      tags.remove_prefix(sp + 1);
    }
    LD_RETURN_IF_ERROR(kb.Create(system, a).status());
    ++created;
  }
  return created;
}

}  // namespace loopdesk
