#include "core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace fabscope {
namespace {
bool g_enabled = true;
}

void Progress::set_enabled(bool enabled) { g_enabled = enabled; }

Progress::Progress(std::string label, std::int64_t total)
    : m_label(std::move(label)), m_total(total), m_active(g_enabled && isatty(STDERR_FILENO) != 0) {
  if (m_active) draw(false);
}

Progress::~Progress() { finish(); }

void Progress::update(std::int64_t done) {
  m_done = done;
  if (!m_active) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - m_last_draw < std::chrono::milliseconds(80)) return;
  m_last_draw = now;
  draw(false);
}

void Progress::finish() {
  if (m_finished) return;
  m_finished = true;
  if (m_active) {
    if (m_total > 0) m_done = m_total;
    draw(true);
  }
}

void Progress::draw(bool final) {
  constexpr int kWidth = 30;
  std::string line;
  if (m_total > 0) {
    const double frac = std::min(1.0, static_cast<double>(m_done) / static_cast<double>(m_total));
    const int filled = static_cast<int>(frac * kWidth);
    line = fmt::format("\r{:<34} [{}{}] {:3.0f}%", m_label, std::string(filled, '#'), std::string(kWidth - filled, ' '),
                       frac * 100);
  } else {
    line = fmt::format("\r{:<34} {}", m_label, m_done);
  }
  std::fputs(line.c_str(), stderr);
  if (final) std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace fabscope
