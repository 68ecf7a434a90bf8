// Answers as the référentiel reads them (answer_values.hpp).
#include "collect/answer_values.hpp"

#include <cmath>
#include <functional>
#include <limits>

#include "collect/answers_store.hpp"
#include "collect/repository.hpp"
#include "core/text.hpp"

namespace fabscope::collect {

double numeric_answer(const Instrument& instrument, const Item& q, const std::string& value) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const auto t = text::trim(value);
  if (t.empty()) return kNaN;
  if (q.type == "integer" || q.type == "decimal" || q.type == "range" || q.type == "calculate") {
    return text::parse_double(t).value_or(kNaN);
  }
  if (q.type == "select_multiple") {
    double n = 0;
    for (const auto& p : text::split(t, ' ')) n += p.empty() ? 0 : 1;
    return n;
  }
  if (q.type == "select_one") {
    const bool likert = q.column("appearance").find("likert") != std::string::npos;
    if (const auto d = text::parse_double(t); d && !likert) return *d;
    const auto lower = text::to_lower(t);
    if (lower == "yes" || lower == "oui") return 1;
    if (lower == "no" || lower == "non") return 0;
    const auto* list = instrument.list(q.list);
    if (list == nullptr || list->choices.size() < 2) return kNaN;
    for (std::size_t i = 0; i < list->choices.size(); ++i) {
      if (list->choices[i].name == t) return static_cast<double>(i) / static_cast<double>(list->choices.size() - 1);
    }
    return kNaN;
  }
  return kNaN;
}

std::map<std::string, std::map<std::string, AnswerValue>> workshop_answers(store::Store& store,
                                                                           const std::string& workshop_id) {
  std::map<std::string, std::map<std::string, AnswerValue>> out;
  SQLite::Statement forms(store.db(),
                          "SELECT DISTINCT form_id, version FROM submission WHERE workshop_id != '' "
                          "AND (?1 = '' OR workshop_id = ?1)");
  forms.bind(1, workshop_id);
  std::vector<std::pair<std::string, int>> versions;
  while (forms.executeStep()) versions.emplace_back(forms.getColumn(0).getString(), forms.getColumn(1).getInt());
  for (const auto& [form_id, version] : versions) {
    const auto loaded = load_instrument(store, form_id, version);
    if (!loaded) continue;
    const auto& ins = loaded->second;
    std::map<std::string, const Item*> questions;
    for (const auto* q : ins.questions()) questions.emplace(q->name, q);
    SQLite::Statement q(store.db(),
                        "SELECT workshop_id, data, fictitious FROM submission WHERE workshop_id != '' AND form_id = ? "
                        "AND version = ? AND (?3 = '' OR workshop_id = ?3) ORDER BY id");
    q.bind(1, form_id);
    q.bind(2, version);
    q.bind(3, workshop_id);
    while (q.executeStep()) {
      const auto workshop = q.getColumn(0).getString();
      const auto record = record_from_json(q.getColumn(1).getString());
      const bool fictitious = q.getColumn(2).getInt() != 0;
      for (const auto& [name, value] : record.values) {
        const auto it = questions.find(name);
        if (it == questions.end()) continue;
        const double v = numeric_answer(ins, *it->second, value);
        if (std::isnan(v)) continue;
        const auto add = [&](const std::string& key) {
          auto& slot = out[workshop][key];
          slot.value += (v - slot.value) / static_cast<double>(++slot.respondents);  // running mean
          slot.fictitious = slot.fictitious || fictitious;
        };
        add(name);
        if (const auto field = it->second->column("fabscope::field"); !field.empty()) {
          add("field:" + field);
          // A set-valued field (equipment, offer, publics, networks) is read by the référentiel as its count.
          static const std::map<std::string, std::string> kCounts = {{"equipment", "equipment_count"},
                                                                     {"offer", "offer_count"},
                                                                     {"publics", "publics_count"},
                                                                     {"networks", "network_count"}};
          if (const auto c = kCounts.find(field); c != kCounts.end() && it->second->type == "select_multiple") {
            add("field:" + c->second);
          }
        }
      }
    }
  }
  return out;
}

}  // namespace fabscope::collect
