// The texts of errors that a user can act on, in the one catalog (core/catalog.hpp),
// registered by core/catalog.cpp: data only. They are format strings (fmt, `{}` in order),
// filled with the same arguments in both languages (core/error.hpp, localized_error).
#pragma once

#include <span>

#include "core/catalog.hpp"

namespace fabscope::errors {

inline constexpr MessageText kTexts[] = {
    {"error.form.unknown", "pas de questionnaire {} dans la base (fabscope form list)",
     "no questionnaire {} in the store (fabscope form list)"},
    {"error.store.unwritable",
     "base {} : impossible de l'ouvrir ou d'y écrire ({}) ; vérifiez les droits du fichier et de son répertoire, ou "
     "donnez une autre --store",
     "store {}: cannot be written or opened ({}); check the permissions of the file and of its directory, or give "
     "another --store"},
    {"error.store.locked",
     "base {} : verrouillée par un autre processus (un import ?) depuis plus de {} s ; rien n'a été modifié, "
     "réessayez quand il aura fini",
     "store {}: locked by another process (an import?) for more than {} s; nothing was changed, try again when it "
     "has finished"},
    {"error.store.full", "base {} : disque plein ; l'import a été annulé, la base est inchangée",
     "store {}: disk full; the import was rolled back and the store is unchanged"},
    {"error.store.damaged",
     "base {} : pas une base fabscope, ou endommagée ({}) ; reconstruisez-la avec `fabscope run --force` dans un "
     "nouveau fichier",
     "store {}: not a fabscope store or damaged ({}); rebuild it with `fabscope run --force` into a new file"},
    {"error.store.io", "base {} : erreur d'entrée-sortie ({})", "store {}: input/output error ({})"},
    {"error.store.newer_schema",
     "la base {} a le schéma version {}, plus récent que ce programme ({}) : utilisez un fabscope plus récent, ou "
     "une autre --store",
     "store {} has schema version {}, newer than this program ({}): use a newer fabscope, or another --store"},
    {"error.shrink",
     "{} : {} lignes au lieu de {} ; import refusé, la base est inchangée (fichier réduit à son en-tête ou tronqué "
     "?). Utilisez --allow-shrink pour l'importer quand même.",
     "{}: {} rows instead of {}; refusing to replace the data in the store, which is unchanged (a header-only or "
     "truncated file?). Use --allow-shrink to import it anyway."},
    // Answers read and checked against a questionnaire (src/collect/answers.cpp).
    {"answer.not_choice", "« {} » n'est pas un choix de la liste {} ({})", "« {} » is not a choice of list {} ({})"},
    {"answer.not_in_filter", "« {} » n'est pas permis par les réponses précédentes (filtre : {})",
     "« {} » is not allowed by the earlier answers (filter: {})"},
    {"answer.not_integer", "« {} » n'est pas un nombre entier", "« {} » is not a whole number"},
    {"answer.not_number", "« {} » n'est pas un nombre", "« {} » is not a number"},
    {"answer.not_date", "« {} » n'est pas une date ({})", "« {} » is not a date ({})"},
    {"answer.not_point", "« {} » n'est pas un point (latitude longitude [altitude précision])",
     "« {} » is not a point (latitude longitude [altitude accuracy])"},
    {"answer.more_choices", ", … ({} choix)", ", … ({} choices)"},
    {"answer.required", "réponse obligatoire", "a required answer is missing"},
    {"answer.constraint", "« {} » ne respecte pas la contrainte {}", "« {} » does not satisfy the constraint {}"},
    {"answer.constraint_message", "« {} » : {}", "« {} » : {}"},
    {"answer.not_relevant", "réponse donnée alors que la question ne s'appliquait pas",
     "answered although the question was not relevant"},
    {"answer.repeat_not_relevant", "répétition remplie alors qu'elle ne s'appliquait pas",
     "repeat filled in although it was not relevant"},
    {"answer.other_without_text", "« autre » sans précision", "« other » without the other text"},
    {"answer.not_checked", "{} non vérifiée : {}", "{} not checked: {}"},
};

constexpr std::span<const MessageText> texts() { return kTexts; }

}  // namespace fabscope::errors
