"""The curator's assistant: draft statements for a source (`suggest`), accept them into the
curation (`accept`), and score drafts against a hand curation (`score`). Offline: cue phrases
come from the ontology, entities from the registry."""
