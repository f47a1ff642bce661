/*
** mapping.h — the tables between jikenbo's vocabulary (SCHEMA.md) and the
** vocabularies of VERIS 1.4, STIX 2.1 (+ Incident Core Extension) and the
** MISP VERIS taxonomy.  Internal to the share files; the tables themselves
** are in mapping.c, as data.
*/
#ifndef JK_MAPPING_H
#define JK_MAPPING_H

#include "jikenbo.h"

#include <stdbool.h>

/* A cause (jk_category) in the other vocabularies. */
typedef struct jk_cause_map {
  jk_category cat;
  const char *veris_action;  /* action key: "error", "hacking", ...; NULL: action.unknown */
  const char *veris_variety; /* its variety ("Misdelivery", "Unknown") */
  const char *veris_vector;  /* a vector value valid for that action */
  const char *actor;         /* who acts: "internal", "external", "unknown" */
  const char *stix_type;     /* Incident Core incident_types (open vocabulary); NULL: none */
  const char *misp_tag;      /* MISP VERIS taxonomy machine tag; NULL: none fits */
} jk_cause_map;

const jk_cause_map *jk_map_cause(jk_category c);
/* The category a MISP/STIX VERIS tag stands for; -1 if none. */
int jk_map_cause_from_tag(const char *tag);

/* A kind of personal data (jk_data_type) in the other vocabularies. */
typedef struct jk_data_map {
  jk_data_type dt;
  const char *veris_variety; /* attribute.confidentiality.data[].variety (VERIS 1.4) */
  const char *misp_variety;  /* the same in the (older) MISP VERIS taxonomy */
  const char *stix_info;     /* Incident Core confidentiality_impacts[].information_type */
  const char *misp_category; /* MISP category of the attribute naming the kind */
} jk_data_map;

const jk_data_map *jk_map_data(jk_data_type t);

/* What an organisation's name tells of its industry. */
typedef struct jk_org_map {
  const char *word;       /* the name ends with it (legal forms set aside) */
  const char *naics;      /* VERIS victim.industry (NAICS code) */
  const char *government; /* VERIS victim.government: "Local", "Regional", "Federal", "NA" */
  const char *stix_sector; /* STIX industry-sector-ov; NULL: none fits */
  const char *what;       /* in words, for MISP comments and notes */
} jk_org_map;

/* The industry of an organisation by its name; NULL when it cannot be told. */
const jk_org_map *jk_map_org(const char *org);

/* How a notice says the incident was found. */
typedef struct jk_discovery_map {
  const char *phrase;      /* in a sentence that also says 判明/発覚/… */
  const char *veris_kind;  /* "external", "internal", "partner" */
  const char *veris_variety;
  const char *misp_value;  /* veris:discovery_method="…" in the MISP taxonomy */
  const char *stix_method; /* Incident Core detection_methods (open vocabulary) */
} jk_discovery_map;

/* The first discovery phrase the notice text states, or NULL. */
const jk_discovery_map *jk_map_discovery(const char *text, size_t len);

/* Does the notice speak of a possible (not confirmed) exposure? */
bool jk_map_possible(const char *text, size_t len);

#endif /* JK_MAPPING_H */
