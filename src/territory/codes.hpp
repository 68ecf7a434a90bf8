// Maps a commune code of any vintage to its COG 2026 commune (docs/methods/territory.md):
// commune actuelle → itself; anciens codes → the commune that absorbed them; commune
// déléguée or associée → its chef-lieu; arrondissement municipal → its commune.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sources/records.hpp"

namespace fabscope::territory {

class CodeMap {
 public:
  // `index`: code of each commune actuelle -> its position in the caller's table.
  CodeMap(const std::vector<sources::CogCommune>& cog, const std::unordered_map<std::string, std::size_t>& index);
  // Position of the COG 2026 commune for `code`, or -1.
  [[nodiscard]] std::ptrdiff_t find(const std::string& code) const;
  [[nodiscard]] bool is_arm(const std::string& code) const { return m_arm.count(code) != 0; }

 private:
  std::unordered_map<std::string, std::size_t> m_map;
  std::unordered_set<std::string> m_arm;
};

}  // namespace fabscope::territory
