// The documents fabscope hands over, the same for the CLI (`fabscope report`, `fabscope
// export`) and the server: self-contained HTML reports (the page a user saw, inline CSS
// and SVG, print stylesheet, no navigation; PDF through Chromium) and the XLSX
// workbook of the export.
#pragma once

#include <filesystem>
#include <string>

#include "web/pages.hpp"

namespace fabscope::report {

enum class ReportKind { workshop, territory, panel };
// r.captures: {"", id} for a workshop, {"", level, code} for a territory.
std::string report_html(ReportKind kind, const web::PageRequest& r);

// Prints `html_path` to `pdf_path` (A4, the print stylesheet) with the machine's Chromium
// (Debian package chromium), through a temporary file; throws Error naming what failed.
void print_pdf(const std::filesystem::path& html_path, const std::filesystem::path& pdf_path);
// The report as PDF bytes (the server's "PDF" buttons): written to a private temporary
// directory, printed, read back, removed.
std::string report_pdf(ReportKind kind, const web::PageRequest& r);

// The workbook of `fabscope export --format xlsx`: territories of every level, the
// workshops with their scores, white zones, the analyses, the workshops' economic impacts
// and the recommendations (with the input-output table of `data_dir`), and a sheet
// documenting sources and definitions.
std::string export_workbook(const std::filesystem::path& store_path, Lang lang, const std::filesystem::path& data_dir);

}  // namespace fabscope::report
