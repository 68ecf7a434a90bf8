// XLSForm, the spreadsheet form of questionnaires that KoboToolbox and ODK read: import
// with validation (every problem located at its sheet, row and column), export back as a
// spreadsheet without loss, and export as an ODK XForm (docs/collect/xlsform.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "collect/instrument.hpp"
#include "io/xlsx_writer.hpp"

namespace fabscope::collect {

// Reads and validates an XLSForm workbook. `stem` names the form when its settings do not
// (the file name without extension, as pyxform does). Throws InputError listing every
// problem (file!sheet:row:column (cell, column name): message); what does not stop the
// import is in Instrument::warnings.
Instrument read_xlsform(const std::filesystem::path& path);
Instrument read_xlsform_bytes(std::string bytes, const std::string& label, const std::string& stem);

// The sheets as written, for io::write_xlsx: reading them back gives the same instrument.
std::vector<io::XlsxSheet> xlsform_sheets(const Instrument& instrument);

// The ODK XForm (XML) of the instrument, as pyxform writes it: instance, binds, itext
// translations, secondary instances for filtered choice lists, body controls.
std::string to_xform(const Instrument& instrument);

}  // namespace fabscope::collect
