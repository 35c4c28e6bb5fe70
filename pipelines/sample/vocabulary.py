"""Word lists of the synthetic sample.

Places are real (so that region inference has evidence to work on); every person, outlet, quote
and event is invented and says so. Lists are tuples: their order is part of the output.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.parsing.taxonomy import SITE_SECTIONS


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    region: str  # one of taxonomy.SITE_REGIONS
    cities: tuple[str, ...]
    demonym: str
    weight: int  # how often it is an article's main country


@dataclass(frozen=True, slots=True)
class Topic:
    phrase: str  # as written in titles and sentences
    tag: str
    section: str  # the News section an article on it is filed under


COUNTRIES: tuple[Country, ...] = (
    Country("Venezuela", "Latin America", ("Caracas", "Maracaibo"), "Venezuelan", 6),
    Country("Colombia", "Latin America", ("Bogotá", "Medellín"), "Colombian", 5),
    Country("Cuba", "Latin America", ("Havana", "Santiago de Cuba"), "Cuban", 3),
    Country("Brazil", "Latin America", ("Brasília", "São Paulo"), "Brazilian", 3),
    Country("Mexico", "Latin America", ("Mexico City", "Monterrey"), "Mexican", 3),
    Country("Bolivia", "Latin America", ("La Paz",), "Bolivian", 1),
    Country("Lebanon", "MENA", ("Beirut", "Tyre", "Sidon"), "Lebanese", 8),
    Country("Iran", "MENA", ("Tehran", "Isfahan"), "Iranian", 7),
    Country("Yemen", "MENA", ("Sanaa", "Hodeidah"), "Yemeni", 5),
    Country("Syria", "MENA", ("Damascus", "Aleppo"), "Syrian", 5),
    Country("Iraq", "MENA", ("Baghdad", "Basra"), "Iraqi", 4),
    Country("Egypt", "MENA", ("Cairo", "Alexandria"), "Egyptian", 2),
    Country("Qatar", "MENA", ("Doha",), "Qatari", 1),
    Country(
        "Palestine",
        "Palestine",
        ("Gaza City", "Khan Younis", "Ramallah", "Jenin"),
        "Palestinian",
        9,
    ),
    Country("Ukraine", "Europe", ("Kyiv", "Kharkiv"), "Ukrainian", 4),
    Country("Russia", "Europe", ("Moscow", "Saint Petersburg"), "Russian", 4),
    Country("France", "Europe", ("Paris", "Marseille"), "French", 2),
    Country("Germany", "Europe", ("Berlin", "Hamburg"), "German", 2),
    Country("United States", "US & Canada", ("Washington", "New York"), "American", 7),
    Country("Canada", "US & Canada", ("Ottawa", "Toronto"), "Canadian", 1),
    Country("China", "Asia-Pacific", ("Beijing", "Shanghai"), "Chinese", 4),
    Country("India", "Asia", ("New Delhi", "Mumbai"), "Indian", 2),
    Country("Pakistan", "Asia", ("Islamabad", "Karachi"), "Pakistani", 2),
    Country("Afghanistan", "Asia", ("Kabul",), "Afghan", 1),
    Country("Japan", "Asia-Pacific", ("Tokyo", "Osaka"), "Japanese", 2),
    Country("Australia", "Asia-Pacific", ("Canberra", "Sydney"), "Australian", 1),
    Country("Indonesia", "Asia-Pacific", ("Jakarta",), "Indonesian", 1),
    Country("Philippines", "Asia-Pacific", ("Manila",), "Filipino", 1),
    Country("South Africa", "Africa", ("Pretoria", "Johannesburg"), "South African", 2),
    Country("Niger", "Africa", ("Niamey",), "Nigerien", 2),
    Country("Nigeria", "Africa", ("Abuja", "Lagos"), "Nigerian", 1),
    Country("Kenya", "Africa", ("Nairobi",), "Kenyan", 1),
    Country("Burkina Faso", "Africa", ("Ouagadougou",), "Burkinabe", 1),
)
COUNTRY_WEIGHTS: tuple[int, ...] = tuple(country.weight for country in COUNTRIES)

TOPICS: tuple[Topic, ...] = (
    Topic("trade talks", "trade", "Politics"),
    Topic("sanctions", "sanctions", "Politics"),
    Topic("an energy deal", "energy", "Economy"),
    Topic("drug trafficking claims", "drug trafficking", "Politics"),
    Topic("a ceasefire proposal", "ceasefire", "Politics"),
    Topic("the election campaign", "elections", "Politics"),
    Topic("oil exports", "oil", "Economy"),
    Topic("an aid convoy", "humanitarian aid", "Politics"),
    Topic("a border dispute", "border security", "Politics"),
    Topic("currency reform", "currency", "Economy"),
    Topic("a drought response", "climate", "Environment"),
    Topic("a vaccination drive", "public health", "Health"),
    Topic("a football final", "football", "Sports"),
    Topic("a film festival", "culture", "Arts&Culture"),
    Topic("a satellite launch", "space", "Technology"),
    Topic("a cyber security review", "cybersecurity", "Technology"),
    Topic("a port expansion", "infrastructure", "Economy"),
    Topic("a prisoner exchange", "prisoners", "Politics"),
    Topic("a naval exercise", "military", "Politics"),
    Topic("a refugee return plan", "refugees", "Politics"),
    Topic("a water sharing accord", "water", "Environment"),
    Topic("grain shipments", "food security", "Economy"),
    Topic("mining licences", "mining", "Economy"),
    Topic("tariffs", "tariffs", "Economy"),
    Topic("debt negotiations", "debt", "Economy"),
    Topic("a protest movement", "protests", "Politics"),
    Topic("a peace conference", "diplomacy", "Politics"),
    Topic("an air defence upgrade", "defense", "Politics"),
    Topic("a reconstruction fund", "reconstruction", "Politics"),
    Topic("a media law", "media", "Politics"),
    Topic("a solar power plan", "renewable energy", "Environment"),
    Topic("a wage strike", "labor", "Economy"),
    Topic("migration policy", "migration", "Politics"),
    Topic("nuclear talks", "nuclear program", "Politics"),
    Topic("a drone incident", "drones", "Politics"),
    Topic("a heatwave warning", "heatwave", "Environment"),
    Topic("a hospital funding plan", "hospitals", "Health"),
    Topic("an arms shipment", "arms trade", "Politics"),
    Topic("a chess tournament", "chess", "Miscellaneous"),
    Topic("a museum reopening", "heritage", "Arts&Culture"),
)

# Title parts. A title is `<prefix>: <place> <verb> over <topic><qualifier>`; prefix, verb, topic
# and qualifier together are a bijective function of the article's serial number, so no two
# articles of one sample (or of later appends) share a title.
TITLE_PREFIXES: tuple[str, ...] = (
    "Synthetic sample",
    "Synthetic report",
    "Synthetic update",
    "Synthetic brief",
    "Synthetic analysis",
    "Synthetic dispatch",
    "Synthetic explainer",
    "Synthetic note",
)
TITLE_VERBS: tuple[str, ...] = (
    "draws regional attention",
    "weighs next steps",
    "faces fresh questions",
    "signals a new approach",
    "holds sample consultations",
    "pushes for progress",
    "reviews its position",
    "sees cautious support",
    "debates new measures",
    "hosts test meetings",
    "pauses decisions",
    "sets a draft timeline",
    "prepares a response",
    "calls for dialogue",
    "seeks guarantees",
    "announces a review",
    "reports mixed results",
    "opens a sample inquiry",
    "expands cooperation",
    "rejects outside pressure",
    "steps up preparations",
    "urges restraint",
    "questions the timeline",
    "welcomes proposals",
    "hardens its stance",
)
TITLE_QUALIFIERS: tuple[str, ...] = (
    "",
    " amid sample tensions",
    " as talks continue",
    " after a test meeting",
    " for a second week",
    " despite objections",
    " ahead of a vote",
    " under new rules",
    " in a sample scenario",
    " as officials weigh options",
    " after weeks of silence",
    " with regional partners",
    " before the deadline",
    " amid budget pressure",
    " as crowds gather",
    " in its first phase",
    " after a long delay",
    " as observers watch",
    " with no end in sight",
    " on a busy weekend",
)

ARTICLE_SECTIONS: tuple[str, ...] = SITE_SECTIONS["Articles"]
ARTICLE_SECTION_WEIGHTS: tuple[int, ...] = (4, 6, 1, 3)
VIDEO_SECTIONS: tuple[str, ...] = SITE_SECTIONS["Videos"]
VIDEO_SECTION_WEIGHTS: tuple[int, ...] = (5, 2, 2, 1, 1)
SECTION_SLUGS: dict[str, str] = {
    "Politics": "politics",
    "Economy": "economy",
    "Sports": "sports",
    "Arts&Culture": "arts-culture",
    "Health": "health",
    "Miscellaneous": "miscellaneous",
    "Technology": "technology",
    "Environment": "environment",
    "Opinion": "opinion",
    "Analysis": "analysis",
    "Blog": "blog",
    "Features": "features",
    "NewsFeed": "newsfeed",
    "Video Features": "video-features",
    "Explainers": "explainers",
    "TV": "tv",
    "Digital Series": "digital-series",
}

PEOPLE: tuple[str, ...] = (
    "Minister Example Alpha",
    "President Example Bravo",
    "General Sample Charlie",
    "Envoy Placeholder Delta",
    "Spokesperson Test Echo",
    "Senator Example Foxtrot",
    "Ambassador Sample Golf",
    "Commander Placeholder Hotel",
    "Governor Example Indigo",
    "Mayor Sample Juliet",
    "Professor Placeholder Kilo",
    "Sheikh Example Lemon",
    "Judge Sample Mike",
    "Chancellor Example November",
    "Deputy Placeholder Oscar",
    "Coach Sample Papa",
)
AUTHORS: tuple[str, ...] = tuple(f"Synthetic Author {number}" for number in range(1, 26))
HOUSE_AUTHOR = "Al Mayadeen English"
SOURCES: tuple[str, ...] = (
    "Synthetic Agency",
    "Sample Wire",
    "Sample Press Service",
    "Synthetic Newsroom",
    "Agencies (synthetic)",
)
CREDITS: tuple[str, ...] = ("(AP)", "(Reuters)", "(AFP)")
CREDIT_WEIGHTS: tuple[int, ...] = (5, 3, 2)

SUBHEADINGS: tuple[str, ...] = (
    "Synthetic context",
    "Sample reactions in {city}",
    "What the test data says",
    "A regional sample view",
    "{country} and the {tag} file",
    "Background written for testing",
    "Next steps in the sample",
    "Placeholder figures",
    "How {demonym} officials respond",
    "Wider synthetic context",
)

SENTENCES: tuple[str, ...] = (
    "According to a synthetic statement, {demonym} officials discussed {topic} with "
    "counterparts from {country2}.",
    "{person} said in an invented remark that the {tag} file in {city} remains open.",
    "The sample data lists {number} invented participants in {city}, none of them real.",
    "Observers in {city2} followed the synthetic exchange closely, the test text adds.",
    "No real event is described here: the {demonym} angle exists only to give the parser evidence.",
    "A second synthetic source in {country} described the process as slow.",
    "The text refers to {country2} as a neighbouring case for comparison.",
    "{person} is an invented name used for testing, as is every quote in this sample.",
    "In this synthetic scenario, {demonym} negotiators met in {city} on a {weekday}.",
    "Figures quoted here ({number} units over {number2} days) are placeholders.",
    "The question of {topic}, the sample continues, has been on the agenda in {country} "
    "for months.",
    "“This is a synthetic quotation about {tag},” {person} said.",
    '"We are only testing the pipeline," a sample spokesperson in {city} said.',
    "{country}’s position, as written for this sample, stays unchanged.",
    "{country}'s partners in {country2} were mentioned twice in the invented briefing.",
    "The synthetic timeline places the next meeting in {city2} within {number2} days.",
    "Nothing in this paragraph happened; it is filler that names {city} and {country}.",
    "Sample analysts linked {topic} to wider questions facing {demonym} households.",
    "{person} told an imaginary press conference in {city} that {tag} talks would go on.",
    "The invented report counts {number} sample documents on {topic} from {country2}.",
    "Residents of {city}, in this placeholder story, heard about {topic} on the radio.",
    "A synthetic committee in {country} is said to meet again in {number2} days.",
    "None of the {number} figures in this test paragraph comes from a real source.",
    "{demonym} and {country2} delegations exchanged sample notes, the fictional account says.",
    "Critics quoted in this synthetic text called the plan for {topic} vague.",
    "The sample narrative returns to {city} for its closing details.",
    "A placeholder survey of {number} people in {city2} found mixed views on {tag}.",
    "{person} later softened the invented statement, according to the same sample source.",
    "Officials from {country2} did not answer the synthetic request for comment.",
    "Local sample media in {country} carried the story on a {weekday}.",
)
OPENING_SENTENCE = (
    "This paragraph is synthetic sample text generated for testing the warehouse; "
    "it mentions {country} and {city}."
)
SUMMARIES: tuple[str, ...] = (
    "Synthetic summary: a sample standfirst about {topic} in {country}, written for testing.",
    "Synthetic summary: invented officials in {city} discuss {topic}; nothing here is real.",
    "Synthetic summary: the {demonym} side of {topic}, told as placeholder text.",
    "Synthetic summary: a test article on {topic} that mentions {country} and {country2}.",
)
CAPTION_SCENES: tuple[str, ...] = (
    "people walk past a market",
    "a delegation arrives for talks",
    "workers inspect a site",
    "a crowd gathers in a square",
    "vehicles queue at a crossing",
    "officials attend a sample ceremony",
    "a reporter films a street",
    "volunteers unload boxes",
)
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SPANISH_MONTHS: tuple[str, ...] = (
    "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio",
    "Julio", "Agosto", "Septiembre", "Octubre", "Noviembre", "Diciembre",
)  # fmt: skip

TICKER_SPEAKERS: tuple[str, ...] = (
    "Synthetic Ministry spokesperson",
    "Minister Example Alpha",
    "Sheikh Example Lemon",
    "General Sample Charlie",
    "Synthetic Army spokesperson",
    "President Example Bravo",
    "Sample Foreign Ministry",
    "Envoy Placeholder Delta",
)
TICKER_OUTLETS: tuple[str, ...] = ("Sample Wire", "Synthetic Agency", "Sample Broadcaster")
TICKER_STATEMENTS: tuple[str, ...] = (
    "synthetic sample statement on {tag} in {country}.",
    "Our position on {tag} has not changed, in this synthetic test item",
    "talks in {city} will resume, according to a synthetic schedule.",
    "we reject the invented claims about {country}, synthetic item",
    "synthetic test warning over {tag} near {city}.",
    "the {demonym} side is expected to respond within days (synthetic).",
)
TICKER_EVENTS: tuple[str, ...] = (
    "synthetic reports of {tag} activity near {city}",
    "a synthetic test incident in {country}",
    "synthetic sample figures on {tag} from {city}.",
    "an invented meeting on {tag} in {city} (synthetic).",
)
