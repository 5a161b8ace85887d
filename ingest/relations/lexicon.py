"""English grammar words the rules read: speech, control, modality and the like.

These say how English marks who speaks, who is controlled, what is hoped or denied; what a
relation type is and which words trigger it live in the ontology data, not here.

>>> "say" in SPEECH_VERBS and "urge" in REQUEST_VERBS
True
"""

from __future__ import annotations

from actorgraph.ingest.mentions import GOVERNMENT_HEADS, ROLE_HEADS

__all__ = [
    "ADDRESSEE_VERBS",
    "AGENT_HEADS",
    "ALLEGE_VERBS",
    "BACK_REFERENCE_MARKS",
    "BOUNDARY_NOUNS",
    "DENIAL_VERBS",
    "DETERRING_VERBS",
    "ENABLING_VERBS",
    "FIRST_PERSON",
    "FUTURE_MODALS",
    "HOPE_VERBS",
    "HYPOTHETICAL_MODALS",
    "INTENT_VERBS",
    "MATERIAL_ADJECTIVES",
    "OBJECT_CONTROL",
    "OWNERSHIP_VERBS",
    "OWN_POSSESSIVES",
    "PARTICIPATION_VERBS",
    "PREVENTION_VERBS",
    "PURPOSE_VERBS",
    "PURSUIT_VERBS",
    "REFUSAL_VERBS",
    "REPORTED_PRONOUNS",
    "REQUEST_VERBS",
    "RESPONSIBILITY_NOUNS",
    "SPEECH_VERBS",
]

SPEECH_VERBS = frozenset(
    "say state assert remark tell add claim note mention declare insist stress argue announce write comment "
    "explain reply respond clarify report indicate suggest warn accuse allege charge confirm acknowledge "
    "emphasize emphasise underline reiterate vow pledge promise threaten predict tweet post".split()
)
OBJECT_CONTROL = frozenset(
    "permit allow authorize authorise urge ask call press force invite encourage enable let prompt persuade convince "
    "compel order tell require lead cause spur drive push".split()
)
# The act in their complement is asked for, not done: "urged Iran to reach an agreement".
REQUEST_VERBS = frozenset("urge ask call press demand request appeal invite encourage push implore beg exhort".split())
HOPE_VERBS = frozenset("hope wish want".split())
DENIAL_VERBS = frozenset("deny dismiss reject refute rebut".split())
REFUSAL_VERBS = frozenset("decline refuse fail avoid stop cease halt".split())
# "invited Putin to visit", "plans to send": the act has not happened.
INTENT_VERBS = frozenset(
    "invite plan intend aim seek propose consider weigh mull offer prepare expect plot conspire scheme".split()
)
ALLEGE_VERBS = frozenset("accuse allege claim charge blame".split())
# "opened the bridge to allow deliveries": what the act did, not only what it aimed at.
ENABLING_VERBS = frozenset("allow enable permit let facilitate".split())
PURPOSE_VERBS = frozenset("assist help support back aid bolster reinforce defend protect join fight".split())
# "applied for arrest warrants", "travelled for talks": the actor goes after the event named.
PURSUIT_VERBS = frozenset("apply travel go come arrive head fly leave push press call ask seek bid campaign lobby".split())
# "engaged in talks with …", "took part in the raid": the subject does what the noun names.
PARTICIPATION_VERBS = frozenset("engage participate involve take join".split())
# "claimed responsibility for the attack", "took credit for the bombing": the claimant did it.
RESPONSIBILITY_NOUNS = frozenset("responsibility credit".split())
ADDRESSEE_VERBS = frozenset("understand know realize realise remember recognize recognise".split())
FIRST_PERSON = frozenset("we i us our my".split())
# "Russia said it would …": in what a state or organisation says, "it" and "they" are the speaker.
REPORTED_PRONOUNS = frozenset("it they".split())
OWN_POSSESSIVES = frozenset("our its their my".split())
FUTURE_MODALS = frozenset({"will", "'ll", "shall", "would", "'d"})
# "could strike", and what one "must" or "should" do: not told as done ("Iraq must withdraw")
HYPOTHETICAL_MODALS = frozenset({"could", "might", "may", "must", "should"})
MATERIAL_ADJECTIVES = frozenset(
    "military financial economic technological technical material humanitarian logistical lethal "
    "defence defense budgetary".split()
)
AGENT_HEADS = GOVERNMENT_HEADS | ROLE_HEADS | {
    "parliament", "state", "country", "nation", "side", "party", "king", "queen", "emir", "sultan", "prince", "monarch",
    "sheikh", "ayatollah", "pope", "court", "prosecutors", "police", "guard", "navy", "coastguard", "counterpart",
}  # fmt: skip
# "blocked an EU statement criticising China": what is blocked or vetoed does not happen.
PREVENTION_VERBS = frozenset("block veto prevent".split())
# "barred Iran from attending", "refrained from striking": what is kept from happening does not.
DETERRING_VERBS = frozenset("prevent bar ban stop deter dissuade refrain keep restrain discourage prohibit block".split())
# "the Thai border", "the front line": between states, standing for none of them.
BOUNDARY_NOUNS = frozenset("border frontier boundary borderline line frontline front".split())
# "a ship owned by an Israeli businessman", "a vessel operated by …": whose the thing is.
OWNERSHIP_VERBS = frozenset("own operate run control manage charter flag register".split())
# "since Russia invaded …", "four months after Russia invaded …": an earlier event told as background.
BACK_REFERENCE_MARKS = frozenset({"since", "after", "before", "following"})
