// The documents fabscope hands over, the same for the CLI (`fabscope report`, `fabscope
// export`) and the server: self-contained HTML reports (the page a user saw, inline CSS
// and SVG, print stylesheet, no navigation; PDF through Chromium in the CLI) and the XLSX
// workbook of the export.
#pragma once

#include <filesystem>
#include <string>

#include "web/pages.hpp"

namespace fabscope::report {

enum class ReportKind { workshop, territory, panel };
// r.captures: {"", id} for a workshop, {"", level, code} for a territory.
std::string report_html(ReportKind kind, const web::PageRequest& r);

// The workbook of `fabscope export --format xlsx`: territories of every level, the
// workshops with their scores, white zones, and a sheet documenting sources and definitions.
std::string export_workbook(const std::filesystem::path& store_path, Lang lang);

}  // namespace fabscope::report
