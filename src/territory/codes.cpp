#include "territory/codes.hpp"

namespace fabscope::territory {

CodeMap::CodeMap(const std::vector<sources::CogCommune>& cog, const std::unordered_map<std::string, std::size_t>& index)
    : m_map(index) {
  for (const auto& c : cog) {
    if (c.type != "commune-actuelle") continue;
    const auto target = index.at(c.code);
    for (const auto& old : c.old_codes) m_map.emplace(old, target);
  }
  for (const auto& c : cog) {
    if (c.type == "commune-deleguee" || c.type == "commune-associee") {
      if (const auto it = index.find(c.parent); it != index.end()) m_map.emplace(c.code, it->second);
    }
  }
  for (const auto& c : cog) {
    if (c.type == "arrondissement-municipal") {
      m_arm.insert(c.code);
      if (const auto it = index.find(c.parent); it != index.end()) m_map.emplace(c.code, it->second);
    }
  }
}

std::ptrdiff_t CodeMap::find(const std::string& code) const {
  const auto it = m_map.find(code);
  return it == m_map.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
}

}  // namespace fabscope::territory
