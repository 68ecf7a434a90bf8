#include "core/error.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace fabscope {

std::string Location::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += fmt::format(":{}", line);
    if (column > 0) out += fmt::format(":{}", column);
  }
  if (!field.empty()) out += out.empty() ? field : fmt::format(" ({})", field);
  return out;
}

std::string Problem::to_string() const {
  const std::string where_text = where.to_string();
  return where_text.empty() ? message : where_text + ": " + message;
}

namespace {
std::string join_problems(const std::vector<Problem>& problems, std::size_t total) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += '\n';
    out += p.to_string();
  }
  if (total > problems.size()) {
    out += fmt::format("\n… and {} more problem(s)", total - problems.size());
  }
  return out;
}
}  // namespace

InputError::InputError(std::vector<Problem> problems, std::size_t total)
    : Error(ExitCode::bad_input, join_problems(problems, total == 0 ? problems.size() : total)),
      m_problems(std::move(problems)),
      m_total(total == 0 ? m_problems.size() : total) {}

bool shrink_refused(std::int64_t before, std::int64_t after) { return before > 0 && after * 2 < before; }

ShrinkError::ShrinkError(const std::string& dataset, std::int64_t before, std::int64_t after)
    : Error(ExitCode::bad_input,
            fmt::format(fmt::runtime(tr(Lang::en, "error.shrink")), dataset,
                        text::group_digits(static_cast<double>(after), 0, Lang::en),
                        text::group_digits(static_cast<double>(before), 0, Lang::en)),
            fmt::format(fmt::runtime(tr(Lang::fr, "error.shrink")), dataset,
                        text::group_digits(static_cast<double>(after), 0, Lang::fr),
                        text::group_digits(static_cast<double>(before), 0, Lang::fr))),
      m_before(before),
      m_after(after) {}

void ProblemList::add(Location where, std::string message) {
  ++m_total;
  if (m_kept.size() < kMaxKept) m_kept.push_back({std::move(where), std::move(message)});
}

void ProblemList::throw_if_any() const {
  if (m_total > 0) throw InputError(m_kept, m_total);
}

}  // namespace fabscope
