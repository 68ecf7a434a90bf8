#!/usr/bin/python3
"""Builds the default questionnaires of fabscope as XLSForm workbooks (data/instruments/*.xlsx)
from the tables below, so that they are reviewed as text and opened, edited and imported as
spreadsheets (docs/collect/instruments.md). Needs python3-openpyxl; run it after editing:
    /usr/bin/python3 data/instruments/build_instruments.py
The output is deterministic (fixed workbook properties).

Columns of the survey sheet beyond XLSForm's: `fabscope::field` (the workshop field the
answer fills, src/workshops/fields.cpp) and `fabscope::indicator` (the référentiel
indicator the answer feeds, data/referential.toml, whose source is survey:<question name>).
"""
import datetime
import io
import os
import zipfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
FR, EN = "Français (fr)", "English (en)"

SURVEY_COLUMNS = ["type", "name", f"label::{FR}", f"label::{EN}", f"hint::{FR}", f"hint::{EN}", "required",
                  "relevant", "constraint", f"constraint_message::{FR}", f"constraint_message::{EN}", "appearance",
                  "calculation", "fabscope::field", "fabscope::indicator"]


def q(type_, name, fr, en, hint_fr=None, hint_en=None, required=None, relevant=None, constraint=None, msg_fr=None,
      msg_en=None, appearance=None, calculation=None, field=None, indicator=None):
    return [type_, name, fr, en, hint_fr, hint_en, required, relevant, constraint, msg_fr, msg_en, appearance,
            calculation, field, indicator]


def begin(name, fr, en, appearance=None):
    return q("begin group", name, fr, en, appearance=appearance)


def end():
    return q("end group", None, None, None)


PCT = (". >= 0 and . <= 100", "Un pourcentage entre 0 et 100.", "A percentage between 0 and 100.")
COUNT = (". >= 0", "Un nombre positif ou nul.", "A number, zero or more.")

MANAGER = [
    begin("identite", "Identité et histoire", "Identity and history"),
    q("text", "q_name", "Nom de l'atelier", "Name of the workshop", required="yes"),
    q("text", "q_city", "Commune", "Municipality", required="yes"),
    q("integer", "q_opening_year", "Année d'ouverture", "Year of opening", required="yes",
      constraint=". >= 1980 and . <= 2026", msg_fr="Une année entre 1980 et 2026.", msg_en="A year between 1980 and 2026.",
      field="opening_year"),
    q("select_one kind", "q_kind", "Type d'atelier", "Kind of workshop", required="yes", field="kind"),
    q("select_one legal_form or_other", "q_legal_form", "Forme juridique de la structure porteuse",
      "Legal form of the host organisation", field="legal_form"),
    q("select_one governance", "q_governance", "Gouvernance", "Governance", field="governance"),
    end(),
    begin("equipement", "Équipement, surface et horaires", "Equipment, surface and hours"),
    q("select_multiple equipment", "q_equipment", "Machines et équipements disponibles", "Machines and equipment available",
      required="yes", field="equipment"),
    q("decimal", "q_surface", "Surface de l'atelier (m²)", "Surface of the workshop (m²)", constraint=". > 0 and . < 20000",
      msg_fr="Une surface en m², entre 0 et 20 000.", msg_en="A surface in m², between 0 and 20,000.", field="surface_m2"),
    q("integer", "q_hours_per_week", "Heures d'ouverture au public par semaine", "Hours open to the public per week",
      constraint=". >= 0 and . <= 168", msg_fr="Entre 0 et 168 heures.", msg_en="Between 0 and 168 hours."),
    q("integer", "q_capacity", "Personnes accueillies en même temps au plus", "People hosted at once, at most",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2], field="capacity"),
    end(),
    begin("equipe", "Équipe", "Team"),
    q("decimal", "q_staff_fte", "Salariés en équivalent temps plein", "Staff in full-time equivalents",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2], field="staff_fte"),
    q("decimal", "q_wage_bill", "Masse salariale annuelle, cotisations comprises (€)",
      "Annual wage bill, employer's contributions included (€)", relevant="${q_staff_fte} > 0",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2]),
    q("integer", "q_volunteers", "Bénévoles réguliers", "Regular volunteers", constraint=COUNT[0], msg_fr=COUNT[1],
      msg_en=COUNT[2], field="volunteers"),
    q("select_one yes_no", "q_fabmanager", "Un fabmanager est-il employé ?", "Is a fab manager employed?",
      field="has_fabmanager", indicator="m_fabmanager"),
    end(),
    begin("budget", "Budget et recettes", "Budget and revenues"),
    q("decimal", "q_budget", "Budget annuel (€)", "Annual budget (€)", constraint=COUNT[0], msg_fr=COUNT[1],
      msg_en=COUNT[2], field="budget_eur", indicator="s_budget"),
    q("note", "q_revenue_note", "Répartition des recettes (en %, le total fait 100)",
      "Revenues by source (in %, adding up to 100)"),
    q("integer", "q_rev_public", "Subventions publiques (%)", "Public subsidies (%)", constraint=PCT[0], msg_fr=PCT[1],
      msg_en=PCT[2]),
    q("integer", "q_rev_services", "Prestations (%)", "Services sold (%)", constraint=PCT[0], msg_fr=PCT[1], msg_en=PCT[2]),
    q("integer", "q_rev_memberships", "Adhésions et abonnements (%)", "Memberships (%)", constraint=PCT[0],
      msg_fr=PCT[1], msg_en=PCT[2]),
    q("integer", "q_rev_training", "Formations (%)", "Training (%)", constraint=PCT[0], msg_fr=PCT[1], msg_en=PCT[2]),
    q("integer", "q_rev_private", "Partenaires privés, mécénat (%)", "Private partners, sponsorship (%)",
      constraint=". >= 0 and . + ${q_rev_public} + ${q_rev_services} + ${q_rev_memberships} + ${q_rev_training} = 100",
      msg_fr="Les parts doivent faire 100 % au total.", msg_en="The shares must add up to 100 %."),
    q("calculate", "q_rev_total", None, None,
      calculation="${q_rev_public} + ${q_rev_services} + ${q_rev_memberships} + ${q_rev_training} + ${q_rev_private}"),
    q("note", "q_rev_check", "Le total fait ${q_rev_total} % : il doit faire 100 %.",
      "The total is ${q_rev_total} %: it must be 100 %.", relevant="${q_rev_total} != 100"),
    q("select_multiple revenue_source", "q_revenue_sources", "Sources de recettes significatives (plus de 10 %)",
      "Significant revenue sources (over 10 %)", indicator="m_business_model"),
    end(),
    begin("offre", "Offre et publics", "Offer and publics"),
    q("select_multiple offer or_other", "q_offer", "Services proposés", "Services offered", required="yes", field="offer"),
    q("select_multiple publics", "q_publics", "Publics accueillis", "Publics welcomed", required="yes", field="publics"),
    q("integer", "q_users_per_week", "Usagers par semaine (moyenne de l'année)", "Users per week (yearly average)",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2], indicator="s_users_week"),
    q("select_one likert", "q_publics_diversity", "Les publics accueillis sont-ils divers (âges, genres, situations) ?",
      "Are the publics diverse (ages, genders, situations)?", appearance="likert", indicator="i_div_direct"),
    end(),
    begin("entreprises", "Entreprises accompagnées", "Firms served"),
    q("integer", "q_firms_served", "Entreprises accompagnées dans l'année", "Firms served in the year",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2]),
    q("select_multiple firm_sector", "q_firm_sectors", "Secteurs de ces entreprises", "Sectors of these firms",
      relevant="${q_firms_served} > 0"),
    q("select_multiple firm_service", "q_firm_services", "Services rendus aux entreprises", "Services to firms",
      relevant="${q_firms_served} > 0"),
    q("integer", "q_firm_projects", "Projets d'entreprises menés à l'atelier", "Firms' projects carried out here",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2], indicator="s_firm_projects"),
    end(),
    begin("emplois", "Emplois, activités et formations", "Jobs, activities and training"),
    q("integer", "q_jobs_from_projects", "Emplois créés par les projets des usagers (estimation)",
      "Jobs created by the users' projects (estimate)", constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2],
      indicator="i_emp_induced"),
    q("integer", "q_companies_created", "Entreprises créées par des usagers", "Companies created by users",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2]),
    q("integer", "q_people_trained", "Personnes formées dans l'année", "People trained in the year",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2], indicator="i_emp_indirect"),
    q("integer", "q_digital_training_hours", "Heures de formation au numérique dans l'année",
      "Hours of digital training in the year", constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2],
      indicator="i_dig_direct"),
    end(),
    begin("reseaux", "Partenariats et réseaux", "Partnerships and networks"),
    q("select_multiple network", "q_networks", "Réseaux dont l'atelier est membre", "Networks the workshop belongs to",
      field="networks"),
    q("text", "q_partners", "Principaux partenaires (entreprises, collectivités, écoles…)",
      "Main partners (firms, local authorities, schools…)", appearance="multiline"),
    end(),
    begin("impacts", "Ce que l'atelier a changé", "What the workshop changed"),
    q("select_one likert", "q_impact_employment", "Pour l'emploi et les compétences du territoire",
      "For the territory's jobs and skills", appearance="likert"),
    q("select_one likert", "q_impact_diversity", "Pour la diversité des publics et la mise en réseau",
      "For the diversity of publics and networking", appearance="likert"),
    q("select_one likert", "q_impact_digital", "Pour la diffusion et la transformation numériques",
      "For digital diffusion and transformation", appearance="likert"),
    q("select_one likert", "q_impact_attractiveness", "Pour l'attractivité et le rayonnement du territoire",
      "For the territory's attractiveness and influence", appearance="likert"),
    q("integer", "q_firms_adopting", "Entreprises ayant adopté un outil ou procédé numérique grâce à l'atelier",
      "Firms that adopted a digital tool or process thanks to the workshop", constraint=COUNT[0], msg_fr=COUNT[1],
      msg_en=COUNT[2], indicator="i_dig_induced"),
    q("integer", "q_events", "Événements publics organisés dans l'année", "Public events held in the year",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2], indicator="i_att_direct"),
    q("text", "q_impact_example", "Un exemple de ce que l'atelier a changé", "An example of what the workshop changed",
      appearance="multiline"),
    end(),
    q("begin repeat", "achats", "Achats de l'année, par secteur", "Purchases of the year, by sector"),
    q("select_one purchase_sector", "q_purchase_sector", "Secteur du fournisseur", "Supplier's sector", required="yes"),
    q("decimal", "q_purchase_amount", "Montant (€)", "Amount (€)", required="yes", constraint=". > 0",
      msg_fr="Un montant positif.", msg_en="A positive amount."),
    q("integer", "q_purchase_local_share", "Part achetée sur le territoire (%)", "Share bought in the territory (%)",
      constraint=PCT[0], msg_fr=PCT[1], msg_en=PCT[2]),
    q("end repeat", None, None, None),
    begin("besoins", "Difficultés et besoins", "Difficulties and needs"),
    q("select_multiple difficulty or_other", "q_difficulties", "Principales difficultés", "Main difficulties"),
    q("text", "q_needs", "De quoi l'atelier aurait-il besoin ?", "What would the workshop need?", appearance="multiline"),
    end(),
]

CHOICES = {
    "yes_no": [("yes", "Oui", "Yes"), ("no", "Non", "No")],
    "kind": [("fablab", "Fablab", "Fablab"), ("mini_fablab", "Mini-fablab", "Mini fablab"),
             ("makerspace", "Makerspace", "Makerspace"), ("hackerspace", "Hackerspace", "Hackerspace"),
             ("tiers_lieu", "Tiers-lieu", "Third place"), ("digital_mediation", "Lieu de médiation numérique",
                                                              "Digital mediation place"),
             ("university_lab", "Fablab universitaire", "University fab lab"),
             ("company_workshop", "Atelier d'entreprise", "Company workshop"),
             ("mobile_workshop", "Atelier mobile", "Mobile workshop"), ("training_space", "Lieu de formation",
                                                                       "Training space"),
             ("innovation_hub", "Plateforme d'innovation", "Innovation hub"), ("other", "Autre", "Other")],
    "legal_form": [("association", "Association", "Non-profit association"), ("scic", "SCIC", "Cooperative (SCIC)"),
                   ("company", "Société", "Company"), ("local_authority", "Collectivité", "Local authority"),
                   ("university", "Université", "University"), ("school", "École", "School"),
                   ("public_body", "Autre établissement public", "Other public body")],
    "governance": [("board", "Conseil d'administration", "Board"), ("collegial", "Collégiale", "Collegial"),
                   ("host", "Celle de la structure d'accueil", "The host organisation's"),
                   ("other", "Autre", "Other")],
    "equipment": [("3d_printing", "Impression 3D", "3D printing"), ("laser_cutting", "Découpe laser", "Laser cutting"),
                  ("cnc_milling", "Fraiseuse numérique", "CNC milling"),
                  ("precision_milling", "Fraiseuse de précision", "Precision milling"),
                  ("vinyl_cutting", "Découpe vinyle", "Vinyl cutting"), ("electronics", "Électronique", "Electronics"),
                  ("textile", "Textile (brodeuse, surjeteuse)", "Textile"), ("wood_metal", "Bois et métal", "Wood and metal"),
                  ("scanning", "Numérisation 3D", "3D scanning"), ("computers", "Postes informatiques", "Computers")],
    "revenue_source": [("public_subsidies", "Subventions publiques", "Public subsidies"),
                       ("services", "Prestations", "Services sold"), ("memberships", "Adhésions", "Memberships"),
                       ("training", "Formations", "Training"), ("private_partners", "Partenaires privés",
                                                                 "Private partners")],
    "offer": [("open_access", "Accès libre aux machines", "Open access to machines"),
              ("training", "Formations", "Training"), ("prototyping", "Prototypage", "Prototyping"),
              ("services_to_firms", "Services aux entreprises", "Services to firms"),
              ("small_series", "Petites séries", "Small series"), ("research", "Recherche", "Research"),
              ("coworking", "Coworking", "Coworking"), ("events", "Événements", "Events"),
              ("digital_mediation", "Médiation numérique", "Digital mediation")],
    "publics": [("general_public", "Grand public", "General public"), ("young_people", "Jeunes", "Young people"),
                ("students", "Étudiants", "Students"), ("schools", "Scolaires", "School classes"),
                ("job_seekers", "Demandeurs d'emploi", "Job seekers"), ("seniors", "Seniors", "Seniors"),
                ("entrepreneurs", "Porteurs de projet", "Entrepreneurs"), ("firms", "Entreprises", "Firms"),
                ("craftspeople", "Artisans", "Craftspeople")],
    "likert": [("1", "Pas du tout", "Not at all"), ("2", "Un peu", "A little"), ("3", "Moyennement", "Moderately"),
               ("4", "Beaucoup", "A lot"), ("5", "Énormément", "Very much")],
    "firm_sector": [("az", "Agriculture", "Agriculture"), ("be", "Industrie", "Industry"),
                    ("fz", "Construction", "Construction"), ("gu", "Commerce, transports, services",
                                                             "Trade, transport, services"),
                    ("oq", "Administration, enseignement, santé", "Administration, education, health")],
    "firm_service": [("prototype", "Prototype", "Prototype"), ("small_series", "Petite série", "Small series"),
                     ("training", "Formation des salariés", "Staff training"),
                     ("machine_rental", "Location de machines", "Machine rental"),
                     ("advice", "Conseil, accompagnement", "Advice, support")],
    "network": [("fab_charter", "Charte des fablabs (MIT)", "Fab Charter (MIT)"),
                ("fablabs_io", "fablabs.io", "fablabs.io"), ("rfff", "Réseau français des fablabs", "French fab lab network"),
                ("france_tiers_lieux", "France Tiers-Lieux", "France Tiers-Lieux"),
                ("maplabbzh", "MapLab Bretagne", "MapLab Brittany"), ("regional", "Réseau régional", "Regional network")],
    "purchase_sector": [("C", "Matières premières et fournitures industrielles (C)", "Materials and industrial supplies (C)"),
                        ("C26", "Électronique et informatique (C26)", "Electronics and computers (C26)"),
                        ("C28", "Machines (C28)", "Machinery (C28)"), ("D35", "Énergie (D35)", "Energy (D35)"),
                        ("F", "Travaux et bâtiment (F)", "Building works (F)"), ("G46", "Commerce de gros (G46)",
                                                                                   "Wholesale trade (G46)"),
                        ("J62_J63", "Services informatiques (J62-J63)", "IT services (J62-J63)"),
                        ("L68", "Loyer (L68)", "Rent (L68)"), ("M69_M70", "Conseil, comptabilité (M69-M70)",
                                                                 "Advice, accounting (M69-M70)"),
                        ("N", "Services administratifs et de soutien (N)", "Administrative and support services (N)"),
                        ("K65", "Assurances (K65)", "Insurance (K65)"), ("other", "Autre", "Other")],
    "difficulty": [("funding", "Financement", "Funding"), ("premises", "Locaux", "Premises"),
                   ("staff", "Recrutement, équipe", "Staff"), ("publics", "Faire venir les publics", "Reaching publics"),
                   ("firms", "Lien avec les entreprises", "Links with firms"), ("equipment", "Équipement, maintenance",
                                                                              "Equipment, maintenance")],
}


USER = [
    begin("profil", "Votre profil", "Your profile"),
    q("select_one age_band", "u_age", "Votre âge", "Your age", required="yes"),
    q("select_one gender", "u_gender", "Vous êtes", "You are"),
    q("select_one situation or_other", "u_situation", "Votre situation", "Your situation", required="yes"),
    end(),
    begin("usage", "Votre usage de l'atelier", "How you use the workshop"),
    q("select_one frequency", "u_frequency", "À quelle fréquence venez-vous ?", "How often do you come?", required="yes"),
    q("integer", "u_since", "Depuis quelle année ?", "Since which year?", constraint=". >= 1980 and . <= 2026",
      msg_fr="Une année entre 1980 et 2026.", msg_en="A year between 1980 and 2026."),
    q("select_multiple activity or_other", "u_activities", "Ce que vous y faites", "What you do there"),
    q("select_multiple equipment", "u_machines", "Les machines que vous utilisez", "The machines you use"),
    end(),
    begin("effets", "Ce que l'atelier a changé pour vous", "What the workshop changed for you"),
    q("select_one likert", "u_skills", "Vous avez acquis des compétences", "You gained skills", appearance="likert"),
    q("select_one employment_effect", "u_employment", "Pour votre emploi", "For your job"),
    q("select_one yes_no", "u_project", "Avez-vous mené un projet grâce à l'atelier ?",
      "Did you carry out a project thanks to the workshop?"),
    q("text", "u_project_what", "Lequel ?", "Which one?", relevant="${u_project} = 'yes'"),
    q("select_one yes_no", "u_company", "Avez-vous créé une entreprise ou une activité ?",
      "Did you create a company or an activity?"),
    q("select_one likert", "u_network", "Vous avez rencontré des personnes utiles à vos projets",
      "You met people useful to your projects", appearance="likert"),
    end(),
    begin("trajet", "Votre trajet jusqu'à l'atelier", "Your trip to the workshop"),
    q("select_one travel_mode", "u_travel_mode", "Mode de transport habituel", "Usual means of transport"),
    q("integer", "u_travel_minutes", "Durée du trajet (minutes)", "Trip duration (minutes)",
      constraint=". >= 0 and . <= 300", msg_fr="Entre 0 et 300 minutes.", msg_en="Between 0 and 300 minutes."),
    q("text", "u_residence", "Commune de résidence (code postal ou nom)", "Municipality of residence (postcode or name)"),
    end(),
]

INTERVIEW = [
    q("select_one interviewee", "interviewee", "Personne interrogée", "Person interviewed", required="yes"),
    q("text", "organisation", "Structure", "Organisation"),
    q("date", "interview_date", "Date de l'entretien", "Date of the interview"),
    begin("histoire", "Histoire et modèle de l'atelier", "The workshop's history and model"),
    q("text", "origins", "Comment l'atelier est-il né, et pourquoi ici ?", "How did the workshop start, and why here?",
      appearance="multiline", relevant="${interviewee} = 'manager'"),
    q("text", "business_model", "Comment l'atelier se finance-t-il, et comment cela a-t-il évolué ?",
      "How is the workshop funded, and how has that changed?", appearance="multiline"),
    end(),
    begin("partenariats", "Partenariats et ancrage territorial", "Partnerships and territorial anchoring"),
    q("text", "partnerships", "Avec qui l'atelier travaille-t-il (entreprises, écoles, collectivités, réseaux) ?",
      "Who does the workshop work with (firms, schools, local authorities, networks)?", appearance="multiline",
      indicator="i_div_indirect"),
    q("text", "firm_relations", "Qu'apporte l'atelier aux entreprises ? Qu'en attendent-elles ?",
      "What does the workshop bring to firms? What do they expect?", appearance="multiline",
      relevant="${interviewee} = 'manager' or ${interviewee} = 'partner_firm'"),
    q("text", "territory_role", "Quelle place l'atelier tient-il dans la politique du territoire ?",
      "What place does the workshop hold in the territory's policy?", appearance="multiline",
      relevant="${interviewee} = 'elected_official' or ${interviewee} = 'funder'"),
    end(),
    begin("effets", "Effets observés", "Effects observed"),
    q("text", "effects_employment", "Emploi et compétences", "Employment and skills", appearance="multiline"),
    q("text", "effects_diversity", "Diversité des publics et mise en réseau", "Diversity of publics and networking",
      appearance="multiline"),
    q("text", "effects_digital", "Diffusion et transformation numériques", "Digital diffusion and transformation",
      appearance="multiline"),
    q("text", "effects_attractiveness", "Attractivité et rayonnement", "Attractiveness and influence",
      appearance="multiline"),
    end(),
    begin("avenir", "Difficultés, besoins, recommandations", "Difficulties, needs, recommendations"),
    q("text", "difficulties", "Difficultés rencontrées", "Difficulties met", appearance="multiline"),
    q("text", "recommendations", "Que faudrait-il faire pour soutenir ce type d'atelier ?",
      "What should be done to support this kind of workshop?", appearance="multiline"),
    end(),
]

SCORE = dict(hint_fr="0 absent, 1 faible, 2 partiel, 3 complet", hint_en="0 absent, 1 weak, 2 partial, 3 complete")
DOCUMENTS = [
    q("select_multiple document_kind", "documents", "Documents analysés", "Documents analysed", required="yes"),
    begin("statuts", "Statuts et gouvernance", "Statutes and governance"),
    q("select_one score", "gov_open_membership", "Adhésion ouverte à tous", "Membership open to all", **SCORE),
    q("select_one score", "gov_users_in_board", "Usagers représentés dans les instances",
      "Users represented in the governing bodies", **SCORE),
    q("select_one score", "gov_partners_in_board", "Partenaires (collectivités, entreprises) associés",
      "Partners (local authorities, firms) involved", **SCORE),
    q("select_one score", "gov_rules_published", "Règles d'usage et charte publiées", "Rules and charter published",
      **SCORE),
    q("calculate", "governance_score", None, None,
      calculation="(${gov_open_membership} + ${gov_users_in_board} + ${gov_partners_in_board} + "
                  "${gov_rules_published}) div 12", indicator="m_governance"),
    end(),
    begin("rapports", "Rapports d'activité", "Activity reports"),
    q("select_one score", "rep_figures", "Chiffres d'activité publiés (usagers, heures, projets)",
      "Activity figures published (users, hours, projects)", **SCORE),
    q("select_one score", "rep_impacts", "Effets décrits (emploi, formation, entreprises)",
      "Effects described (jobs, training, firms)", **SCORE),
    q("integer", "press_mentions", "Mentions dans la presse dans l'année", "Press mentions in the year",
      constraint=COUNT[0], msg_fr=COUNT[1], msg_en=COUNT[2], indicator="i_att_indirect"),
    end(),
    begin("budgets", "Budgets", "Budgets"),
    q("select_one score", "bud_detail", "Budget détaillé par poste", "Budget detailed by item", **SCORE),
    q("select_one score", "bud_diversity", "Recettes diversifiées (plus de trois sources)",
      "Diversified revenues (more than three sources)", **SCORE),
    end(),
    begin("site", "Site web et réseaux sociaux", "Website and social media"),
    q("select_one score", "web_offer", "Offre et horaires à jour", "Offer and hours up to date", **SCORE),
    q("select_one score", "web_projects", "Projets documentés (open source)", "Projects documented (open source)",
      **SCORE),
    end(),
]

CHOICES.update({
    "age_band": [("u18", "Moins de 18 ans", "Under 18"), ("18_25", "18 à 25 ans", "18 to 25"),
                 ("26_40", "26 à 40 ans", "26 to 40"), ("41_60", "41 à 60 ans", "41 to 60"),
                 ("over60", "Plus de 60 ans", "Over 60")],
    "gender": [("woman", "Une femme", "A woman"), ("man", "Un homme", "A man"),
               ("other", "Autre ou ne souhaite pas répondre", "Other or prefer not to say")],
    "situation": [("pupil", "Élève", "Pupil"), ("student", "Étudiant", "Student"), ("employee", "Salarié", "Employee"),
                  ("self_employed", "Indépendant, chef d'entreprise", "Self-employed, business owner"),
                  ("job_seeker", "Demandeur d'emploi", "Job seeker"), ("retired", "Retraité", "Retired")],
    "frequency": [("weekly", "Chaque semaine", "Every week"), ("monthly", "Chaque mois", "Every month"),
                  ("few_year", "Quelques fois par an", "A few times a year"), ("first", "C'est la première fois",
                                                                                "This is the first time")],
    "activity": [("personal", "Projets personnels", "Personal projects"), ("professional", "Projets professionnels",
                                                                          "Professional projects"),
                 ("training", "Formations", "Training"), ("events", "Événements", "Events"),
                 ("repair", "Réparation", "Repair"), ("volunteering", "Bénévolat", "Volunteering")],
    "employment_effect": [("none", "Aucun effet", "No effect"), ("skills_at_work", "Utile dans mon emploi actuel",
                                                                   "Useful in my current job"),
                          ("found_job", "J'ai trouvé un emploi", "I found a job"),
                          ("changed_job", "J'ai changé d'emploi", "I changed jobs"),
                          ("started_business", "J'ai lancé une activité", "I started a business")],
    "travel_mode": [("walk", "À pied", "On foot"), ("bike", "Vélo", "Bicycle"), ("public", "Transports en commun",
                                                                                  "Public transport"),
                    ("car", "Voiture", "Car"), ("other", "Autre", "Other")],
    "interviewee": [("manager", "Gestionnaire de l'atelier", "Workshop manager"),
                    ("partner_firm", "Entreprise partenaire", "Partner firm"),
                    ("elected_official", "Élu", "Elected official"), ("funder", "Financeur", "Funder")],
    "document_kind": [("statutes", "Statuts", "Statutes"), ("activity_report", "Rapport d'activité", "Activity report"),
                      ("budget", "Budget", "Budget"), ("website", "Site web", "Website")],
    "score": [("0", "0 — absent", "0 — absent"), ("1", "1 — faible", "1 — weak"), ("2", "2 — partiel", "2 — partial"),
              ("3", "3 — complet", "3 — complete")],
})


def lists_of(survey):
    out = []
    for row in survey:
        t = (row[0] or "").split()
        if len(t) > 1 and t[0].startswith("select") and t[1] not in out:
            out.append(t[1])
    return out


def save(wb, path):
    """Saves `wb` with the same bytes on every run (fixed properties and entry dates)."""
    fixed = datetime.datetime(2026, 12, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "fabscope"
    buffer = io.BytesIO()
    wb.save(buffer)
    # The same bytes on every run: each entry re-stored with a fixed date.
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            fixed_info = zipfile.ZipInfo(info.filename, date_time=(2026, 12, 1, 0, 0, 0))
            fixed_info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed_info, src.read(info.filename))


def write(path, title, form_id, survey, lists, instance_name, version="2026-12"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(SURVEY_COLUMNS)
    for row in survey:
        ws.append(row)
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", f"label::{FR}", f"label::{EN}"])
    for name in lists:
        for value, fr, en in CHOICES[name]:
            ch.append([name, value, fr, en])
    st = wb.create_sheet("settings")
    st.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    st.append([title, form_id, version, FR, instance_name])
    save(wb, path)

if __name__ == "__main__":
    forms = [
        ("questionnaire_gestionnaire.xlsx", "Questionnaire des gestionnaires d'ateliers de fabrication numérique",
         "fabscope_gestionnaire", MANAGER, "concat(${q_name}, ' — ', ${q_city})"),
        ("questionnaire_usager.xlsx", "Questionnaire des usagers d'ateliers de fabrication numérique",
         "fabscope_usager", USER, "concat(${u_situation}, ' — ', ${u_residence})"),
        ("grille_entretien.xlsx", "Grille d'entretien (gestionnaire, entreprise partenaire, élu, financeur)",
         "fabscope_entretien", INTERVIEW, "concat(${interviewee}, ' — ', ${organisation})"),
        ("grille_documents.xlsx", "Grille d'analyse documentaire (statuts, rapports, budgets, site web)",
         "fabscope_documents", DOCUMENTS, "${documents}"),
    ]
    for file, title, form_id, survey, instance_name in forms:
        # A form's version changes with its questions (answers keep the version they were given under).
        version = "2026-12-07" if form_id == "fabscope_gestionnaire" else "2026-12"
        write(os.path.join(HERE, file), title, form_id, survey, lists_of(survey), instance_name, version)
        print("written:", os.path.join(HERE, file))
