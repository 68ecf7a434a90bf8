// The one place where the modules' tables of texts are registered (core/catalog.hpp). The
// tables are data only (headers without dependencies), so that every program and test
// linking the core has the whole catalog.
#include "core/catalog.hpp"

#include <unordered_map>

#include "core/texts/cli.hpp"
#include "core/texts/errors.hpp"
#include "core/texts/territory.hpp"
#include "core/texts/web.hpp"
#include "core/texts/workshops.hpp"

namespace fabscope {

const std::vector<TextTable>& catalog_tables() {
  static const std::vector<TextTable> tables = {
      {"territory", territory::import_messages()},
      {"territory", territory::texts()},
      {"workshops", workshops::placement_messages()},
      {"workshops", workshops::duplicate_messages()},
      {"web", web::texts()},
      {"cli", cli::texts()},
      {"errors", errors::texts()},
  };
  return tables;
}

const MessageText* find_text(std::string_view key) {
  // Built once (thread-safe); with a duplicate key the first registered wins (the unit test
  // refuses duplicates).
  static const auto index = [] {
    std::unordered_map<std::string_view, const MessageText*> out;
    for (const auto& table : catalog_tables()) {
      for (const auto& t : table.texts) out.emplace(t.id, &t);
    }
    return out;
  }();
  const auto it = index.find(key);
  return it == index.end() ? nullptr : it->second;
}

std::string tr(Lang lang, std::string_view key) {
  const auto* t = find_text(key);
  return std::string(t != nullptr ? t->in(lang) : key);
}

}  // namespace fabscope
