// The words of the command line in the one catalog (core/catalog.hpp), registered by
// core/catalog.cpp: data only. Keys are stable: cli.<command or view>.<text>; texts that
// are format strings keep their {} in both languages.
#pragma once

#include <span>

#include "core/catalog.hpp"

namespace fabscope::cli {

inline constexpr MessageText kTexts[] = {
    // Words several commands share.
    {"cli.common.dataset", "Jeu de données", "Dataset"},
    {"cli.common.dep_short", "Dép.", "Dep."},
    {"cli.common.indicator", "Indicateur", "Indicator"},
    {"cli.common.level", "Niveau", "Level"},
    {"cli.common.name", "Nom", "Name"},
    {"cli.common.yes", "oui", "yes"},
    {"cli.common.no", "non", "no"},
    {"cli.common.rank", "Rang", "Rank"},
    {"cli.common.workshop", "Atelier", "Workshop"},
    {"cli.common.coverage", "Couverture", "Coverage"},
    // `data status`, `data fetch`.
    {"cli.data.state.present", "présent", "present"},
    {"cli.data.state.missing", "absent", "missing"},
    {"cli.data.state.checksum_mismatch", "somme de contrôle différente", "checksum mismatch"},
    {"cli.data.vintage", "Millésime", "Vintage"},
    {"cli.data.file", "Fichier", "File"},
    {"cli.data.state_header", "État", "State"},
    {"cli.data.directory", "Répertoire de données : ", "Data directory: "},
    {"cli.data.already_present", "déjà présent, vérifié", "already present, verified"},
    {"cli.data.downloaded", "{}: téléchargé depuis {}, somme de contrôle vérifiée\n",
     "{}: downloaded from {}, checksum verified\n"},
    {"cli.data.fetched", "{} fichier(s) téléchargé(s) dans {}\n", "{} file(s) downloaded into {}\n"},
    // `import`, `run`: the import report (views.cpp).
    {"cli.import.status", "État", "Status"},
    {"cli.import.rows", "Lignes", "Rows"},
    {"cli.import.time", "Durée", "Time"},
    {"cli.import.imported", "importé", "imported"},
    {"cli.import.unchanged", "inchangé", "unchanged"},
    {"cli.import.absent", "absent (facultatif)", "absent (optional)"},
    {"cli.import.indicators_computed", "\nIndicateurs : {} indicateurs × {} → {} valeurs calculées\n",
     "\nIndicators: {} indicators × {} → {} values computed\n"},
    {"cli.import.indicators_up_to_date", "\nIndicateurs : à jour (aucune entrée n'a changé)\n",
     "\nIndicators: up to date (no input changed)\n"},
    {"cli.import.dataset_note", "  · {} : {}\n", "  · {}: {}\n"},
    {"cli.import.total_time", "Durée totale : {:.2f} s ({})\n", "Total time: {:.2f} s ({})\n"},
    {"cli.import.units.commune", "communes", "communes"},
    {"cli.import.units.epci", "EPCI", "EPCI"},
    {"cli.import.units.ze", "zones d'emploi", "employment zones"},
    {"cli.import.units.dep", "départements", "départements"},
    {"cli.import.units.reg", "régions", "regions"},
    {"cli.import.phase.checksums", "sommes de contrôle", "checksums"},
    {"cli.import.phase.parse", "lecture", "parse"},
    {"cli.import.phase.write", "écriture", "write"},
    {"cli.import.phase.indicators", "indicateurs", "indicators"},
    {"cli.import.phase.boundaries", "contours", "boundaries"},
    {"cli.import.phase.commit", "validation", "commit"},
    // `workshops import`, `run`: the register import report (views.cpp).
    {"cli.register.unchanged", "{} : inchangé ({} ateliers)\n", "{}: unchanged ({} workshops)\n"},
    {"cli.register.summary", "{} : {} ateliers, {} placés ({}), dont {} avec avertissement, {} non placés\n",
     "{}: {} workshops, {} placed ({}), {} of them with a warning, {} unplaced\n"},
    {"cli.register.unplaced", "  ✗ {} : {}\n", "  ✗ {}: {}\n"},
    {"cli.register.warning", "  ⚠ {} : {}\n", "  ⚠ {}: {}\n"},
    // `territory show`, `workshops show`, `run`: a territory's profile (views.cpp).
    {"cli.profile.communes", " ({} communes)", " ({} communes)"},
    {"cli.profile.compared_with", "Comparaison : ", "Compared with: "},
    {"cli.profile.missing", "manque ", "missing "},
    // `territory export`, `territory search`, `territory indicators`.
    {"cli.territory.units_written", "{} unités écrites dans {}\n", "{} units written to {}\n"},
    {"cli.territory.none_found", "Aucun territoire trouvé\n", "No territory found\n"},
    {"cli.territory.label", "Libellé", "Label"},
    {"cli.territory.unit", "Unité", "Unit"},
    // `workshops list`, `workshops show` (model: the fields awaiting the survey; fit: the territorial fit; sector: the
    // five sectors).
    {"cli.workshops.fit.title", "Spécialisation et adéquation au territoire\n", "Specialisation and territorial fit\n"},
    {"cli.workshops.fit.profile", "  Profil sectoriel (d'après {}) : {}\n", "  Sector profile (from its {}): {}\n"},
    {"cli.workshops.fit.basis_equipment", "ses équipements", "equipment"},
    {"cli.workshops.fit.basis_kind", "son type", "kind"},
    {"cli.workshops.fit.sector_fit",
     "  Adéquation sectorielle (Σ profil × indice de spécificité ; 1 = comme la France) : {}\n",
     "  Sector fit (Σ profile × location quotient; 1 = like France): {}\n"},
    {"cli.workshops.fit.profile_unknown", "  Profil sectoriel : inconnu (ni équipements ni type connus)\n",
     "  Sector profile: unknown (no equipment, no kind)\n"},
    {"cli.workshops.fit.density", "  Densité : niveau {} de la grille ; ", "  Density: level {} of the grid; "},
    {"cli.workshops.fit.typicality",
     "{} des {} ateliers de type « {} » du registre sont dans une commune de ce niveau\n",
     "{} of the {} workshops of kind '{}' in the register are in a commune of this level\n"},
    {"cli.workshops.fit.kind_unknown", "type inconnu\n", "kind unknown\n"},
    {"cli.workshops.fit.access",
     "  Accessibilité de sa commune (2SFCA, 30 km) : {} atelier(s) pour 100 000 habitants ; "
     "autre atelier le plus proche à {} km\n",
     "  Accessibility of its commune (2SFCA, 30 km): {} workshop(s) per 100,000 inhabitants; "
     "nearest other workshop {} km away\n"},
    {"cli.workshops.kind", "Type", "Kind"},
    {"cli.workshops.commune", "Commune", "Municipality"},
    {"cli.workshops.placement", "Placement", "Placement"},
    {"cli.workshops.unplaced", "non placé", "unplaced"},
    {"cli.workshops.records_of_group", " ({} fiches)", " ({} records)"},
    {"cli.workshops.records_summary", "{} fiches (★ lauréat de l'appel 2013)\n",
     "{} records (★ laureate of the 2013 call)\n"},
    {"cli.workshops.distinct_summary",
     "{} ateliers distincts, {} fiches (★ lauréat de l'appel 2013 ; --records : une "
     "ligne par fiche)\n",
     "{} distinct workshops, {} records (★ laureate of the 2013 call; --records: one "
     "line per record)\n"},
    {"cli.workshops.same_as", "Même atelier que : {} (fiches fusionnées, voir `workshops duplicates`)\n",
     "Same workshop as: {} (records merged, see `workshops duplicates`)\n"},
    {"cli.workshops.field", "Champ", "Field"},
    {"cli.workshops.value", "Valeur", "Value"},
    {"cli.workshops.source", "Source", "Source"},
    {"cli.workshops.coordinates", "Coordonnées", "Coordinates"},
    {"cli.workshops.none_declared", "(aucun déclaré)", "(none declared)"},
    {"cli.workshops.no_data_yet", "pas encore de donnée", "no data yet"},
    {"cli.workshops.laureate",
     "Lauréat de l'appel 2013 « Aide au développement des AFN » : ", "Laureate of the 2013 call: "},
    {"cli.workshops.laureate_yes", "oui — « {} » ({}, {})\n", "yes — '{}' ({}, {})\n"},
    {"cli.workshops.laureate_no", "non (d'après data/laureates_2013.toml)\n", "no (per data/laureates_2013.toml)\n"},
    {"cli.workshops.placement_label", "Placement : ", "Placement: "},
    {"cli.workshops.unplaced_because", "non placé — ", "unplaced — "},
    {"cli.workshops.sector.agriculture", "agriculture", "agriculture"},
    {"cli.workshops.sector.industry", "industrie", "industry"},
    {"cli.workshops.sector.construction", "construction", "construction"},
    {"cli.workshops.sector.trade_services", "commerce-services", "trade-services"},
    {"cli.workshops.sector.public_education_health", "public-éducation-santé", "public-education-health"},
    // `workshops duplicates`.
    {"cli.duplicates.decision", "Décision", "Decision"},
    {"cli.duplicates.reason", "Motif", "Reason"},
    {"cli.duplicates.summary", "{} fusions, {} candidats à examiner (décisions : {})\n",
     "{} merges, {} candidates to review (decisions: {})\n"},
    // `territory access`.
    {"cli.access.summary", "{} ateliers distincts, rayon {} km, décroissance {}\n",
     "{} distinct workshops, radius {} km, decay {}\n"},
    // `territory gaps`.
    {"cli.gaps.in_white_zones", "en zone blanche", "in white zones"},
    {"cli.gaps.share", "Part", "Share"},
    {"cli.gaps.title", "Zones blanches : communes à plus de {} km de tout atelier ({} ateliers distincts)\n",
     "White zones: communes more than {} km from any workshop ({} distinct workshops)\n"},
    {"cli.gaps.france", "France : {} communes sur {} en zone blanche, {} habitants ({} %)\n",
     "France: {} of {} communes in white zones, {} inhabitants ({}%)\n"},
    // `referential check`, `referential show`, `evaluate` (xlsx: the workbook of `evaluate --format xlsx`).
    {"cli.referential.check",
     "{} : valide — « {} » v{} : {} dimensions, {} critères, {} indicateurs "
     "({} formules, {} en attente de collecte)\n",
     "{}: valid — '{}' v{}: {} dimensions, {} criteria, {} indicators "
     "({} formulas, {} awaiting collection)\n"},
    {"cli.referential.descriptor", "descriptif", "descriptor"},
    {"cli.referential.no_data_yet", " — pas encore de donnée", " — no data yet"},
    {"cli.referential.describes", "Décrit", "Describes"},
    {"cli.referential.direction", "Sens", "Direction"},
    {"cli.referential.weight", "Poids", "Weight"},
    {"cli.referential.workbook_written", "{} ateliers écrits dans {}\n", "{} workshops written to {}\n"},
    {"cli.referential.evaluated",
     "{} ateliers évalués avec « {} » ; {} indicateurs sur {} sans aucune donnée encore "
     "(enquête, entretiens, grilles documentaires) : la couverture dit la part du poids "
     "appuyée sur des données.\n",
     "{} workshops evaluated with '{}'; {} of {} indicators have no data yet (survey, "
     "interviews, document grids): coverage is the share of the weight backed by data.\n"},
    {"cli.referential.not_evaluable_short", "n.é.", "n.e."},
    {"cli.referential.total_not_evaluable",
     "Score global non évaluable pour les {} ateliers (moins de {} du poids du référentiel appuyé sur des "
     "données) : le classement porte sur la dimension « {} » ({} ateliers classés).\n",
     "Total score not evaluable for any of the {} workshops (less than {} of the framework's weight backed by "
     "data): the ranking is on the dimension '{}' ({} workshops ranked).\n"},
    {"cli.referential.rules",
     "Règles : score « n.é. » (non évaluable, ni classé) sous {} de couverture ; indicateur manquant "
     "{} ; ⚠ couverture sous {}.\n",
     "Rules: score 'n.e.' (not evaluable, not ranked) below {} coverage; a missing indicator is {}; "
     "⚠ coverage below {}.\n"},
    {"cli.referential.intervals_on", "Intervalles sur la dimension « {} » (le score global n'est pas évaluable) :\n",
     "Intervals on the dimension '{}' (the total score is not evaluable):\n"},
    {"cli.referential.widened",
     "* {} scores ou rangs hors de la bande 5–95 % des variantes (les hypothèses testées les déplacent toutes "
     "dans le même sens) : l'intervalle est élargi jusqu'à la valeur publiée.\n\n",
     "* {} scores or ranks outside the 5–95% band of the variants (the assumptions tested all move them the "
     "same way): the interval is widened to the published value.\n\n"},
    {"cli.referential.median_rank", "Rang médian", "Median rank"},
    {"cli.referential.rank_interval", "Rangs 5–95 %", "Ranks 5–95%"},
    {"cli.referential.score_interval", "Score 5–95 %", "Score 5–95%"},
    {"cli.referential.uncertain_choice", "Choix incertain", "Uncertain choice"},
    {"cli.referential.first_order", "Indice de 1er ordre", "First order"},
    {"cli.referential.total_index", "Indice total", "Total"},
    {"cli.referential.sensitivity", "Sensibilité du classement (écart absolu moyen des rangs) à chaque choix :\n",
     "Sensitivity of the ranking (mean absolute rank shift) to each choice:\n"},
    {"cli.referential.assumptions", "Hypothèses exécutées :\n", "Assumptions run:\n"},
    {"cli.referential.xlsx.ranking", "Classement", "Ranking"},
    {"cli.referential.xlsx.rank", "rang", "rank"},
    {"cli.referential.xlsx.workshop", "atelier", "workshop"},
    {"cli.referential.xlsx.coverage", "couverture", "coverage"},
    {"cli.referential.xlsx.level", "niveau", "level"},
    {"cli.referential.xlsx.indicators", "Indicateurs", "Indicators"},
    {"cli.referential.xlsx.framework_sheet", "Référentiel", "Framework"},
    {"cli.referential.xlsx.label", "libellé", "label"},
    {"cli.referential.xlsx.describes", "décrit", "describes"},
    {"cli.referential.xlsx.impact_area", "domaine d'impact", "impact area"},
    {"cli.referential.xlsx.impact_level", "niveau d'impact", "impact level"},
    {"cli.referential.xlsx.unit", "unité", "unit"},
    {"cli.referential.xlsx.direction", "sens", "direction"},
    {"cli.referential.xlsx.weight", "poids", "weight"},
    {"cli.referential.xlsx.units_with_data", "unités avec donnée", "units with data"},
    {"cli.referential.xlsx.item", "élément", "item"},
    {"cli.referential.xlsx.value", "valeur", "value"},
    {"cli.referential.xlsx.framework", "référentiel", "framework"},
    {"cli.referential.xlsx.panel", "panel", "panel"},
    {"cli.referential.xlsx.methods", "méthodes", "methods"},
    {"cli.referential.xlsx.uncertainty", "Incertitude", "Uncertainty"},
    {"cli.referential.xlsx.nominal_rank", "rang nominal", "nominal rank"},
    {"cli.referential.xlsx.median_rank", "rang médian", "median rank"},
    {"cli.referential.xlsx.nominal_score", "score nominal", "nominal score"},
    {"cli.referential.xlsx.median_score", "score médian", "median score"},
    {"cli.referential.xlsx.sensitivity", "Sensibilité", "Sensitivity"},
    {"cli.referential.xlsx.choice", "choix", "choice"},
    {"cli.referential.xlsx.first_order", "indice 1er ordre", "first order"},
    {"cli.referential.xlsx.assumption", "hypothèse", "assumption"},
    // `run`: the summary.
    {"cli.run.summary", "══ Résumé ══\n", "══ Summary ══\n"},
    {"cli.run.data_store", "Données : {}\nBase : {}\n\n", "Data: {}\nStore: {}\n\n"},
    {"cli.run.register", "\nRegistre des ateliers\n", "\nWorkshop register\n"},
    {"cli.run.duplicates_laureates",
     "Doublons : {} fiches fusionnées → {} ateliers distincts ; {} paires à examiner "
     "(`fabscope workshops duplicates`)\n"
     "Lauréats 2013 : {} sur {} nommés retrouvés dans le registre\n",
     "Duplicates: {} records merged → {} distinct workshops; {} pairs to review "
     "(`fabscope workshops duplicates`)\n"
     "2013 laureates: {} of the {} named found in the register\n"},
    {"cli.run.evaluation",
     "\nÉvaluation ({}, {} ateliers) — les 10 premiers sur « {} » ({} ateliers classés) ; un score n'est classé "
     "que si au moins {} de son poids repose sur des données (l'enquête n'est pas encore collectée) "
     "— fabscope evaluate pour le détail\n",
     "\nEvaluation ({}, {} workshops) — top 10 on '{}' ({} workshops ranked); a score is ranked only when at "
     "least {} of its weight rests on data (the survey is not collected yet) — fabscope evaluate for the "
     "detail\n"},
    {"cli.run.done", "Tâche principale terminée en {:.2f} s\n", "Main job done in {:.2f} s\n"},
    // `serve`.
    {"cli.serve.listening", "fabscope écoute sur http://{}:{}/ (API : /api/v1/openapi.json ; Ctrl-C pour arrêter)\n",
     "fabscope listening on http://{}:{}/?lang=en (API: /api/v1/openapi.json; Ctrl-C to stop)\n"},
    {"cli.serve.stopped", "fabscope arrêté.\n", "fabscope stopped.\n"},
    // `workshops export`.
    {"cli.workshops.export.summary", "{} ateliers écrits au schéma {} {} ; {} laissés de côté (le schéma les refuserait) :\n",
     "{} workshops written in the schema {} {}; {} left out (the schema would refuse them):\n"},
    // `form`.
    {"cli.form.read", "Questionnaire {} « {} » ; langues : {}\n", "Questionnaire {} '{}'; languages: {}\n"},
    {"cli.form.summary",
     "{} questions, {} groupes, {} répétitions ; {} listes de choix ({} choix) ; {} conditions d'affichage, {} "
     "contraintes, {} obligatoires, {} calculs, {} filtres de choix, {} « autre, préciser »\n  types : {}\n",
     "{} questions, {} groups, {} repeats; {} choice lists ({} choices); {} relevance conditions, {} constraints, {} "
     "required, {} calculations, {} choice filters, {} 'other, specify'\n  types: {}\n"},
    {"cli.form.warning", "avertissement : ", "warning: "},
    {"cli.form.unchanged", "{} : classeur identique à la version {}, rien n'a été enregistré\n",
     "{}: the same workbook as version {}, nothing was stored\n"},
    {"cli.form.stored", "{} : version {} enregistrée (sha256 {}…)\n", "{}: version {} stored (sha256 {}…)\n"},
    {"cli.form.version", "Version", "Version"},
    {"cli.form.title", "Titre", "Title"},
    {"cli.form.questions", "Questions", "Questions"},
    {"cli.form.source", "Fichier", "File"},
    {"cli.form.imported", "Importé le", "Imported"},
    {"cli.form.none", "Aucun questionnaire : fabscope form import FICHIER.xlsx\n",
     "No questionnaire: fabscope form import FILE.xlsx\n"},
    {"cli.form.version_line", "Version {}{} « {} », {} importé le {} (sha256 {}…)\n",
     "Version {}{} '{}', {} imported {} (sha256 {}…)\n"},
    {"cli.form.exported", "{} version {} écrit dans {}\n", "{} version {} written to {}\n"},
    {"cli.referential.fictitious",
     "✱ {} ateliers ont des scores calculés avec des réponses FICTIVES (campagne de démonstration, fabscope demo)\n",
     "✱ {} workshops have scores computed with FICTITIOUS answers (demonstration campaign, fabscope demo)\n"},
    // `code`.
    {"cli.code.agreement", "{} passages, {} codeurs, {} codes ; alpha de Krippendorff (nominal) et kappa de Cohen par paire :\n",
     "{} passages, {} coders, {} codes; Krippendorff's alpha (nominal) and Cohen's kappa per pair:\n"},
    {"cli.code.alpha_all", "alpha sur tous les codes : {}\n", "alpha over every code: {}\n"},
    // `user`.
    {"cli.user.password", "Mot de passe (12 caractères au moins) : ", "Password (12 characters at least): "},
    {"cli.user.again", "Encore une fois : ", "Once more: "},
    {"cli.user.added", "Compte « {} » créé (mot de passe haché par Argon2id)\n", "Account '{}' created (password hashed with Argon2id)\n"},
    {"cli.user.removed", "Compte « {} » supprimé, ses sessions closes\n", "Account '{}' removed, its sessions ended\n"},
    // `demo`.
    {"cli.demo.done",
     "Campagne « {} » : {} ateliers invités, {} réponses de gestionnaires, {} réponses d'usagers et {} grilles "
     "documentaires, toutes FICTIVES (générateur à graine, docs/collect/demo.md) ; elles sont marquées fictives sur "
     "chaque page et dans chaque export\n",
     "Campaign '{}': {} workshops invited, {} manager answers, {} user answers and {} document grids, all FICTITIOUS "
     "(seeded generator, docs/collect/demo.md); every page and export marks them fictitious\n"},
    {"cli.demo.already", "La campagne « {} » existe déjà : rien n'a été ajouté\n",
     "The campaign '{}' exists already: nothing was added\n"},
    // `campaign`.
    {"cli.campaign.created", "Campagne « {} » créée : questionnaire {} version {}, close le {}\n",
     "Campaign '{}' created: questionnaire {} version {}, closes {}\n"},
    {"cli.campaign.invited", "{} liens créés pour « {} » : chaque lien n'est affiché qu'une fois, gardez ce fichier\n",
     "{} links created for '{}': each link is shown only once, keep this file\n"},
    {"cli.campaign.none", "Aucune campagne : fabscope campaign create NOM --form FORM_ID\n",
     "No campaign: fabscope campaign create NAME --form FORM_ID\n"},
    {"cli.campaign.header", "Campagne « {} » — {} v{}, {}, close le {}{}\n", "Campaign '{}' — {} v{}, {}, closes {}{}\n"},
    {"cli.campaign.open", "ouverte", "open"},
    {"cli.campaign.closed", "close", "closed"},
    {"cli.campaign.fictitious", " (démonstration, réponses fictives)", " (demonstration, fictitious answers)"},
    {"cli.campaign.role", "Rôle", "Role"},
    {"cli.campaign.dep", "Dép.", "Dep."},
    {"cli.campaign.kind", "Type", "Kind"},
    {"cli.campaign.invited_col", "Invités", "Invited"},
    {"cli.campaign.started", "Commencés", "Started"},
    {"cli.campaign.submitted", "Envoyés", "Submitted"},
    {"cli.campaign.revoked", "Révoqués", "Revoked"},
    {"cli.campaign.rate", "Taux de réponse", "Response rate"},
    {"cli.campaign.total", "{} réponses sur {} liens actifs ({})\n", "{} answers of {} live links ({})\n"},
    {"cli.campaign.closed_now", "Campagne « {} » close : ses liens ne fonctionnent plus\n",
     "Campaign '{}' closed: its links no longer work\n"},
    {"cli.campaign.revoked_now", "Lien {} de « {} » révoqué\n", "Link {} of '{}' revoked\n"},
    // `answers`.
    {"cli.answers.read", "{} lignes lues de {} pour {} : {} réponses, {} occurrences de répétitions\n",
     "{} rows read from {} for {}: {} submissions, {} repeat instances\n"},
    {"cli.answers.matched", "  {} colonnes reconnues par leur chemin ou leur libellé\n",
     "  {} columns matched by their path or label\n"},
    {"cli.answers.others", "  {} réponses hors des choix lues comme « autre, préciser » : {}\n",
     "  {} answers outside the choices read as 'other, specify': {}\n"},
    {"cli.answers.more_warnings", "… et {} autres avertissements\n", "… and {} more warnings\n"},
    {"cli.answers.stored", "{} réponses enregistrées, {} déjà présentes (même identifiant) laissées telles quelles\n",
     "{} submissions stored, {} already present (same instance id) left as they were\n"},
    {"cli.answers.summary", "{} : {} réponses\n", "{}: {} submissions\n"},
    {"cli.answers.exported", "{} réponses écrites ({} tables, {} lignes) dans {}\n",
     "{} submissions written ({} tables, {} rows) to {}\n"},
    // `impact io`.
    {"cli.impact.title", "Multiplicateurs entrées-sorties : {}, {} (tableau {})\n",
     "Input-output multipliers: {}, {} (table {})\n"},
    {"cli.impact.industry", "Branche", "Industry"},
    {"cli.impact.lambda", "λ de Flegg = {} (le territoire pèse {} % des emplois de la France)\n",
     "Flegg's λ = {} (the territory has {} % of France's jobs)\n"},
    {"cli.impact.type1_france", "Type I France", "Type I France"},
    {"cli.impact.type2_france", "Type II France", "Type II France"},
    {"cli.impact.type1", "Production type I", "Output type I"},
    {"cli.impact.type2", "Production type II", "Output type II"},
    {"cli.impact.va1", "VA type I", "VA type I"},
    {"cli.impact.va2", "VA type II", "VA type II"},
    {"cli.impact.jobs1", "Emplois type I", "Jobs type I"},
    {"cli.impact.jobs2", "Emplois type II", "Jobs type II"},
    {"cli.impact.territory", "Territoire", "Territory"},
    {"cli.impact.year", "Année", "Year"},
    {"cli.impact.mean_type1", "Production type I (moy. pondérée)", "Output type I (weighted mean)"},
    {"cli.impact.mean_type2", "Production type II (moy. pondérée)", "Output type II (weighted mean)"},
    {"cli.impact.mean_va1", "VA type I (moy. pondérée)", "VA type I (weighted mean)"},
    {"cli.impact.detail_hint",
     "Moyennes pondérées par la production de chaque branche ; le détail par branche : --format csv ou json.\n",
     "Means weighted by each industry's output; the detail by industry: --format csv or json.\n"},
    {"cli.impact.assumptions",
     "Par unité de demande finale adressée à la branche. Type I : effets directs et indirects (fournisseurs) ; "
     "type II : avec les effets induits (dépenses des ménages), part du travail dans la valeur ajoutée {} "
     "(--labour-share).\n",
     "Per unit of final demand for the industry's output. Type I: direct and indirect (suppliers) effects; Type II: "
     "with the induced effects (households' spending), labour share of value added {} (--labour-share).\n"},
    {"cli.impact.flq",
     "Régionalisation : {} (δ = {}), quotients de localisation des secteurs du territoire (établissements), taille "
     "= emplois du territoire / emplois de la France ; correspondance des branches : {}.\n",
     "Regionalisation: {} (δ = {}), location quotients of the territory's sectors (establishments), size = the "
     "territory's jobs / France's; industry map: {}.\n"},
    {"cli.impact.jobs_from", "Emplois : table {} (emplois par unité de production).\n",
     "Jobs: table {} (jobs per unit of output).\n"},
    {"cli.impact.no_jobs",
     "Emplois : non disponibles, le tableau n'a pas d'emploi par branche (fournir --employment FICHIER).\n",
     "Jobs: not available, the table has no employment by industry (give --employment FILE).\n"},
    {"cli.impact.skipped", "fabscope : {} territoires sans emploi ou quotient de localisation connu, laissés de côté : "
     "{}\n",
     "fabscope: {} territories without known employment or location quotient, left out: {}\n"},
};
constexpr std::span<const MessageText> texts() { return kTexts; }

}  // namespace fabscope::cli
