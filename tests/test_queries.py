"""Packaged queries: expected answers on both engines, the CLI, the Python API and errors.

Each case is a query, its parameters, the columns checked and the rows expected, in order.
Cells: a resource IRI as its slug (a statement as its id), a vocabulary IRI as a CURIE, a
literal as its lexical form, unbound as empty. Every case runs on pyoxigraph and on rdflib.
"""
# ruff: noqa: E501  (the expected tables are data; one row per line reads best)

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from psykg import api
from psykg.cli import main
from psykg.errors import QueryError
from psykg.rdf.datatypes import INTEGER_TYPES, XSD
from psykg.sparql import packaged as queries
from psykg.sparql.engines import Result, Term, literal, run_oxigraph
from psykg.sparql.results import WRITERS, compact, write_csv, write_json, write_tsv

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
SOURCE = (ROOT / "data/sources/psychodynamic-therapy.txt").read_text(encoding="utf-8")
RES = "https://w3id.org/psykg/resource/"
REQUIRED = {
    "therapy-overview", "indications", "therapies-for-condition", "less-used-for", "candidates",
    "goals", "techniques", "lineage", "compare", "duration", "populations", "provenance",
    "evidence", "stats",
}


@dataclass(frozen=True)
class Case:
    """One query run and the rows it must give, projected on `columns`."""

    name: str
    params: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def id(self) -> str:
        return self.name + "".join(f"[{k}={v}]" for k, v in self.params.items())


def case(name: str, params: dict[str, str], columns: str, table: str) -> Case:
    rows = tuple(tuple(c.strip() for c in line.split("|"))
                 for line in table.strip().splitlines() if line.strip())
    return Case(name, params, tuple(columns.split()), rows)


CASES = [
    case('indications', {}, 'therapy strength isUse condition statement', """
        psychodynamic-therapy | primary | true | depression | pdt-primarily-treats-depression
        psychodynamic-therapy | primary | true | serious-psychological-disorder | pdt-primarily-treats-serious-disorders
        psychodynamic-therapy | found effective by studies | true | eating-disorder | pdt-found-effective-for-eating-disorders
        psychodynamic-therapy | found effective by studies | true | pain-problems | pdt-found-effective-for-pain
        psychodynamic-therapy | found effective by studies | true | relationship-difficulties | pdt-found-effective-for-relationship-difficulties
        psychodynamic-therapy | found effective by studies | true | social-anxiety-disorder | pdt-found-effective-for-social-anxiety-disorder
        psychodynamic-therapy | also useful | true | borderline-personality-disorder | pdt-also-useful-for-bpd
        psychodynamic-therapy | less used | false | obsessive-compulsive-disorder | pdt-less-used-for-ocd
        psychodynamic-therapy | less used | false | post-traumatic-stress-disorder | pdt-less-used-for-ptsd
        psychodynamic-therapy | less used | false | psychosis | pdt-less-used-for-psychosis
    """),
    case('indications', {'therapy': 'psychodynamic therapy'}, 'strength isUse conditionLabel', """
        primary | true | depression
        primary | true | serious psychological disorder
        found effective by studies | true | eating disorder
        found effective by studies | true | problems with pain
        found effective by studies | true | relationship difficulties
        found effective by studies | true | social anxiety disorder
        also useful | true | borderline personality disorder
        less used | false | obsessive-compulsive disorder
        less used | false | post-traumatic stress disorder
        less used | false | psychosis
    """),
    case('indications', {'therapy': 'CBT'}, 'strength conditionLabel', """
    """),
    case('therapies-for-condition', {'condition': 'depression'}, 'therapyLabel strength isUse statement', """
        psychodynamic therapy | primary | true | pdt-primarily-treats-depression
    """),
    case('therapies-for-condition', {'condition': 'PTSD'}, 'therapyLabel strength isUse statement', """
        psychodynamic therapy | less used | false | pdt-less-used-for-ptsd
    """),
    case('therapies-for-condition', {}, 'conditionLabel strength therapy', """
        borderline personality disorder | also useful | psychodynamic-therapy
        depression | primary | psychodynamic-therapy
        eating disorder | found effective by studies | psychodynamic-therapy
        obsessive-compulsive disorder | less used | psychodynamic-therapy
        post-traumatic stress disorder | less used | psychodynamic-therapy
        problems with pain | found effective by studies | psychodynamic-therapy
        psychosis | less used | psychodynamic-therapy
        relationship difficulties | found effective by studies | psychodynamic-therapy
        serious psychological disorder | primary | psychodynamic-therapy
        social anxiety disorder | found effective by studies | psychodynamic-therapy
    """),
    case('less-used-for', {'therapy': 'PDT'}, 'therapy condition statement', """
        psychodynamic-therapy | obsessive-compulsive-disorder | pdt-less-used-for-ocd
        psychodynamic-therapy | post-traumatic-stress-disorder | pdt-less-used-for-ptsd
        psychodynamic-therapy | psychosis | pdt-less-used-for-psychosis
    """),
    case('less-used-for', {'therapy': 'cognitive-behavioral therapy'}, 'therapy condition', """
    """),
    case('candidates', {'therapy': 'psychodynamic therapy'}, 'fit trait alternative comparedTo statement', """
        good | capacity-for-self-reflection |  |  | self-reflection-good-candidate-for-pdt
        good | seeking-insight-into-oneself |  |  | insight-seeking-good-candidate-for-pdt
        poor | not-interested-in-life-history | cognitive-behavioral-therapy |  | no-interest-in-life-history-poor-candidate-for-pdt
    """),
    case('candidates', {'therapy': 'CBT'}, 'fit trait alternative comparedTo statement', """
        better | not-interested-in-life-history |  | psychodynamic-therapy | no-interest-in-life-history-better-candidate-for-cbt
    """),
    case('candidates', {}, 'therapy fit trait alternative comparedTo', """
        cognitive-behavioral-therapy | better | not-interested-in-life-history |  | psychodynamic-therapy
        psychodynamic-therapy | good | capacity-for-self-reflection |  |
        psychodynamic-therapy | good | seeking-insight-into-oneself |  |
        psychodynamic-therapy | poor | not-interested-in-life-history | cognitive-behavioral-therapy |
    """),
    case('goals', {'therapy': 'psychodynamic therapy'}, 'kind goal statement', """
        goal | resolving-current-difficulties | pdt-goal-resolve-current-difficulties
        goal | changed-behavior-in-relationships | pdt-goal-change-behavior-in-relationships
        goal | improved-interpersonal-experiences | pdt-goal-interpersonal-experiences
        goal | remission-of-symptoms | pdt-goal-remission-of-symptoms
        goal | understanding-effects-of-repressed-emotions | pdt-goal-understanding-repressed-emotions
        expected benefit | better-use-of-talents-and-abilities | pdt-benefit-talents-and-abilities
        expected benefit | more-satisfying-relationships | pdt-benefit-satisfying-relationships
        expected benefit | increased-self-worth | pdt-benefit-self-worth
    """),
    case('goals', {}, 'therapy kind goal', """
        psychodynamic-therapy | goal | resolving-current-difficulties
        psychodynamic-therapy | goal | changed-behavior-in-relationships
        psychodynamic-therapy | goal | improved-interpersonal-experiences
        psychodynamic-therapy | goal | remission-of-symptoms
        psychodynamic-therapy | goal | understanding-effects-of-repressed-emotions
        psychodynamic-therapy | expected benefit | better-use-of-talents-and-abilities
        psychodynamic-therapy | expected benefit | more-satisfying-relationships
        psychodynamic-therapy | expected benefit | increased-self-worth
    """),
    case('techniques', {'therapy': 'psychodynamic therapy'}, 'kind item comparedTo', """
        technique | exploration-of-earlier-experiences |
        technique | free-association |
        technique | talking-about-problems |
        focus | intrapsychic-processes |
        focus | unconscious-processing-of-experience |
        distinctive focus | negative-and-contradictory-feelings |
        distinctive focus | repressed-emotions |
        more focused on | problem-solving-and-outcomes | psychoanalytic-therapy
        more focused on | relationship-with-external-world | psychoanalytic-therapy
        less focused on | early-life-experience | psychoanalytic-therapy
        less focused on | patient-therapist-relationship | psychoanalytic-therapy
    """),
    case('techniques', {'therapy': 'psychoanalytic therapy'}, 'kind item comparedTo statement', """
        focus | intrapsychic-processes |  | psychoanalytic-therapy-focus-intrapsychic-processes
        focus | unconscious-processing-of-experience |  | psychoanalytic-therapy-focus-unconscious-processing
    """),
    case('lineage', {'therapy': 'brief psychodynamic therapy'}, 'relation target through statement', """
        variant of | psychodynamic-therapy | brief-psychodynamic-therapy | brief-pdt-variant-of-pdt
        derived from | psychoanalytic-therapy | psychodynamic-therapy | pdt-derived-from-psychoanalytic-therapy
        based on theory | psychoanalysis | psychodynamic-therapy | pdt-based-on-psychoanalysis
        based on the work of | sigmund-freud | psychoanalytic-therapy | psychoanalytic-therapy-based-on-work-of-freud
        based on the work of | sigmund-freud | psychodynamic-therapy | pdt-based-on-work-of-freud
    """),
    case('lineage', {'therapy': 'psychoanalytic therapy'}, 'relation target through statement', """
        based on the work of | sigmund-freud | psychoanalytic-therapy | psychoanalytic-therapy-based-on-work-of-freud
    """),
    case('lineage', {}, 'therapy relation target through', """
        brief-psychodynamic-therapy | variant of | psychodynamic-therapy | brief-psychodynamic-therapy
        brief-psychodynamic-therapy | derived from | psychoanalytic-therapy | psychodynamic-therapy
        brief-psychodynamic-therapy | based on theory | psychoanalysis | psychodynamic-therapy
        brief-psychodynamic-therapy | based on the work of | sigmund-freud | psychoanalytic-therapy
        brief-psychodynamic-therapy | based on the work of | sigmund-freud | psychodynamic-therapy
        psychoanalytic-therapy | based on the work of | sigmund-freud | psychoanalytic-therapy
        psychodynamic-therapy | derived from | psychoanalytic-therapy | psychodynamic-therapy
        psychodynamic-therapy | based on theory | psychoanalysis | psychodynamic-therapy
        psychodynamic-therapy | based on the work of | sigmund-freud | psychoanalytic-therapy
        psychodynamic-therapy | based on the work of | sigmund-freud | psychodynamic-therapy
    """),
    case('compare', {}, 'other aspect subjectLabel propertyLabel objectLabel statement', """
        cognitive-behavioral-therapy | effectiveness | psychodynamic therapy | as effective as | cognitive-behavioral therapy | pdt-as-effective-as-cbt
        cognitive-behavioral-therapy | suitability | not interested in delving into one's life history | better candidate for | cognitive-behavioral therapy | no-interest-in-life-history-better-candidate-for-cbt
        cognitive-behavioral-therapy | suitability | not interested in delving into one's life history | poor candidate for | psychodynamic therapy | no-interest-in-life-history-poor-candidate-for-pdt
        psychoanalytic-therapy | duration | psychodynamic therapy | shorter than | psychoanalytic therapy | pdt-shorter-than-psychoanalytic-therapy
        psychoanalytic-therapy | focus | psychodynamic therapy | less focused on | issues arising from early life experience | pdt-less-focused-on-early-life-experience
        psychoanalytic-therapy | focus | psychodynamic therapy | less focused on | the patient-therapist relationship | pdt-less-focused-on-patient-therapist-relationship
        psychoanalytic-therapy | focus | psychodynamic therapy | more focused on | the patient's relationship with their external world | pdt-more-focused-on-external-world
        psychoanalytic-therapy | focus | psychodynamic therapy | more focused on | problem-solving and outcomes | pdt-more-focused-on-problem-solving
    """),
    case('compare', {'other': 'CBT'}, 'other aspect propertyLabel statement', """
        cognitive-behavioral-therapy | effectiveness | as effective as | pdt-as-effective-as-cbt
        cognitive-behavioral-therapy | suitability | better candidate for | no-interest-in-life-history-better-candidate-for-cbt
        cognitive-behavioral-therapy | suitability | poor candidate for | no-interest-in-life-history-poor-candidate-for-pdt
    """),
    case('compare', {'therapy': 'CBT', 'other': 'psychodynamic therapy'}, 'therapy other aspect propertyLabel statement', """
        cognitive-behavioral-therapy | psychodynamic-therapy | effectiveness | as effective as | pdt-as-effective-as-cbt
        cognitive-behavioral-therapy | psychodynamic-therapy | suitability | better candidate for | no-interest-in-life-history-better-candidate-for-cbt
        cognitive-behavioral-therapy | psychodynamic-therapy | suitability | poor candidate for | no-interest-in-life-history-poor-candidate-for-pdt
    """),
    case('compare', {'therapy': 'brief psychodynamic therapy'}, 'other aspect propertyLabel statement', """
        cognitive-behavioral-therapy | duration | contrasts with | brief-pdt-contrasts-with-cbt
    """),
    case('duration', {}, 'therapy kind value statement', """
        brief-psychodynamic-therapy | session limit | 25 | brief-pdt-session-limit
        brief-psychodynamic-therapy | typical duration | often a longer process than 25 sessions | brief-pdt-typical-duration
        brief-psychodynamic-therapy | contrasts with | cognitive-behavioral therapy | brief-pdt-contrasts-with-cbt
        psychodynamic-therapy | typical duration | shorter for some people and longer for others | pdt-typical-duration-varies
        psychodynamic-therapy | benefit timing | at varying points of treatment | pdt-benefit-timing
        psychodynamic-therapy | shorter than | psychoanalytic therapy | pdt-shorter-than-psychoanalytic-therapy
    """),
    case('duration', {'therapy': 'brief psychodynamic therapy'}, 'kind value', """
        session limit | 25
        typical duration | often a longer process than 25 sessions
        contrasts with | cognitive-behavioral therapy
    """),
    case('populations', {'therapy': 'psychodynamic therapy'}, 'relation population forLabel statement', """
        used with population | adolescents |  | pdt-used-with-adolescents
        used with population | children |  | pdt-used-with-children
        aims to help | people-aware-of-their-social-difficulties |  | pdt-aims-to-help-aware-people
        especially for | people-with-difficulty-in-personal-relationships | depression | pdt-primarily-treats-depression
        especially for | people-with-difficulty-in-personal-relationships | serious psychological disorder | pdt-primarily-treats-serious-disorders
        especially for | people-who-have-lost-meaning | depression | pdt-primarily-treats-depression
        especially for | people-who-have-lost-meaning | serious psychological disorder | pdt-primarily-treats-serious-disorders
    """),
    case('provenance', {'resource': 'depression'}, 'role statement start end document', """
        object | pdt-primarily-treats-depression | 608 | 833 | psychodynamic-therapy-article
    """),
    case('provenance', {'resource': 'CBT'}, 'role statement start end', """
        object | brief-pdt-contrasts-with-cbt | 1850 | 1943
        qualifier | brief-pdt-contrasts-with-cbt | 1850 | 1943
        subject | cbt-is-time-limited | 1872 | 1943
        object | no-interest-in-life-history-better-candidate-for-cbt | 1635 | 1752
        qualifier | no-interest-in-life-history-poor-candidate-for-pdt | 1635 | 1752
        object | pdt-as-effective-as-cbt | 1288 | 1414
        qualifier | pdt-as-effective-as-cbt | 1288 | 1414
    """),
    case('provenance', {}, 'role statement start end', """
        object | brief-pdt-variant-of-pdt | 1754 | 1781
        object | insight-seeking-good-candidate-for-pdt | 1469 | 1633
        qualifier | no-interest-in-life-history-better-candidate-for-cbt | 1635 | 1752
        object | no-interest-in-life-history-poor-candidate-for-pdt | 1635 | 1752
        subject | pdt-aims-to-help-aware-people | 3574 | 3743
        subject | pdt-also-useful-for-bpd | 1091 | 1152
        subject | pdt-as-effective-as-cbt | 1288 | 1414
        subject | pdt-based-on-psychoanalysis | 265 | 319
        subject | pdt-based-on-work-of-freud | 162 | 205
        subject | pdt-benefit-satisfying-relationships | 2870 | 2951
        subject | pdt-benefit-self-worth | 2767 | 2811
        subject | pdt-benefit-talents-and-abilities | 2813 | 2864
        subject | pdt-benefit-timing | 3038 | 3101
        subject | pdt-derived-from-psychoanalytic-therapy | 96 | 156
        subject | pdt-distinctive-focus-feelings | 3118 | 3360
        subject | pdt-distinctive-focus-repressed-emotions | 3118 | 3360
        subject | pdt-focus-intrapsychic-processes | 2028 | 2193
        subject | pdt-focus-unconscious-processing | 2028 | 2193
        subject | pdt-found-effective-for-eating-disorders | 835 | 962
        subject | pdt-found-effective-for-pain | 835 | 982
        subject | pdt-found-effective-for-relationship-difficulties | 835 | 1009
        subject | pdt-found-effective-for-social-anxiety-disorder | 835 | 944
        subject | pdt-goal-change-behavior-in-relationships | 3814 | 3860
        subject | pdt-goal-interpersonal-experiences | 3361 | 3429
        subject | pdt-goal-remission-of-symptoms | 2708 | 2757
        subject | pdt-goal-resolve-current-difficulties | 3745 | 3809
        subject | pdt-goal-understanding-repressed-emotions | 3445 | 3572
        subject | pdt-is-talk-therapy | 207 | 264
        subject | pdt-less-focused-on-early-life-experience | 2275 | 2350
        subject | pdt-less-focused-on-patient-therapist-relationship | 441 | 516
        subject | pdt-less-used-for-ocd | 1163 | 1286
        subject | pdt-less-used-for-psychosis | 1163 | 1219
        subject | pdt-less-used-for-ptsd | 1163 | 1251
        subject | pdt-more-focused-on-external-world | 521 | 589
        subject | pdt-more-focused-on-problem-solving | 2204 | 2273
        subject | pdt-primarily-treats-depression | 608 | 833
        subject | pdt-primarily-treats-serious-disorders | 608 | 833
        subject | pdt-shorter-than-psychoanalytic-therapy | 2352 | 2511
        subject | pdt-typical-duration-varies | 2953 | 3036
        subject | pdt-used-with-adolescents | 1039 | 1089
        subject | pdt-used-with-children | 1039 | 1089
        subject | pdt-uses-exploration-of-earlier-experiences | 3861 | 3934
        subject | pdt-uses-free-association | 2560 | 2706
        subject | pdt-uses-talking-about-problems | 332 | 424
        object | self-reflection-good-candidate-for-pdt | 1469 | 1633
    """),
    case('evidence', {}, 'therapy propertyLabel object evidence statement', """
        psychodynamic-therapy | as effective as | cognitive-behavioral-therapy | Research shows | pdt-as-effective-as-cbt
        psychodynamic-therapy | found effective for | eating-disorder | Studies have found | pdt-found-effective-for-eating-disorders
        psychodynamic-therapy | found effective for | pain-problems | Studies have found | pdt-found-effective-for-pain
        psychodynamic-therapy | found effective for | relationship-difficulties | Studies have found | pdt-found-effective-for-relationship-difficulties
        psychodynamic-therapy | found effective for | social-anxiety-disorder | Studies have found | pdt-found-effective-for-social-anxiety-disorder
    """),
    case('evidence', {'therapy': 'psychoanalytic therapy'}, 'statement', """
    """),
    case('stats', {}, 'kind item count', """
        class | psykg:CandidateTrait | 3
        class | psykg:Condition | 10
        class | psykg:Organization | 1
        class | psykg:Person | 1
        class | psykg:Population | 5
        class | psykg:Quote | 47
        class | psykg:SourceDocument | 1
        class | psykg:Statement | 56
        class | psykg:TalkTherapy | 2
        class | psykg:Technique | 3
        class | psykg:Theory | 1
        class | psykg:TherapeuticFocus | 8
        class | psykg:TherapeuticGoal | 8
        class | psykg:Therapy | 4
        class | psykg:TimeLimitedTherapy | 1
        property | dcterms:modified | 1
        property | dcterms:publisher | 1
        property | dcterms:title | 1
        property | rdf:type | 3
        property | psykg:aimsToHelp | 1
        property | psykg:alsoUsefulFor | 1
        property | psykg:asEffectiveAs | 1
        property | psykg:basedOnTheory | 1
        property | psykg:basedOnWorkOf | 2
        property | psykg:benefitTiming | 1
        property | psykg:betterCandidateFor | 1
        property | psykg:contrastsWith | 1
        property | psykg:derivedFrom | 1
        property | psykg:foundEffectiveFor | 4
        property | psykg:goodCandidateFor | 2
        property | psykg:hasDistinctiveFocus | 2
        property | psykg:hasExpectedBenefit | 3
        property | psykg:hasFocus | 4
        property | psykg:hasGoal | 5
        property | psykg:lessFocusedOn | 2
        property | psykg:lessUsedFor | 3
        property | psykg:moreFocusedOn | 2
        property | psykg:poorCandidateFor | 1
        property | psykg:primarilyTreats | 2
        property | psykg:sessionLimit | 1
        property | psykg:shorterThan | 1
        property | psykg:typicalDuration | 2
        property | psykg:usedWithPopulation | 2
        property | psykg:usesTechnique | 3
        property | psykg:variantOf | 1
    """),
    case('therapy-overview', {'therapy': 'CBT'}, 'direction property other qualifier qualifierValue', """
        in | psykg:contrastsWith | brief-psychodynamic-therapy | psykg:comparedTo | cognitive-behavioral-therapy
        in | psykg:contrastsWith | brief-psychodynamic-therapy | psykg:comparisonAspect | psykg:DurationAspect
        in | psykg:contrastsWith | brief-psychodynamic-therapy | psykg:scopeWording | forms of CBT
        in | psykg:betterCandidateFor | not-interested-in-life-history | psykg:comparedTo | psychodynamic-therapy
        in | psykg:betterCandidateFor | not-interested-in-life-history | psykg:comparisonAspect | psykg:SuitabilityAspect
        in | psykg:asEffectiveAs | psychodynamic-therapy | psykg:comparedTo | cognitive-behavioral-therapy
        in | psykg:asEffectiveAs | psychodynamic-therapy | psykg:comparisonAspect | psykg:EffectivenessAspect
        in | psykg:asEffectiveAs | psychodynamic-therapy | psykg:evidenceWording | Research shows
        in | psykg:asEffectiveAs | psychodynamic-therapy | psykg:extentWording | just as lastingly effective
        in | psykg:asEffectiveAs | psychodynamic-therapy | psykg:hedgeWording | can be
        out | rdf:type | psykg:TimeLimitedTherapy | psykg:scopeWording | forms of CBT
    """),
    case('therapy-overview', {'therapy': 'brief psychodynamic therapy'}, 'direction property other qualifier qualifierValue', """
        out | psykg:contrastsWith | cognitive-behavioral-therapy | psykg:comparedTo | cognitive-behavioral-therapy
        out | psykg:contrastsWith | cognitive-behavioral-therapy | psykg:comparisonAspect | psykg:DurationAspect
        out | psykg:contrastsWith | cognitive-behavioral-therapy | psykg:scopeWording | forms of CBT
        out | psykg:sessionLimit | 25 | psykg:hedgeWording | may
        out | psykg:typicalDuration | often a longer process than 25 sessions | psykg:hedgeWording | often
        out | psykg:variantOf | psychodynamic-therapy |  |
    """),
    case('therapy-overview', {}, 'direction property other qualifier qualifierValue', """
        in | psykg:variantOf | brief-psychodynamic-therapy |  |
        in | psykg:goodCandidateFor | seeking-insight-into-oneself | psykg:extentWording | best suited
        in | psykg:poorCandidateFor | not-interested-in-life-history | psykg:alternativeTherapy | cognitive-behavioral-therapy
        in | psykg:poorCandidateFor | not-interested-in-life-history | psykg:comparisonAspect | psykg:SuitabilityAspect
        in | psykg:goodCandidateFor | capacity-for-self-reflection | psykg:extentWording | best suited
        out | psykg:aimsToHelp | people-aware-of-their-social-difficulties |  |
        out | psykg:alsoUsefulFor | borderline-personality-disorder |  |
        out | psykg:asEffectiveAs | cognitive-behavioral-therapy | psykg:comparedTo | cognitive-behavioral-therapy
        out | psykg:asEffectiveAs | cognitive-behavioral-therapy | psykg:comparisonAspect | psykg:EffectivenessAspect
        out | psykg:asEffectiveAs | cognitive-behavioral-therapy | psykg:evidenceWording | Research shows
        out | psykg:asEffectiveAs | cognitive-behavioral-therapy | psykg:extentWording | just as lastingly effective
        out | psykg:asEffectiveAs | cognitive-behavioral-therapy | psykg:hedgeWording | can be
        out | psykg:basedOnTheory | psychoanalysis |  |
        out | psykg:basedOnWorkOf | sigmund-freud |  |
        out | psykg:hasExpectedBenefit | more-satisfying-relationships |  |
        out | psykg:hasExpectedBenefit | increased-self-worth |  |
        out | psykg:hasExpectedBenefit | better-use-of-talents-and-abilities |  |
        out | psykg:benefitTiming | at varying points of treatment | psykg:hedgeWording | may
        out | psykg:derivedFrom | psychoanalytic-therapy |  |
        out | psykg:hasDistinctiveFocus | negative-and-contradictory-feelings |  |
        out | psykg:hasDistinctiveFocus | repressed-emotions |  |
        out | psykg:hasFocus | intrapsychic-processes | psykg:extentWording | to a larger degree than do other forms of therapy
        out | psykg:hasFocus | unconscious-processing-of-experience | psykg:extentWording | to a larger degree than do other forms of therapy
        out | psykg:foundEffectiveFor | eating-disorder | psykg:evidenceWording | Studies have found
        out | psykg:foundEffectiveFor | pain-problems | psykg:evidenceWording | Studies have found
        out | psykg:foundEffectiveFor | relationship-difficulties | psykg:evidenceWording | Studies have found
        out | psykg:foundEffectiveFor | social-anxiety-disorder | psykg:evidenceWording | Studies have found
        out | psykg:hasGoal | changed-behavior-in-relationships |  |
        out | psykg:hasGoal | improved-interpersonal-experiences |  |
        out | psykg:hasGoal | remission-of-symptoms |  |
        out | psykg:hasGoal | resolving-current-difficulties |  |
        out | psykg:hasGoal | understanding-effects-of-repressed-emotions |  |
        out | rdf:type | psykg:TalkTherapy | psykg:extentWording | in-depth
        out | psykg:lessFocusedOn | early-life-experience | psykg:comparedTo | psychoanalytic-therapy
        out | psykg:lessFocusedOn | early-life-experience | psykg:comparisonAspect | psykg:FocusAspect
        out | psykg:lessFocusedOn | patient-therapist-relationship | psykg:comparedTo | psychoanalytic-therapy
        out | psykg:lessFocusedOn | patient-therapist-relationship | psykg:comparisonAspect | psykg:FocusAspect
        out | psykg:lessUsedFor | obsessive-compulsive-disorder |  |
        out | psykg:lessUsedFor | psychosis |  |
        out | psykg:lessUsedFor | post-traumatic-stress-disorder |  |
        out | psykg:moreFocusedOn | relationship-with-external-world | psykg:comparedTo | psychoanalytic-therapy
        out | psykg:moreFocusedOn | relationship-with-external-world | psykg:comparisonAspect | psykg:FocusAspect
        out | psykg:moreFocusedOn | problem-solving-and-outcomes | psykg:comparedTo | psychoanalytic-therapy
        out | psykg:moreFocusedOn | problem-solving-and-outcomes | psykg:comparisonAspect | psykg:FocusAspect
        out | psykg:primarilyTreats | depression | psykg:especiallyFor | people-who-have-lost-meaning
        out | psykg:primarilyTreats | depression | psykg:especiallyFor | people-with-difficulty-in-personal-relationships
        out | psykg:primarilyTreats | depression | psykg:extentWording | especially
        out | psykg:primarilyTreats | serious-psychological-disorder | psykg:especiallyFor | people-who-have-lost-meaning
        out | psykg:primarilyTreats | serious-psychological-disorder | psykg:especiallyFor | people-with-difficulty-in-personal-relationships
        out | psykg:primarilyTreats | serious-psychological-disorder | psykg:extentWording | especially
        out | psykg:shorterThan | psychoanalytic-therapy | psykg:comparedTo | psychoanalytic-therapy
        out | psykg:shorterThan | psychoanalytic-therapy | psykg:comparisonAspect | psykg:DurationAspect
        out | psykg:shorterThan | psychoanalytic-therapy | psykg:hedgeWording | this is not always the case
        out | psykg:shorterThan | psychoanalytic-therapy | psykg:hedgeWording | usually
        out | psykg:shorterThan | psychoanalytic-therapy | psykg:scopeWording | with respect to the frequency and number of sessions
        out | psykg:typicalDuration | shorter for some people and longer for others |  |
        out | psykg:usedWithPopulation | adolescents |  |
        out | psykg:usedWithPopulation | children |  |
        out | psykg:usesTechnique | exploration-of-earlier-experiences |  |
        out | psykg:usesTechnique | free-association |  |
        out | psykg:usesTechnique | talking-about-problems | psykg:extentWording | extremely valuable
        out | psykg:usesTechnique | talking-about-problems | psykg:hedgeWording | can be
    """),
]


def cell(term: Term | None) -> str:
    """A term as the expected tables write it."""
    if term is not None and term.kind == "uri" and term.value.startswith(RES):
        return term.value.removeprefix(RES).removeprefix("statement/")
    return compact(term)


def project(result: Result, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    index = [result.vars.index(c) for c in columns]
    return [tuple(cell(row[i]) for i in index) for row in result.rows]


def normalised(result: Result) -> list[tuple[Term | None, ...]]:
    """Rows with the one known engine difference removed: pyoxigraph stores every
    integer-derived datatype (xsd:nonNegativeInteger ...) as xsd:integer."""

    def norm(term: Term | None) -> Term | None:
        if term is not None and term.datatype in INTEGER_TYPES:
            return literal(term.value, XSD + "integer")
        return term

    return [tuple(norm(t) for t in row) for row in result.rows]


@pytest.fixture(scope="module")
def data(built: Any) -> dict[str, Any]:
    """The released psykg.nt loaded into each engine."""
    _, out = built
    return {"oxigraph": api.load_store(out / "psykg.nt"), "rdflib": api.load_graph(out / "psykg.nt")}


@pytest.fixture
def released(built: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PSYKG_ROOT set to the built checkout, so the default dataset is its dist/psykg.nt."""
    _, out = built
    monkeypatch.setenv("PSYKG_ROOT", str(out.parent))
    return Path(out)


# ---------------------------------------------------------------- expected answers

def test_every_required_query_is_packaged_and_has_cases() -> None:
    packaged = set(queries.load_queries(QUERIES))
    assert packaged >= REQUIRED
    assert {c.name for c in CASES} == packaged


@pytest.mark.parametrize("engine", queries.ENGINE_NAMES)
@pytest.mark.parametrize("expected", CASES, ids=lambda c: c.id)
def test_expected_rows(expected: Case, engine: str, data: dict[str, Any]) -> None:
    result = queries.run_query(expected.name, expected.params, data=data[engine], folder=QUERIES)
    assert project(result, expected.columns) == list(expected.rows)


@pytest.mark.parametrize("expected", CASES, ids=lambda c: c.id)
def test_engines_agree_on_every_row_and_column(expected: Case, data: dict[str, Any]) -> None:
    ox = queries.run_query(expected.name, expected.params, data=data["oxigraph"], folder=QUERIES)
    rd = queries.run_query(expected.name, expected.params, data=data["rdflib"], folder=QUERIES)
    assert ox.vars == rd.vars
    assert normalised(ox) == normalised(rd)


@pytest.mark.parametrize("expected", CASES, ids=lambda c: c.id)
def test_quotes_are_verbatim_source_text(expected: Case, data: dict[str, Any]) -> None:
    result = queries.run_query(expected.name, expected.params, data=data["oxigraph"], folder=QUERIES)
    for row in queries.to_rows(result):
        if row.get("quote") is not None:
            assert row["quote"] in SOURCE
        if row.get("start") is not None:
            assert SOURCE[row["start"]:row["end"]] == row["quote"]


def test_indications_keep_less_used_apart_from_uses(data: dict[str, Any]) -> None:
    rows = queries.query("indications", data=data["oxigraph"], therapy="psychodynamic therapy")
    by_condition = {r["conditionLabel"]: (r["strength"], r["isUse"]) for r in rows}
    for condition in ("psychosis", "post-traumatic stress disorder",
                      "obsessive-compulsive disorder"):
        assert by_condition[condition] == ("less used", False)
    assert by_condition["depression"] == ("primary", True)
    assert by_condition["borderline personality disorder"] == ("also useful", True)


def test_candidates_name_cbt_for_people_not_into_their_life_history(
        data: dict[str, Any]) -> None:
    rows = queries.query("candidates", data=data["rdflib"], therapy="PDT")
    poor = [r for r in rows if r["fit"] == "poor"]
    assert [(r["traitLabel"], r["alternativeLabel"]) for r in poor] == [
        ("not interested in delving into one's life history", "cognitive-behavioral therapy")]
    assert "not interested in delving into their life history" in poor[0]["quote"]


# ---------------------------------------------------------------- query files

GRLC_DECORATORS = {"summary", "description", "endpoint", "pagination", "method", "tags",
                   "defaults", "enumerate", "endpoint_in_url", "transform"}


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_query_file_header_and_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    meta = queries.decorators(text)
    assert set(meta) <= GRLC_DECORATORS
    assert meta["summary"] and meta["description"] and meta["tags"]
    assert "\nORDER BY " in text
    query = queries.read_query(path)
    for param in query.parameters:
        assert param.type == "iri"
        assert param.name in queries.PARAMETER_CLASSES
        assert param.required == (param.default is not None)


def test_binding_replaces_the_variable_like_grlc() -> None:
    query = queries.read_query(QUERIES / "compare.rq")
    text = queries.bind(query, {"other": RES + "x"})
    assert "?__other_iri" not in text and f"<{RES}x>" in text
    assert "?_therapy_iri" in text


def test_unbound_optional_parameter_means_all(data: dict[str, Any]) -> None:
    everything = queries.query("lineage", data=data["oxigraph"])
    assert {r["therapyLabel"] for r in everything} == {
        "brief psychodynamic therapy", "psychoanalytic therapy", "psychodynamic therapy"}


@pytest.mark.parametrize("value", [
    "psychodynamic therapy", "Psychodynamic Therapy", "PDT", "pdt",
    "psychodynamic psychotherapy", "psykgr:psychodynamic-therapy", "psychodynamic-therapy",
    RES + "psychodynamic-therapy", f"<{RES}psychodynamic-therapy>",
])
@pytest.mark.parametrize("engine", queries.ENGINE_NAMES)
def test_parameter_values_resolve(value: str, engine: str, data: dict[str, Any]) -> None:
    run = queries.runner(data[engine])
    param = queries.read_query(QUERIES / "indications.rq").parameter("therapy")
    assert queries.resolve(value, param, run) == RES + "psychodynamic-therapy"


@pytest.mark.parametrize(("name", "params", "message", "hint"), [
    ("indications", {"therapy": "psychodinamic therapy"}, "no therapy is called",
     "closest: psychodynamic therapy"),
    ("indications", {"therapy": "depression"}, "names https://w3id.org/psykg/resource/depression",
     "known: "),
    ("indications", {"therapy": "psykgr:psychodynamic-therapi"}, "is not a known therapy",
     "closest: psychodynamic-therapy"),
    ("therapies-for-condition", {"condition": "PTST"}, "no condition is called", "closest: PTSD"),
    ("indicatons", {}, "no packaged query 'indicatons'", "closest: indications"),
    ("indications", {"therap": "PDT"}, "has no parameter 'therap'", "its parameters: therapy"),
])
def test_bad_values_are_errors_naming_the_closest(
        name: str, params: dict[str, str], message: str, hint: str, data: dict[str, Any]) -> None:
    with pytest.raises(QueryError) as info:
        queries.run_query(name, params, data=data["oxigraph"], folder=QUERIES)
    assert message in info.value.message
    assert info.value.hint is not None and hint in info.value.hint


# ---------------------------------------------------------------- Python API

def test_python_rows_are_plain_values(released: Path) -> None:
    rows = queries.query("indications", therapy="psychodynamic therapy")
    assert rows.vars[:3] == ("therapy", "therapyLabel", "strength")
    first = rows[0]
    assert first["therapy"] == RES + "psychodynamic-therapy"
    assert first["conditionLabel"] == "depression"
    assert first["isUse"] is True
    start = queries.query("provenance", resource="depression")[0]["start"]
    assert start == SOURCE.index("Psychodynamic therapy is primarily used")


def test_rdflib_engine_gives_the_same_python_rows(released: Path) -> None:
    assert (queries.query("goals", engine="rdflib", therapy="PDT")
            == queries.query("goals", therapy="PDT"))


def test_to_dataframe(data: dict[str, Any]) -> None:
    rows = queries.query("stats", data=data["oxigraph"])
    try:
        import pandas  # noqa: F401
    except ModuleNotFoundError:
        with pytest.raises(QueryError, match="needs pandas"):
            rows.to_dataframe()
        return
    frame = rows.to_dataframe()
    assert list(frame.columns) == list(rows.vars)
    assert len(frame) == len(rows)


# ---------------------------------------------------------------- result formats

SAMPLE = Result(
    vars=("s", "label", "n", "note"),
    rows=[
        (Term("uri", "https://w3id.org/psykg/resource/a"), literal("a, \"b\"", lang="EN"),
         literal("25", XSD + "integer"), None),
        (Term("bnode", "b0"), literal("tab\there\nline"), None, literal("x", XSD + "string")),
    ],
)


def test_csv_follows_sparql_csv() -> None:
    assert write_csv(SAMPLE) == (
        's,label,n,note\r\n'
        'https://w3id.org/psykg/resource/a,"a, ""b""",25,\r\n'
        '_:b0,"tab\there\nline",,x\r\n'
    )


def test_tsv_follows_sparql_tsv() -> None:
    assert write_tsv(SAMPLE) == (
        "?s\t?label\t?n\t?note\n"
        '<https://w3id.org/psykg/resource/a>\t"a, \\"b\\""@en\t'
        '"25"^^<http://www.w3.org/2001/XMLSchema#integer>\t\n'
        '_:b0\t"tab\\there\\nline"\t\t"x"\n'
    )


def test_json_follows_sparql_json() -> None:
    document = json.loads(write_json(SAMPLE))
    assert document["head"] == {"vars": ["s", "label", "n", "note"]}
    assert document["results"]["bindings"] == [
        {"s": {"type": "uri", "value": "https://w3id.org/psykg/resource/a"},
         "label": {"type": "literal", "value": "a, \"b\"", "xml:lang": "en"},
         "n": {"type": "literal", "value": "25", "datatype": XSD + "integer"}},
        {"s": {"type": "bnode", "value": "b0"},
         "label": {"type": "literal", "value": "tab\there\nline"},
         "note": {"type": "literal", "value": "x"}},
    ]
    assert json.loads(write_json(Result(boolean=True))) == {"head": {}, "boolean": True}


def test_cli_choices_match_the_tables() -> None:
    from psykg.commands import query as command

    assert tuple(WRITERS) == command.FORMATS
    assert queries.ENGINE_NAMES == command.ENGINES


# ---------------------------------------------------------------- CLI

def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in REQUIRED:
        assert f"\n{name}: " in "\n" + out
    assert "--param therapy (Therapy; optional, default: all)" in out


@pytest.mark.parametrize("fmt", tuple(WRITERS))
def test_cli_query_formats(fmt: str, released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "indications", "--param", "therapy=PDT", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        assert [r["conditionLabel"] for r in rows if r["strength"] == "less used"] == [
            "obsessive-compulsive disorder", "post-traumatic stress disorder", "psychosis"]
    elif fmt == "tsv":
        assert out.startswith("?therapy\t?therapyLabel\t?strength\t?isUse\t")
        assert '"psychosis"@en' in out
    elif fmt == "json":
        bindings = json.loads(out)["results"]["bindings"]
        assert len(bindings) == 10
        assert bindings[0]["isUse"] == {"type": "literal", "value": "true",
                                        "datatype": XSD + "boolean"}
    elif fmt == "md":
        assert out.splitlines()[0].startswith("| therapy | therapyLabel | strength |")
        assert "| psychosis |" in out
    else:
        assert "psychosis" in out and out.rstrip().endswith("(10 rows)")


def test_cli_query_engine_rdflib(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "candidates", "-p", "therapy=pdt", "--engine", "rdflib",
                 "--format", "csv"]) == 0
    assert "cognitive-behavioral therapy" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["query", "indicatons"], "closest: indications"),
    (["query", "indications", "-p", "therapy=psychodinamic"], "closest: psychodynamic therapy"),
    (["query", "indications", "-p", "therapy"], "is not KEY=VALUE"),
    (["query"], "name a query, or use --list"),
    (["sparql", "SELECT ?s WHERE {\n  ?s ?p\n}"], "syntax error at line 3, column"),
    (["sparql", "SELECT ?s WHERE {\n  ?s ?p\n}", "--engine", "rdflib"], "syntax error at line 2"),
    (["sparql", "SELECT * WHERE { ?s nope:x ?o }"], "unknown prefix"),
])
def test_cli_errors_without_traceback(argv: list[str], message: str, released: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_cli_missing_dataset_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "stats"]) == 1
    assert "run `psykg build` first" in capsys.readouterr().err


def test_cli_sparql_text_file_and_ask(released: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "SELECT ?t WHERE { ?t a psykg:Therapy } ORDER BY ?t",
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        RES + slug for slug in ("brief-psychodynamic-therapy", "cognitive-behavioral-therapy",
                                "psychoanalytic-therapy", "psychodynamic-therapy")]
    file = tmp_path / "ask.rq"
    file.write_text("ASK { psykgr:psychodynamic-therapy psykg:lessUsedFor psykgr:psychosis }\n")
    assert main(["sparql", "-f", str(file), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": True}
    assert main(["sparql", "-f", str(file), "--engine", "rdflib"]) == 0
    assert capsys.readouterr().out == "true\n"


def test_sparql_construct_is_sorted_ntriples(data: dict[str, Any]) -> None:
    result = run_oxigraph(data["oxigraph"], "CONSTRUCT { ?s ?p ?o } WHERE { "
                          f"BIND(<{RES}psychosis> AS ?s) ?s ?p ?o }}")
    text = WRITERS["table"](result)
    lines = text.splitlines()
    assert lines == sorted(lines) and all(line.endswith(" .") for line in lines)
    assert f'<{RES}psychosis> <http://www.w3.org/2000/01/rdf-schema#label> "psychosis"@en .' in lines


# ---------------------------------------------------------------- release index

def test_queries_index_is_complete_and_byte_stable(tmp_path: Path) -> None:
    queries.write_queries_index(tmp_path / "a", QUERIES)
    queries.write_queries_index(tmp_path / "b", QUERIES)
    a, b = tmp_path / "a" / "queries", tmp_path / "b" / "queries"
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes()
    index = json.loads((a / "index.json").read_text(encoding="utf-8"))
    listed = [q["name"] for q in index["queries"]]
    assert listed == sorted(queries.load_queries(QUERIES))
    for entry in index["queries"]:
        assert (a / entry["file"]).read_bytes() == (QUERIES / entry["file"]).read_bytes()
        assert entry["summary"] and entry["description"]
    assert "[indications](indications.rq)" in (a / "index.md").read_text(encoding="utf-8")
