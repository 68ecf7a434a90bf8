// Qualitative coding (docs/collect/coding.md): passages of interviews and documents coded by
// several coders with the codes of a codebook. From a coding table (case, segment, code,
// coder), the case × code matrix that feeds the analyses, and the agreement between coders:
// Cohen's kappa per code for each pair of coders, Krippendorff's alpha (nominal) per code and
// over all codes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace fabscope::collect {

struct Coding {
  std::string case_id, segment, code, coder;
};

// Reads a coding table: a CSV with the columns case, segment, code, coder (any order, other
// columns kept aside); every problem located (file:line:column (field)).
std::vector<Coding> read_codings(const std::string& csv, const std::string& label);

// The units of agreement are the (case, segment) pairs some coder coded; a coder who coded
// nothing in a case is taken not to have read it (missing there), one who coded something
// in a case decided on every segment of it (a code not applied is a 0).
struct AgreementResult {
  std::vector<std::string> coders, codes;
  std::size_t units = 0;
  // Cohen's kappa per code for each pair of coders (coders[i], coders[j]), i < j; NaN when
  // the pair shares no unit or both always chose the same value (undefined).
  struct Kappa {
    std::string code, coder_a, coder_b;
    std::size_t units = 0;
    double observed = 0, expected = 0, kappa = 0;
  };
  std::vector<Kappa> kappas;
  std::map<std::string, double> alpha;  // per code; "*" over every code (each unit × code a unit)
};
AgreementResult agreement(const std::vector<Coding>& codings);

// Krippendorff's alpha for nominal data: `units` holds, per unit, the values of the coders
// who coded it (units with fewer than two values are not pairable and ignored); NaN when
// there is no disagreement to expect (a single value overall).
double krippendorff_alpha_nominal(const std::vector<std::vector<int>>& units);

// The case × code matrix: segments per case and code (counts), in case then code order.
struct CodeMatrix {
  std::vector<std::string> cases, codes;
  std::vector<std::size_t> counts;  // cases × codes
};
CodeMatrix code_matrix(const std::vector<Coding>& codings, const std::string& coder = {});
// The matrix as CSV: a line per case, a column per code; counts, or 0/1 with `binary`.
std::string code_matrix_csv(const CodeMatrix& m, bool binary);

// A codebook: themes and codes with their definitions (the référentiel's dimensions,
// criteria and indicators, built by the caller).
struct CodebookCode {
  std::string id, name, description;
  std::vector<CodebookCode> children;
};
// The REFI-QDA codebook exchange file (.qdc, namespace urn:QDA-XML:codebook:1.0) that NVivo,
// ATLAS.ti, MAXQDA and QualCoder import: every code codable, its GUID derived from its id
// (the same file for the same codebook), its definition as Description.
std::string codebook_qdc(const std::vector<CodebookCode>& codes, const std::string& origin);
// The same as CSV: id, parent, name, description, one line per code, depth first.
std::string codebook_csv(const std::vector<CodebookCode>& codes);

}  // namespace fabscope::collect
