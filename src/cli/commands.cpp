#include "cli/command.hpp"

namespace fabscope::cli {

const std::vector<CommandEntry>& commands() {
  static const std::vector<CommandEntry> table = {
      {"", "run", "Main job: import every bundled dataset, compute every indicator, print profiles and a summary",
       &make_run},
      {"data", "status", "Show each dataset of the catalog: present, missing or checksum mismatch", &make_data_status},
      {"data", "fetch", "Download missing datasets from their official address, verifying checksums", &make_data_fetch},
      {"", "import", "Import official datasets into the store and rebuild the indicators", &make_import},
      {"territory", "show", "Profile of a territory (commune, EPCI, zone d'emploi, département, région)",
       &make_territory_show},
      {"territory", "export", "Every indicator of every unit of a level, as CSV or JSON", &make_territory_export},
      {"territory", "search", "Find a territory by name or code", &make_territory_search},
      {"workshops", "import", "Import a workshop register and place every workshop in its commune",
       &make_workshops_import},
      {"workshops", "list", "List the register (filters; table, CSV, JSON or GeoJSON)", &make_workshops_list},
      {"workshops", "show", "A workshop's record with provenance, placement and territorial context",
       &make_workshops_show},
      {"workshops", "duplicates", "Detect the same workshop listed twice: merges and candidates for review",
       &make_workshops_duplicates},
      {"territory", "access", "Accessibility of workshops for every commune (2SFCA, E2SFCA)", &make_territory_access},
      {"territory", "gaps", "White zones: communes and population farther than R km from any workshop, per département",
       &make_territory_gaps},
      {"referential", "check", "Validate a référentiel file (every problem with file, line and key)",
       &make_referential_check},
      {"referential", "show", "The référentiel: indicators with their sources, or --tree", &make_referential_show},
      {"", "serve", "Serve the pages (map, workshops, territories, référentiel) and the JSON API (/api/v1)",
       &make_serve},
      {"report", "workshop", "Self-contained HTML report (and --pdf) of a workshop's fiche", &make_report_workshop},
      {"report", "territory", "Self-contained HTML report (and --pdf) of a territory's profile",
       &make_report_territory},
      {"report", "panel", "Self-contained HTML report (and --pdf) of the map and the ranked panel", &make_report_panel},
      {"", "export", "Workbook (XLSX) of every result: territories, workshops, white zones, definitions", &make_export},
      {"", "evaluate", "Score the panel of workshops with a référentiel: scores, coverage, ranks, levels",
       &make_evaluate},
      {"territory", "indicators", "The indicator registry (ids, labels, formulas, sources)",
       &make_territory_indicators},
      {"analyze", "pca", "Principal component analysis of a CSV, as FactoMineR's PCA (JSON with its names)",
       &make_analyze_pca},
      {"analyze", "hcpc", "Typology: clustering of a CSV's individuals on its factor analysis (PCA, MCA or FAMD), as FactoMineR's HCPC",
       &make_analyze_hcpc},
      {"analyze", "mca", "Multiple correspondence analysis of a CSV's categorical columns, as FactoMineR's MCA",
       &make_analyze_mca},
      {"analyze", "famd", "Factor analysis of mixed data (quantitative and categorical columns), as FactoMineR's FAMD",
       &make_analyze_famd},
      {"analyze", "lm", "Linear regression of a CSV's column on others, as R's lm", &make_analyze_lm},
      {"analyze", "logit", "Logistic regression of a CSV's two-valued column on others, as R's glm(binomial)",
       &make_analyze_logit},
      {"analyze", "qca", "Qualitative comparative analysis (truth table, minimisation), as R's QCA package",
       &make_analyze_qca},
      {"analyze", "match", "Propensity-score matching (nearest neighbour, caliper, exact) and balance, as R's MatchIt",
       &make_analyze_match},
  };
  return table;
}

}  // namespace fabscope::cli
