"""Graphs for the dashboard's tests and for looking at the app, written through the store API.

``SMALL`` is a hand-written graph the tests assert on. :func:`realistic_graph` builds about
40 actors and 300 relations that look like a news-derived graph (the events are plausible for
2022–2024 in general terms; the sentences were written for this file and are not quotations
or facts to rely on). Write one into a folder to look at the app:

    .venv/bin/python tests/dashboard/fixture_graph.py /tmp/demo-graph
    .venv/bin/actorgraph serve --store /tmp/demo-graph
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass, field

from actorgraph.graph import Actor, Affiliation, Article, GraphStore, Mention, Relation, open_store

__all__ = ["CODES", "SMALL", "FixtureGraph", "realistic_graph", "write_graph"]

# type -> (cameo, plover, quad_class, goldstein), as in the shipped ontology
CODES = {
    "WARNS": ("130", "THREATEN", 3, -4.4), "AUTHORIZES": ("080", "CONCEDE", 2, 5.0),
    "DEPLOYS": ("154", "MOBILIZE", 4, -7.2), "ACCUSES": ("112", "DISAPPROVE", 3, -2.0),
    "THREATENS": ("138", "THREATEN", 3, -7.0), "CRITICIZES": ("111", "DISAPPROVE", 3, -2.0),
    "DENIES": ("016", "REJECT", 1, 3.4), "SUPPORTS": ("051", "SUPPORT", 1, 3.4), "AIDS": ("070", "AID", 2, 7.0),
    "COOPERATES": ("060", "COOPERATE", 2, 6.0), "MEETS": ("040", "CONSULT", 1, 1.0),
    "SANCTIONS": ("163", "SANCTION", 4, -8.0), "ATTACKS": ("190", "ASSAULT", 4, -10.0),
    "DEMANDS": ("100", "REQUEST", 3, -5.0), "APPEALS": ("020", "REQUEST", 1, 3.0),
}  # fmt: skip


@dataclass
class FixtureGraph:
    """Actors, articles, relations, mentions and affiliations to write into a store."""

    actors: list[Actor]
    articles: list[Article]
    relations: list[Relation]
    mentions: list[Mention] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)


def _relation(
    rid: str,
    rtype: str,
    source: str,
    target: str,
    date: dt.date,
    article: str,
    sentence: str,
    modality: str = "asserted",
    confidence: float = 0.9,
) -> Relation:
    cameo, plover, quad, goldstein = CODES[rtype]
    return Relation(
        id=rid,
        type=rtype,
        source_id=source,
        target_id=target,
        date=date,
        modality=modality,
        confidence=confidence,
        cameo=cameo,
        plover=plover,
        quad_class=quad,
        goldstein=goldstein,
        sentence=sentence,
        char_start=0,
        char_end=len(sentence),
        article_id=article,
        extractor="fixture",
    )


def _small() -> FixtureGraph:
    d = dt.date
    actors = [
        Actor(id="RUS", name="Russia", kind="state", code="RUS", aliases=["Kremlin", "Moscow"], reviewed=True),
        Actor(id="UKR", name="Ukraine", kind="state", code="UKR", aliases=["Kyiv"], reviewed=True),
        Actor(id="USA", name="United States", kind="state", code="USA", aliases=["Washington"], reviewed=True),
        Actor(id="PRK", name="North Korea", kind="state", code="PRK", aliases=["Pyongyang"]),
        Actor(id="NATO", name="NATO", kind="igo", code="NATO", aliases=["the Alliance"], reviewed=True),
        Actor(id="EU", name="European Union", kind="bloc", code="EU", aliases=["Brussels"]),
        Actor(id="dmitry-peskov", name="Dmitry Peskov", kind="person", code="RUS", role="Kremlin spokesperson"),
        Actor(id="peskov-dup", name="Mr. Peskov", kind="person"),
        Actor(id="wagner", name="Wagner Group", kind="armed_group"),
        Actor(id="ISR", name="Israel", kind="state", code="ISR"),
    ]
    articles = [
        Article(id="a1", title="Kremlin warns Washington over long-range missiles", url="https://example.org/a1",
                source="Wire", published=d(2024, 11, 18)),
        Article(id="a2", title="Pyongyang sends shells to Moscow, officials say", url="https://example.org/a2",
                source="Daily", published=d(2024, 3, 10)),
        Article(id="a3", title="EU agrees new sanctions package", url="https://example.org/a3", source="Wire",
                published=d(2024, 6, 24)),
        Article(id="a4", title="Strikes hit Ukrainian energy grid", url="https://example.org/a4", source="Daily",
                published=d(2024, 8, 26)),
    ]  # fmt: skip
    r = _relation
    relations = [
        r("s1", "WARNS", "RUS", "USA", d(2024, 11, 18), "a1", "The Kremlin warned Washington that the decision would escalate the war."),
        r("s2", "WARNS", "dmitry-peskov", "USA", d(2024, 11, 18), "a1", "Peskov warned the United States against further escalation.", "reported", 0.8),
        r("s3", "ACCUSES", "RUS", "USA", d(2024, 11, 18), "a1", "Moscow accused Washington of fuelling the conflict.", "reported", 0.7),
        r("s4", "WARNS", "RUS", "NATO", d(2024, 11, 18), "a1", "Russia warned NATO against deploying long-range missiles."),
        r("s5", "AIDS", "PRK", "RUS", d(2024, 3, 10), "a2", "North Korea supplied artillery shells to Russia, officials said.", "alleged", 0.6),
        r("s6", "DENIES", "PRK", "USA", d(2024, 3, 10), "a2", "Pyongyang denied the American claims.", "asserted", 0.7),
        r("s7", "SANCTIONS", "EU", "RUS", d(2024, 6, 24), "a3", "The European Union imposed new sanctions on Russia."),
        r("s8", "SUPPORTS", "EU", "UKR", d(2024, 6, 24), "a3", "Brussels reaffirmed its support for Ukraine."),
        r("s9", "ATTACKS", "RUS", "UKR", d(2024, 8, 26), "a4", "Russia launched missiles at Ukrainian power plants.", "asserted", 0.95),
        r("s10", "ATTACKS", "RUS", "UKR", d(2024, 3, 10), "a2", "Russian forces shelled Ukrainian positions near Avdiivka.", "asserted", 0.9),
        r("s11", "AIDS", "USA", "UKR", d(2024, 8, 26), "a4", "Washington announced more air-defence aid for Kyiv."),
        r("s12", "APPEALS", "UKR", "NATO", d(2024, 8, 26), "a4", "Kyiv called on the Alliance to send more air defence."),
        r("s13", "ATTACKS", "wagner", "UKR", d(2024, 3, 10), "a2", "Wagner fighters attacked Ukrainian positions.", "reported", 0.5),
        r("s14", "CRITICIZES", "peskov-dup", "EU", d(2024, 6, 24), "a3", "Mr. Peskov criticised the European sanctions.", "reported", 0.6),
        r("s15", "MEETS", "USA", "ISR", d(2024, 6, 24), "a3", "American and Israeli officials met in Washington."),
    ]  # fmt: skip
    mentions = [Mention(article_id="a1", actor_id=a) for a in ("RUS", "USA", "NATO", "dmitry-peskov")]
    affiliations = [Affiliation(actor_id="dmitry-peskov", organisation_id="RUS", role="spokesperson")]
    return FixtureGraph(actors, articles, relations, mentions, affiliations)


SMALL = _small()


# -- the realistic graph ------------------------------------------------------------------

_ACTORS = [
    ("RUS", "Russia", "state", "RUS", ["Kremlin", "Moscow"]), ("UKR", "Ukraine", "state", "UKR", ["Kyiv"]),
    ("USA", "United States", "state", "USA", ["Washington", "U.S."]), ("CHN", "China", "state", "CHN", ["Beijing"]),
    ("TWN", "Taiwan", "state", "TWN", ["Taipei"]), ("PRK", "North Korea", "state", "PRK", ["Pyongyang", "DPRK"]),
    ("KOR", "South Korea", "state", "KOR", ["Seoul"]), ("JPN", "Japan", "state", "JPN", ["Tokyo"]),
    ("IRN", "Iran", "state", "IRN", ["Tehran"]), ("ISR", "Israel", "state", "ISR", []),
    ("DEU", "Germany", "state", "DEU", ["Berlin"]), ("FRA", "France", "state", "FRA", ["Paris"]),
    ("GBR", "United Kingdom", "state", "GBR", ["Britain", "London"]), ("POL", "Poland", "state", "POL", ["Warsaw"]),
    ("TUR", "Turkey", "state", "TUR", ["Türkiye", "Ankara"]), ("BLR", "Belarus", "state", "BLR", ["Minsk"]),
    ("FIN", "Finland", "state", "FIN", ["Helsinki"]), ("SWE", "Sweden", "state", "SWE", ["Stockholm"]),
    ("NATO", "NATO", "igo", "NATO", ["the Alliance"]), ("UN", "United Nations", "igo", "UNO", ["UN"]),
    ("IAEA", "IAEA", "igo", "IAEA", ["International Atomic Energy Agency"]),
    ("ICC", "International Criminal Court", "igo", "ICC", ["ICC"]), ("EU", "European Union", "bloc", "EU", ["Brussels"]),
    ("G7", "G7", "bloc", "G7", ["Group of Seven"]), ("hamas", "Hamas", "armed_group", None, []),
    ("houthis", "Houthis", "armed_group", "YEM", ["Ansar Allah"]), ("wagner", "Wagner Group", "armed_group", "RUS", ["Wagner"]),
    ("putin", "Vladimir Putin", "person", "RUS", ["Putin"]), ("zelensky", "Volodymyr Zelensky", "person", "UKR", ["Zelensky"]),
    ("biden", "Joe Biden", "person", "USA", ["Biden"]), ("xi", "Xi Jinping", "person", "CHN", ["Xi"]),
    ("kim", "Kim Jong Un", "person", "PRK", ["Kim"]), ("peskov", "Dmitry Peskov", "person", "RUS", ["Peskov"]),
    ("lavrov", "Sergei Lavrov", "person", "RUS", ["Lavrov"]), ("blinken", "Antony Blinken", "person", "USA", ["Blinken"]),
    ("stoltenberg", "Jens Stoltenberg", "person", "NOR", ["Stoltenberg"]),
    ("vdleyen", "Ursula von der Leyen", "person", "DEU", ["von der Leyen"]),
    ("erdogan", "Recep Tayyip Erdoğan", "person", "TUR", ["Erdogan"]), ("guterres", "António Guterres", "person", "PRT", ["Guterres"]),
    ("prigozhin", "Yevgeny Prigozhin", "person", "RUS", ["Prigozhin"]), ("tass", "TASS", "media", "RUS", []),
    ("united-russia", "United Russia", "party", "RUS", []),
]  # fmt: skip
_REVIEWED = {"RUS", "UKR", "USA", "CHN", "NATO", "EU", "UN", "putin", "zelensky", "biden", "xi"}
_AFFILIATIONS = [
    ("putin", "RUS", "president"), ("zelensky", "UKR", "president"), ("biden", "USA", "president"),
    ("xi", "CHN", "president"), ("kim", "PRK", "leader"), ("peskov", "RUS", "spokesperson"),
    ("lavrov", "RUS", "foreign minister"), ("blinken", "USA", "secretary of state"),
    ("stoltenberg", "NATO", "secretary general"), ("vdleyen", "EU", "Commission president"),
    ("erdogan", "TUR", "president"), ("guterres", "UN", "secretary-general"), ("prigozhin", "wagner", "founder"),
    ("putin", "united-russia", "backer"),
]  # fmt: skip

# (source, type, target, how often, period): the storylines the graph is sampled from
_STORIES = [
    ("RUS", "ATTACKS", "UKR", 30, ("2022-02-24", "2024-11-30")), ("UKR", "ATTACKS", "RUS", 10, ("2022-06-01", "2024-11-30")),
    ("USA", "AIDS", "UKR", 14, ("2022-03-01", "2024-11-30")), ("DEU", "AIDS", "UKR", 7, ("2022-06-01", "2024-06-30")),
    ("GBR", "AIDS", "UKR", 6, ("2022-04-01", "2024-11-30")), ("POL", "AIDS", "UKR", 4, ("2022-03-01", "2023-12-31")),
    ("FRA", "AIDS", "UKR", 4, ("2022-05-01", "2024-11-30")), ("EU", "SANCTIONS", "RUS", 9, ("2022-02-25", "2024-06-30")),
    ("USA", "SANCTIONS", "RUS", 8, ("2022-02-25", "2024-11-30")), ("G7", "SANCTIONS", "RUS", 3, ("2022-03-01", "2023-05-31")),
    ("RUS", "WARNS", "NATO", 8, ("2022-02-24", "2024-11-30")), ("RUS", "WARNS", "USA", 8, ("2022-02-24", "2024-11-30")),
    ("putin", "THREATENS", "UKR", 4, ("2022-02-24", "2022-12-31")), ("putin", "WARNS", "NATO", 5, ("2022-02-24", "2024-11-30")),
    ("peskov", "DENIES", "UKR", 5, ("2022-03-01", "2024-11-30")), ("peskov", "WARNS", "USA", 5, ("2023-01-01", "2024-11-30")),
    ("lavrov", "ACCUSES", "USA", 6, ("2022-03-01", "2024-11-30")), ("lavrov", "ACCUSES", "NATO", 4, ("2022-03-01", "2024-11-30")),
    ("zelensky", "APPEALS", "NATO", 6, ("2022-02-25", "2024-11-30")), ("zelensky", "APPEALS", "USA", 6, ("2022-02-25", "2024-11-30")),
    ("zelensky", "DEMANDS", "RUS", 3, ("2022-02-25", "2023-12-31")), ("biden", "MEETS", "zelensky", 4, ("2022-12-21", "2024-09-30")),
    ("biden", "SUPPORTS", "UKR", 5, ("2022-02-24", "2024-11-30")), ("stoltenberg", "SUPPORTS", "UKR", 5, ("2022-02-24", "2024-09-30")),
    ("NATO", "SUPPORTS", "UKR", 4, ("2022-02-24", "2024-11-30")), ("NATO", "AUTHORIZES", "FIN", 2, ("2023-04-01", "2023-04-10")),
    ("NATO", "AUTHORIZES", "SWE", 2, ("2024-03-01", "2024-03-10")), ("TUR", "COOPERATES", "UKR", 3, ("2022-07-01", "2023-07-31")),
    ("erdogan", "MEETS", "putin", 3, ("2022-07-01", "2024-07-31")), ("UN", "APPEALS", "RUS", 4, ("2022-02-24", "2024-11-30")),
    ("guterres", "APPEALS", "RUS", 3, ("2022-03-01", "2023-07-31")), ("IAEA", "WARNS", "RUS", 4, ("2022-03-01", "2024-11-30")),
    ("ICC", "ACCUSES", "putin", 3, ("2023-03-17", "2023-04-30")), ("RUS", "DENIES", "ICC", 2, ("2023-03-17", "2023-04-30")),
    ("PRK", "AIDS", "RUS", 6, ("2023-09-01", "2024-11-30")), ("PRK", "DEPLOYS", "RUS", 4, ("2024-10-01", "2024-11-30")),
    ("kim", "MEETS", "putin", 3, ("2023-09-13", "2024-06-19")), ("RUS", "COOPERATES", "PRK", 4, ("2023-09-13", "2024-11-30")),
    ("PRK", "THREATENS", "KOR", 5, ("2022-03-01", "2024-11-30")), ("PRK", "WARNS", "USA", 4, ("2022-03-01", "2024-11-30")),
    ("USA", "COOPERATES", "KOR", 4, ("2022-05-01", "2024-11-30")), ("JPN", "COOPERATES", "KOR", 3, ("2023-03-01", "2024-11-30")),
    ("KOR", "ACCUSES", "PRK", 4, ("2022-03-01", "2024-11-30")), ("IRN", "AIDS", "RUS", 5, ("2022-08-01", "2024-11-30")),
    ("IRN", "DENIES", "UKR", 2, ("2022-10-01", "2023-03-31")), ("CHN", "THREATENS", "TWN", 5, ("2022-08-01", "2024-11-30")),
    ("CHN", "WARNS", "USA", 5, ("2022-08-01", "2024-11-30")), ("USA", "SUPPORTS", "TWN", 4, ("2022-08-01", "2024-11-30")),
    ("xi", "MEETS", "putin", 3, ("2023-03-20", "2024-05-17")), ("CHN", "SUPPORTS", "RUS", 3, ("2022-02-24", "2024-11-30")),
    ("USA", "ACCUSES", "CHN", 3, ("2023-02-01", "2024-11-30")), ("hamas", "ATTACKS", "ISR", 5, ("2023-10-07", "2024-11-30")),
    ("ISR", "ATTACKS", "hamas", 9, ("2023-10-07", "2024-11-30")), ("IRN", "ATTACKS", "ISR", 3, ("2024-04-13", "2024-10-31")),
    ("ISR", "ATTACKS", "IRN", 2, ("2024-04-19", "2024-10-31")), ("IRN", "SUPPORTS", "hamas", 3, ("2023-10-07", "2024-11-30")),
    ("houthis", "ATTACKS", "ISR", 3, ("2023-11-01", "2024-11-30")), ("USA", "ATTACKS", "houthis", 4, ("2024-01-11", "2024-11-30")),
    ("GBR", "ATTACKS", "houthis", 2, ("2024-01-11", "2024-06-30")), ("UN", "APPEALS", "ISR", 4, ("2023-10-10", "2024-11-30")),
    ("blinken", "MEETS", "ISR", 3, ("2023-10-10", "2024-10-31")), ("USA", "AIDS", "ISR", 4, ("2023-10-07", "2024-11-30")),
    ("wagner", "ATTACKS", "UKR", 5, ("2022-05-01", "2023-06-23")), ("prigozhin", "CRITICIZES", "RUS", 4, ("2023-01-01", "2023-06-24")),
    ("putin", "ACCUSES", "prigozhin", 2, ("2023-06-24", "2023-06-30")), ("RUS", "DEPLOYS", "BLR", 3, ("2022-01-15", "2023-06-30")),
    ("BLR", "SUPPORTS", "RUS", 3, ("2022-02-24", "2024-11-30")), ("vdleyen", "SUPPORTS", "UKR", 4, ("2022-03-01", "2024-11-30")),
    ("EU", "AUTHORIZES", "UKR", 2, ("2022-06-23", "2023-12-14")), ("FIN", "COOPERATES", "NATO", 2, ("2022-05-15", "2023-04-04")),
    ("SWE", "COOPERATES", "NATO", 2, ("2022-05-15", "2024-03-07")), ("TUR", "DEMANDS", "SWE", 3, ("2022-06-01", "2023-07-10")),
    ("tass", "ACCUSES", "UKR", 3, ("2022-03-01", "2024-11-30")), ("united-russia", "SUPPORTS", "putin", 2, ("2022-09-01", "2024-03-31")),
    ("UKR", "ACCUSES", "RUS", 6, ("2022-02-24", "2024-11-30")), ("POL", "WARNS", "BLR", 2, ("2023-07-01", "2023-12-31")),
]  # fmt: skip

_SENTENCES = {
    "ATTACKS": ["{s} launched a wave of missile and drone strikes against {t}.", "{s} shelled positions held by {t} overnight.",
                "Officials said {s} struck infrastructure in {t}."],
    "AIDS": ["{s} announced a new package of military aid for {t}.", "{s} delivered air-defence systems to {t}.",
             "{s} pledged ammunition and armoured vehicles to {t}."],
    "SANCTIONS": ["{s} imposed new sanctions on {t}.", "{s} agreed a further sanctions package against {t}."],
    "WARNS": ["{s} warned {t} that the move would mean direct involvement in the conflict.",
              "{s} warned {t} against further escalation."],
    "THREATENS": ["{s} threatened {t} with retaliation.", "{s} said {t} would face severe consequences."],
    "DENIES": ["{s} denied the accusations made by {t}.", "{s} rejected claims by {t} as baseless."],
    "ACCUSES": ["{s} accused {t} of escalating the conflict.", "{s} accused {t} of breaking international law."],
    "APPEALS": ["{s} called on {t} to do more.", "{s} appealed to {t} for restraint."],
    "DEMANDS": ["{s} demanded that {t} withdraw its forces.", "{s} demanded guarantees from {t}."],
    "MEETS": ["{s} held talks with {t}.", "{s} met {t} for a summit."],
    "SUPPORTS": ["{s} reaffirmed its support for {t}.", "{s} voiced solidarity with {t}."],
    "AUTHORIZES": ["{s} approved the request from {t}.", "{s} cleared the way for {t}."],
    "COOPERATES": ["{s} and {t} agreed to deepen cooperation.", "{s} signed a cooperation agreement with {t}."],
    "DEPLOYS": ["{s} deployed troops to {t}.", "{s} sent forces to {t}, officials said."],
    "CRITICIZES": ["{s} criticised {t} sharply.", "{s} condemned the conduct of {t}."],
}  # fmt: skip
_OUTLETS = ["Global Wire", "The Daily Ledger", "Evening Dispatch", "Policy Monitor", "Regional Herald"]
_MODALITIES = ["asserted"] * 7 + ["reported"] * 3 + ["alleged", "denied", "conditional"]


def realistic_graph(seed: int = 2024) -> FixtureGraph:
    """About 40 actors, 300 relations and 200 articles, the same every time.

    >>> g = realistic_graph()
    >>> len(g.actors), len(g.relations) >= 280
    (42, True)
    """
    rng = random.Random(seed)
    actors = [Actor(id=i, name=n, kind=k, code=c, aliases=al, reviewed=i in _REVIEWED) for i, n, k, c, al in _ACTORS]
    names = {a.id: a.name for a in actors}
    relations: list[Relation] = []
    articles: dict[str, Article] = {}
    for source, rtype, target, weight, (start, end) in _STORIES:
        for _ in range(weight):
            day = _random_day(rng, dt.date.fromisoformat(start), dt.date.fromisoformat(end))
            article = _article_for(rng, articles, day, names[source], rtype, names[target])
            sentence = rng.choice(_SENTENCES[rtype]).format(s=names[source], t=names[target])
            relations.append(
                _relation(
                    f"r{len(relations) + 1:04d}",
                    rtype,
                    source,
                    target,
                    day,
                    article.id,
                    sentence,
                    rng.choice(_MODALITIES),
                    round(rng.uniform(0.45, 0.99), 2),
                )
            )
    mentions = sorted({(r.article_id, a) for r in relations for a in (r.source_id, r.target_id)})
    return FixtureGraph(
        actors=actors,
        articles=sorted(articles.values(), key=lambda a: a.id),
        relations=relations,
        mentions=[Mention(article_id=art, actor_id=a) for art, a in mentions if art],
        affiliations=[Affiliation(actor_id=a, organisation_id=o, role=role) for a, o, role in _AFFILIATIONS],
    )


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def _article_for(rng: random.Random, articles: dict[str, Article], day: dt.date, source: str, rtype: str, target: str) -> Article:
    """Relations of the same week share an article, as stories report several events."""
    week = day - dt.timedelta(days=day.weekday())
    same_week = [a for a in articles.values() if a.published and a.published - dt.timedelta(days=a.published.weekday()) == week]
    if same_week and rng.random() < 0.6:
        return rng.choice(same_week)
    number = len(articles) + 1
    verb = {
        "ATTACKS": "strikes",
        "AIDS": "sends aid to",
        "SANCTIONS": "sanctions",
        "WARNS": "warns",
        "THREATENS": "threatens",
        "DENIES": "denies claims by",
        "ACCUSES": "accuses",
        "APPEALS": "appeals to",
        "DEMANDS": "presses",
        "MEETS": "meets",
        "SUPPORTS": "backs",
        "AUTHORIZES": "clears",
        "COOPERATES": "teams up with",
        "DEPLOYS": "deploys to",
        "CRITICIZES": "criticises",
    }[rtype]
    article = Article(
        id=f"art{number:03d}",
        title=f"{source} {verb} {target}",
        url=f"https://example.org/news/{number:03d}",
        source=rng.choice(_OUTLETS),
        published=day,
    )
    articles[article.id] = article
    return article


def write_graph(store: GraphStore, graph: FixtureGraph) -> None:
    """Write a fixture graph through the store's public API."""
    store.ensure_relation_types(sorted({r.type for r in graph.relations} | set(CODES)))
    store.upsert_actors(graph.actors)
    store.upsert_articles(graph.articles)
    store.upsert_relations(graph.relations)
    store.upsert_mentions(graph.mentions)
    store.upsert_affiliations(graph.affiliations)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: fixture_graph.py FOLDER  (writes the realistic graph into an embedded store there)")
    with open_store(sys.argv[1]) as target_store:
        write_graph(target_store, realistic_graph())
        print(target_store.stats().model_dump())
