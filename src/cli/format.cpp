#include "cli/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/error.hpp"
#include "core/text.hpp"

namespace fabscope::cli {

namespace {
std::size_t width(const std::string& s) {
  std::size_t w = 0;
  for (const char c : s) w += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return w;
}
}  // namespace

std::string table(const std::vector<std::vector<std::string>>& rows, bool header, bool align_numbers) {
  // A number: digits, separators (incl. the narrow no-break space), sign, %, or the
  // missing mark "—"; an optional " (manque N)" note does not count against it.
  auto numeric = [](const std::string& cell) {
    const std::string core = cell.substr(0, cell.find(" ("));
    if (core.empty()) return false;
    bool digit = false;
    for (std::size_t i = 0; i < core.size(); ++i) {
      const auto c = static_cast<unsigned char>(core[i]);
      if (std::isdigit(c) != 0) {
        digit = true;
      } else if (c == ' ' || c == '.' || c == ',' || c == '-' || c == '+' || c == '%') {
        continue;
      } else if (core.compare(i, 3, "\u202F") == 0 || core.compare(i, 3, "—") == 0) {
        digit = digit || core.compare(i, 3, "—") == 0;
        i += 2;
      } else {
        return false;
      }
    }
    return digit;
  };
  std::vector<std::size_t> w;
  std::vector<int> votes;  // > 0: mostly numbers, right-aligned
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (w.size() < r.size()) {
      w.resize(r.size(), 0);
      votes.resize(r.size(), 0);
    }
    for (std::size_t c = 0; c < r.size(); ++c) {
      w[c] = std::max(w[c], width(r[c]));
      if ((i > 0 || !header) && !r[c].empty()) votes[c] += numeric(r[c]) ? 1 : -1;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    for (std::size_t c = 0; c < r.size(); ++c) {
      const std::string pad(w[c] - width(r[c]), ' ');
      if (c > 0) out += "  ";
      out += align_numbers && c > 0 && votes[c] > 0 ? pad + r[c] : r[c] + pad;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
    if (i == 0 && header) {
      std::size_t total = 0;
      for (const auto x : w) total += x + 2;
      for (std::size_t k = 0; k + 2 < total; ++k) out += "─";
      out += '\n';
    }
  }
  return out;
}

std::string raw(double v) { return text::format_double(v); }

void emit(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return;
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) throw Error(ExitCode::failure, fmt::format("cannot write {}", path));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(ExitCode::failure, fmt::format("cannot write {}: {}", path, ec.message()));
}

}  // namespace fabscope::cli
