// A progress bar on standard error, drawn only when standard error is a terminal (logs
// and CI stay clean). Not thread-safe: drive it from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace fabscope {

class Progress {
 public:
  Progress(std::string label, std::int64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::int64_t done);
  void finish();
  static void set_enabled(bool enabled);  // --quiet turns every bar off

 private:
  void draw(bool final);
  std::string m_label;
  std::int64_t m_total;
  std::int64_t m_done = 0;
  bool m_active;
  bool m_finished = false;
  std::chrono::steady_clock::time_point m_last_draw{};
};

}  // namespace fabscope
