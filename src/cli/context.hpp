// What every command receives: the settings resolved once (defaults, then environment,
// then command line) and validated.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/lang.hpp"
#include "store/store.hpp"

namespace fabscope::cli {

struct Context {
  std::filesystem::path data_dir;    // --data, FABSCOPE_DATA, or ../shared/data beside the checkout
  std::filesystem::path store_path;  // --store, FABSCOPE_STORE, or ./fabscope.db
  std::string lang_option = "fr";    // --lang fr|en (checked by the option)
  bool quiet = false;

  // Opens the store; `must_exist` gives a clear error instead of creating an empty one.
  [[nodiscard]] std::unique_ptr<store::Store> open_store(bool must_exist) const;
  [[nodiscard]] Lang lang() const { return parse_lang(lang_option); }
};

}  // namespace fabscope::cli
