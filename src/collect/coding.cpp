// Qualitative coding: agreement and the case × code matrix (coding.hpp).
#include "collect/coding.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include "core/sha256.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"

namespace fabscope::collect {

std::vector<Coding> read_codings(const std::string& csv, const std::string& label) {
  io::CsvReader reader(csv, label);
  std::vector<std::string_view> f;
  if (!reader.next(f)) throw InputError(Problem{{label, 1, 0, {}}, "empty file: no header row"});
  const auto cols = io::require_columns(f, {"case", "segment", "code", "coder"}, reader.where(0));
  const std::size_t width = f.size();
  std::vector<Coding> out;
  ProblemList problems;
  while (reader.next(f)) {
    if (f.size() != width) {
      problems.add(reader.where(std::min(f.size(), width)), fmt::format("{} fields for {} columns", f.size(), width));
      continue;
    }
    Coding c{std::string(text::trim(f[cols[0]])), std::string(text::trim(f[cols[1]])),
             std::string(text::trim(f[cols[2]])), std::string(text::trim(f[cols[3]]))};
    const char* names[] = {"case", "segment", "code", "coder"};
    const std::string* values[] = {&c.case_id, &c.segment, &c.code, &c.coder};
    bool ok = true;
    for (std::size_t k = 0; k < 4; ++k) {
      if (values[k]->empty() && k != 1) {
        problems.add(reader.where(cols[k], names[k]), "empty");
        ok = false;
      }
    }
    if (out.size() == 1000000) {
      problems.add(reader.where(0), "more than 1,000,000 codings");
      break;
    }
    if (ok) out.push_back(std::move(c));
  }
  problems.throw_if_any();
  return out;
}

double krippendorff_alpha_nominal(const std::vector<std::vector<int>>& units) {
  // The coincidence matrix: each ordered pair of values within a unit of m values adds
  // 1 / (m − 1) to o[c][k].
  std::map<std::pair<int, int>, double> o;
  std::map<int, double> n_c;
  double n = 0;
  for (const auto& u : units) {
    const auto m = u.size();
    if (m < 2) continue;
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < m; ++j) {
        if (i == j) continue;
        o[{u[i], u[j]}] += 1.0 / static_cast<double>(m - 1);
      }
    }
  }
  double disagree = 0;
  for (const auto& [ck, v] : o) {
    n_c[ck.first] += v;
    n += v;
    if (ck.first != ck.second) disagree += v;
  }
  double expected = 0;
  for (const auto& [c, nc] : n_c) {
    for (const auto& [k, nk] : n_c) {
      if (c != k) expected += nc * nk;
    }
  }
  if (n < 2 || expected == 0) return std::numeric_limits<double>::quiet_NaN();
  return 1 - (n - 1) * disagree / expected;
}

AgreementResult agreement(const std::vector<Coding>& codings) {
  AgreementResult out;
  std::set<std::string> coders, codes;
  std::set<std::pair<std::string, std::string>> units;                               // (case, segment)
  std::set<std::pair<std::string, std::string>> read;                                // (coder, case)
  std::set<std::tuple<std::string, std::string, std::string, std::string>> applied;  // coder, case, segment, code
  for (const auto& c : codings) {
    coders.insert(c.coder);
    codes.insert(c.code);
    units.insert({c.case_id, c.segment});
    read.insert({c.coder, c.case_id});
    applied.insert({c.coder, c.case_id, c.segment, c.code});
  }
  out.coders.assign(coders.begin(), coders.end());
  out.codes.assign(codes.begin(), codes.end());
  out.units = units.size();
  const auto value = [&](const std::string& coder, const std::pair<std::string, std::string>& u,
                         const std::string& code) {
    if (!read.contains({coder, u.first})) return -1;  // not read: missing
    return applied.contains({coder, u.first, u.second, code}) ? 1 : 0;
  };
  std::vector<std::vector<int>> all_units;
  for (const auto& code : out.codes) {
    std::vector<std::vector<int>> per_code;
    for (const auto& u : units) {
      std::vector<int> vals;
      for (const auto& coder : out.coders) {
        if (const int v = value(coder, u, code); v >= 0) vals.push_back(v);
      }
      per_code.push_back(vals);
      all_units.push_back(std::move(vals));
    }
    out.alpha[code] = krippendorff_alpha_nominal(per_code);
    for (std::size_t a = 0; a < out.coders.size(); ++a) {
      for (std::size_t b = a + 1; b < out.coders.size(); ++b) {
        AgreementResult::Kappa k{code, out.coders[a], out.coders[b], 0, 0, 0, 0};
        double both = 0, agree = 0, pa = 0, pb = 0;
        for (const auto& u : units) {
          const int va = value(out.coders[a], u, code);
          const int vb = value(out.coders[b], u, code);
          if (va < 0 || vb < 0) continue;
          both += 1;
          agree += va == vb ? 1 : 0;
          pa += va;
          pb += vb;
        }
        k.units = static_cast<std::size_t>(both);
        if (both == 0) {
          k.observed = k.expected = k.kappa = std::numeric_limits<double>::quiet_NaN();
        } else {
          pa /= both;
          pb /= both;
          k.observed = agree / both;
          k.expected = pa * pb + (1 - pa) * (1 - pb);
          k.kappa =
              k.expected >= 1 ? std::numeric_limits<double>::quiet_NaN() : (k.observed - k.expected) / (1 - k.expected);
        }
        out.kappas.push_back(k);
      }
    }
  }
  out.alpha["*"] = krippendorff_alpha_nominal(all_units);
  return out;
}

CodeMatrix code_matrix(const std::vector<Coding>& codings, const std::string& coder) {
  CodeMatrix m;
  std::set<std::string> cases, codes;
  std::set<std::tuple<std::string, std::string, std::string>> seen;  // case, code, segment
  for (const auto& c : codings) {
    if (!coder.empty() && c.coder != coder) continue;
    cases.insert(c.case_id);
    codes.insert(c.code);
  }
  m.cases.assign(cases.begin(), cases.end());
  m.codes.assign(codes.begin(), codes.end());
  m.counts.assign(m.cases.size() * m.codes.size(), 0);
  for (const auto& c : codings) {
    if (!coder.empty() && c.coder != coder) continue;
    if (!seen.insert({c.case_id, c.code, c.segment}).second) continue;  // a segment counts once per code
    const auto i =
        static_cast<std::size_t>(std::lower_bound(m.cases.begin(), m.cases.end(), c.case_id) - m.cases.begin());
    const auto j = static_cast<std::size_t>(std::lower_bound(m.codes.begin(), m.codes.end(), c.code) - m.codes.begin());
    ++m.counts[i * m.codes.size() + j];
  }
  return m;
}

namespace {

// A stable GUID (8-4-4-4-12 hex digits) from an id: SHA-256 of it, with the version and
// variant bits of a name-based UUID.
std::string guid_of(const std::string& id) {
  auto h = sha256_bytes("fabscope-codebook:" + id).substr(0, 32);
  h[12] = '5';
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

void qdc_code(const CodebookCode& c, int depth, std::string& out) {
  const std::string pad(static_cast<std::size_t>(2 * depth), ' ');
  out += fmt::format("{}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\">\n", pad, guid_of(c.id),
                     text::xml_escape(c.name));
  if (!c.description.empty()) {
    out += fmt::format("{}  <Description>{}</Description>\n", pad, text::xml_escape(c.description));
  }
  for (const auto& child : c.children) qdc_code(child, depth + 1, out);
  out += pad + "</Code>\n";
}

void csv_code(const CodebookCode& c, const std::string& parent, std::string& out) {
  out += text::csv_field(c.id) + "," + text::csv_field(parent) + "," + text::csv_field(c.name) + "," +
         text::csv_field(c.description) + "\n";
  for (const auto& child : c.children) csv_code(child, c.id, out);
}

}  // namespace

std::string codebook_qdc(const std::vector<CodebookCode>& codes, const std::string& origin) {
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"{}\">\n"
      "<Codes>\n",
      text::xml_escape(origin));
  for (const auto& c : codes) qdc_code(c, 1, out);
  return out + "</Codes>\n</CodeBook>\n";
}

std::string code_matrix_csv(const CodeMatrix& m, bool binary) {
  std::string out = "case";
  for (const auto& c : m.codes) out += "," + text::csv_field(c);
  out += "\n";
  for (std::size_t i = 0; i < m.cases.size(); ++i) {
    out += text::csv_field(m.cases[i]);
    for (std::size_t j = 0; j < m.codes.size(); ++j) {
      const auto n = m.counts[i * m.codes.size() + j];
      out += "," + std::to_string(binary ? (n > 0 ? 1U : 0U) : n);
    }
    out += "\n";
  }
  return out;
}

std::string codebook_csv(const std::vector<CodebookCode>& codes) {
  std::string out = "id,parent,name,description\n";
  for (const auto& c : codes) csv_code(c, "", out);
  return out;
}

}  // namespace fabscope::collect
