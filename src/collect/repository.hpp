// Instruments in the store: every imported version of every form, and what changed from
// one version to the next (docs/collect/xlsform.md, "Versions").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "collect/instrument.hpp"
#include "store/store.hpp"

namespace fabscope::collect {

struct InstrumentChange {
  std::string question, change, before, after;
};

struct StoredInstrument {
  std::string form_id;
  int version = 0;
  std::string form_version, title, source, sha256, imported_at;
  InstrumentSummary summary;
};

struct ImportResult {
  StoredInstrument stored;
  bool unchanged = false;  // the same workbook as the latest version: nothing was written
  std::vector<InstrumentChange> changes;
};

// The changes from `before` to `after`, question by question (by name).
std::vector<InstrumentChange> compare(const Instrument& before, const Instrument& after);

// Stores `instrument` read from `workbook` (its bytes) as the next version of its form_id,
// with its changes, in one savepoint; the same bytes as the latest version store nothing.
ImportResult save_instrument(store::Store& store, const Instrument& instrument, const std::string& workbook,
                             const std::string& source);

// The latest version of every form (form_id order).
std::vector<StoredInstrument> list_instruments(store::Store& store);
// Every version of a form, oldest first.
std::vector<StoredInstrument> instrument_versions(store::Store& store, const std::string& form_id);
std::vector<InstrumentChange> instrument_changes(store::Store& store, const std::string& form_id, int version);
// A version of a form (the latest when `version` is empty), read again from its workbook;
// nullopt when there is no such form or version.
std::optional<std::pair<StoredInstrument, Instrument>> load_instrument(store::Store& store, const std::string& form_id,
                                                                       std::optional<int> version = std::nullopt);

}  // namespace fabscope::collect
