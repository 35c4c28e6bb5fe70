"""Pages a crawl brings in besides English articles: the Spanish edition, other sites, junk.

Each function returns the page's bytes and the URL it was fetched from (None when unknown).
"""

from __future__ import annotations

from random import Random

from pipelines.sample import vocabulary as vocab
from pipelines.sample.layouts import BULLET, render_reader
from pipelines.sample.text import ArticleText
from pipelines.sample.world import Article, to_datetime

# (country, city, breadcrumb region) as the Spanish edition writes them
_SPANISH_PLACES = (
    ("Venezuela", "Caracas", "América Latina"),
    ("Colombia", "Bogotá", "América Latina"),
    ("Cuba", "La Habana", "América Latina"),
    ("México", "Ciudad de México", "América Latina"),
    ("Líbano", "Beirut", "Medio Oriente"),
    ("Irán", "Teherán", "Medio Oriente"),
    ("Palestina", "Gaza", "Medio Oriente"),
    ("Estados Unidos", "Washington", "EE.UU.-Canadá"),
    ("Rusia", "Moscú", "Europa"),
)
_SPANISH_SECTIONS = ("Política", "Economía", "Opinión", "Cultura")
_SPANISH_TOPICS = (
    "el comercio",
    "las sanciones",
    "la energía",
    "las elecciones",
    "el alto el fuego",
)
_SPANISH_MENU = (
    "Inicio",
    "Artículos Exclusivos",
    "Opinión",
    "Televisión",
    "Multimedia",
    "Programas",
    "Quiénes somos",
)


def _spanish_title(rng: Random) -> tuple[str, tuple[str, str, str], str]:
    place = rng.choice(_SPANISH_PLACES)
    topic = rng.choice(_SPANISH_TOPICS)
    number = rng.randint(1, 9999)
    title = f"Muestra sintética {number} (synthetic sample): {place[0]} debate sobre {topic}"
    return title, place, topic


def render_spanish(rng: Random, fetched: int) -> tuple[bytes, str]:
    title, (country, city, region), topic = _spanish_title(rng)
    section = rng.choice(_SPANISH_SECTIONS)
    published = to_datetime(fetched - rng.randrange(3 * 86_400))
    paragraph = (
        f"Este párrafo es texto sintético de muestra (synthetic sample text) generado para probar "
        f"el almacén; menciona {country} y {city}, y trata de {topic}."
    )
    other_title = _spanish_title(rng)[0]
    lines = [
        "Al Mayadeen Español",
        "",
        *(f"{BULLET}{item}" for item in _SPANISH_MENU),
        "",
        "1. Inicio",
        f"2. {section}",
        f"3. {region}",
        f"4. {title}",
        "",
        title,
        "",
        f"{BULLET}Por Autor Sintético {rng.randint(1, 12)}",
        f"{BULLET}Fuente: Agencia Sintética",
        f"{BULLET}{published.day} {vocab.SPANISH_MONTHS[published.month - 1]} {published.year} "
        f"{published.hour:02d}:{published.minute:02d}",
        f"{BULLET}{rng.randint(40, 9000)} visitas",
        f"{BULLET}{rng.randint(0, 300)} compartidos",
        "",
        f"Resumen sintético: una entrada de prueba sobre {topic} en {city}.",
        "",
        paragraph,
        "",
        f"LEA TAMBIÉN: {other_title}",
        "",
        f"Ningún hecho de este texto es real; {city} aparece solo como evidencia de muestra.",
        "",
        f"{BULLET}{country}",
        f"{BULLET}{topic}",
        "",
    ]
    slug = f"{rng.randint(10_000, 99_999)}/muestra-sintetica-{country.lower()}"
    return "\n".join(lines).encode(), f"https://espanol.almayadeen.net/articulos/{slug}"


def render_foreign(rng: Random, fetched: int) -> tuple[bytes, str]:
    """A page of an invented outlet, or an error page: not an article of this site."""
    moment = to_datetime(fetched)
    country = rng.choice(vocab.COUNTRIES)
    kind = rng.randrange(3)
    if kind == 0:
        number = rng.randint(1, 50)
        text = (
            "The Example Gazette\nHome | World | Business | Sport | Weather\n\n"
            f"Synthetic sample from another outlet: weekend weather outlook for {country.name}\n\n"
            f"By Sample Reporter {number} | {vocab.MONTH_NAMES[moment.month - 1]} {moment.day}, "
            f"{moment.year}\n\n"
            "This synthetic page imitates another news site so that the warehouse learns to set "
            f"it aside. Showers are invented for {rng.choice(country.cities)}.\n\n"
            f"© {moment.year} The Example Gazette (synthetic sample). All rights reserved.\n"
        )
        return text.encode(), f"https://www.example.org/world/weather-{number}"
    if kind == 1:
        text = (
            "Access denied\n\nYou don't have permission to access this synthetic sample page.\n"
            f"Reference #{rng.randrange(16**8):08x}\n"
        )
        return text.encode(), f"https://www.example.net/story/{rng.randint(100, 999)}"
    text = (
        "404 Not Found\n\nThe synthetic sample page you requested could not be found.\n\n"
        "Go back to the home page\n"
    )
    return text.encode(), f"https://news.example.com/missing/{rng.randint(100, 999)}"


def render_binary(rng: Random) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(rng.randint(200, 2000))


def render_cp1252(article: Article, text: ArticleText, rng: Random) -> bytes:
    """A reader page saved in Windows-1252, with curly quotes (bytes 0x93, 0x94, 0x92)."""
    page = render_reader(article, text, rng).replace("'", "’")
    page += f"“Synthetic closing quote on {article.country.name},” the sample’s editor wrote.\n"
    return page.encode("cp1252", errors="replace")


def render_utf16(page: str) -> bytes:
    return page.encode("utf-16")  # with a byte order mark


def render_crlf(page: str) -> bytes:
    return page.replace("\n", "\r\n").encode()
