"""A corpus for the foyer's scam filter: what scammers write to older people, hidden in the
ways they hide it, and what an audience writes in a foyer, in Finnish, Swedish and English.

Scams are built from base messages and the disguises seen in the wild; ordinary talk is
written out, with the numbers, years, times and abbreviations real talk has."""

SCAM_LINKS = [
    "Katso kuvani www.treffit-suomi.fi",
    "Voitit arvonnan! Lunasta palkinto: palkinto-kela.com",
    "Paras sijoitus nyt: kryptovoitto.shop",
    "Lisää konsertteja täällä: halvatliput.net",
    "Se mina bilder på karlek-sverige.se",
    "Du har vunnit! Hämta priset på vinst-nu.xyz",
    "My photos are at lonely-hearts.online",
    "Claim your pension refund at pension-refund.co.uk",
    "Tilaa ilmainen lääke: terveys-apteekki.info",
    "Hyvää iltaa! Minun profiili: kaunis-nainen.dating",
    "Katso tämä video https://bit.ly/3xYz123",
    "Päivitä pankkitietosi: op-tunnistus.site",
    "Kela palauttaa rahaa, hae täältä: kela-palautus.org",
    "Följ mig här: min-profil.club",
    "Free tickets for seniors at senior-tickets.top",
    "Lue lisää: uutiset24.ru",
]
SCAM_EMAILS = [
    "Kirjoita minulle: matti.virtanen77@gmail.com",
    "Ota yhteyttä aino.salonen@outlook.com niin kerron lisää",
    "Skriv till mig på karin.berg@hotmail.se",
    "Email me at captain.john.smith@yahoo.com",
    "Laita viestiä kultaseni: rakas1950@luukku.com",
    "Minun sähköposti on sotilas.usa@protonmail.com",
    "Mejla mig: ensam.man@gmail.com",
    "Contact my lawyer: attorney.brown@legal-help.net",
]
SCAM_PHONES = [
    "Soita minulle 040 123 4567",
    "Numeroni on +358 50 765 4321, soita heti",
    "WhatsApp: 044 987 6543",
    "Ring mig på 070 123 45 67",
    "Call me on +44 7700 900123",
    "Tekstaa numeroon 0451234567",
    "Puhelinnumeroni 050 111 2233",
    "Mitt nummer är 073-555 12 34",
    "Telegram +1 202 555 0147",
    "Soita 09 876 5432 virka-aikaan",
]
SCAM_MONEY = [
    "Tarvitsen rahaa lentolippuun, lähetä 500 euroa",
    "Voisitko lainata minulle 2000 euroa, maksan takaisin",
    "Siirrä rahaa tilille niin pääsen luoksesi",
    "Tilinumeroni on FI21 1234 5600 0007 85",
    "Maksa MobilePaylla numeroon niin saat palkinnon",
    "Osta lahjakortti ja lähetä koodi minulle",
    "Kan du skicka pengar till mig? Jag behöver 300 euro",
    "Swisha mig 500 kronor så kommer jag",
    "Please send money for my flight ticket",
    "I need 500 dollars for customs, can you wire it",
    "Buy an iTunes gift card and send me the code",
    "Invest in bitcoin with me, double your pension",
    "Pay with PayPal to this friend account",
    "Western Union on nopein tapa lähettää",
    "Lähetä Revolutilla 300 euroa",
    "Osta Google Play -kortti ja kuvaa koodi",
    "Tarvitsisin vähän rahaa lääkkeisiin",
    "Kan du låna mig pengar till biljetten?",
    "Could you lend me some money until Friday?",
    "My bank account is blocked, transfer the funds to my friend",
]


def _spaced_dots(text: str) -> str:
    return text.replace(".", " . ")


def _bracketed_dots(text: str) -> str:
    return text.replace(".", "[.]")


def _spelled_dots_fi(text: str) -> str:
    return text.replace(".", " piste ")


def _spelled_dots_en(text: str) -> str:
    return text.replace(".", " dot ").replace("@", " at ")


def _zero_width(text: str) -> str:
    return "\u200b".join(text)


def _cyrillic(text: str) -> str:
    return text.translate(str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с"}))


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _letters_for_digits(text: str) -> str:
    return text.replace("0", "O").replace("1", "l")


def _other_separators(text: str) -> str:
    return text.replace(" ", "/")


def _spelled_number_fi(text: str) -> str:
    words = ["nolla", "yksi", "kaksi", "kolme", "neljä", "viisi", "kuusi", "seitsemän",
             "kahdeksan", "yhdeksän"]  # fmt: skip
    return "".join(f" {words[int(c)]} " if c.isdigit() else c for c in text)


def _spaced_letters(text: str) -> str:
    return text.replace("www.", "w w w . ")


def _upper(text: str) -> str:
    return text.upper()


LINK_DISGUISES = [
    lambda t: t,
    _spaced_dots,
    _bracketed_dots,
    _spelled_dots_fi,
    _spelled_dots_en,
    _zero_width,
    _cyrillic,
    _fullwidth,
    _upper,
    _spaced_letters,
]
PHONE_DISGUISES = [
    lambda t: t,
    _letters_for_digits,
    _other_separators,
    _spelled_number_fi,
    _zero_width,
    _fullwidth,
    lambda t: t.replace(" ", "-"),
    lambda t: t.replace(" ", "."),
]
MONEY_DISGUISES = [lambda t: t, _zero_width, _cyrillic, _fullwidth, _upper]


def scams() -> list[tuple[str, str]]:
    """(message, kind) for every scam in every disguise."""
    found = []
    for base in SCAM_LINKS:
        found += [(disguise(base), "link") for disguise in LINK_DISGUISES]
    for base in SCAM_EMAILS:
        found += [(disguise(base), "email") for disguise in LINK_DISGUISES]
    for base in SCAM_PHONES:
        found += [(disguise(base), "phone") for disguise in PHONE_DISGUISES]
    for base in SCAM_MONEY:
        found += [(disguise(base), "money") for disguise in MONEY_DISGUISES]
    return found


ORDINARY = [
    # Finnish
    "Hyvää iltaa kaikille!",
    "Ihana konsertti, kiitos!",
    "Talvisota 1939-1940 oli isälleni raskas aika.",
    "Sibelius eli vuosina 1865-1957.",
    "Konsertti alkaa klo 19.00 ja loppuu noin 21.30.",
    "Olin tanssilavalla kesällä 1962, ne olivat aikoja!",
    "Seuraava esitys on 24.12. kello 14.",
    "Laulettiin tätä koulussa 1950-luvulla.",
    "Tämä kappale on vuodelta 1978.",
    "Mummoni syntyi 1899 ja eli 102-vuotiaaksi.",
    "Ostin liput 20 eurolla, hyvä hinta.",
    "Lippu maksaa 15 euroa, kannattaa tulla paikan päälle.",
    "Sain eläkkeen tilille eilen, nyt kahville!",
    "Kiitos, tämä toi mieleen nuoruuden.",
    "Onpa kaunis ääni laulajalla.",
    "Missä päin te kaikki asutte? Minä Tampereella.",
    "Terveisiä Ouluun!",
    "Muistatteko Tapio Rautavaaran? Hän lauloi tämän.",
    "Esim. Kulkurin valssi on minun suosikkini.",
    "Ns. iskelmäkausi oli parasta aikaa.",
    "Kuuntelin tätä radiosta vuonna 1965 ja uudestaan 2005.",
    "Pianisti soitti upeasti, mm. Chopinia.",
    "Minulla on kolme lastenlasta ja kaksi lastenlastenlasta.",
    "Kello on nyt 19.45, vielä ehtii.",
    "Hieno ilta. Se oli elämys.",
    "Tulin just kotiin. Me katsottiin yhdessä.",
    "Ilta oli hieno. In memoriam kaikille sotaveteraaneille.",
    "Kahvi ja pulla, siinä on hyvä ilta.",
    "Olin mukana Helsingin olympialaisissa 1952!",
    "Vuosina 1970-79 lauloin kuorossa.",
    "Ensi kerralla tuon ystävän mukaan.",
    "Maksoin aikanaan markoissa, nyt euroissa.",
    "Kaksi lippua ja yksi kahvi, kiitos.",
    "Paljon kiitoksia järjestäjille!",
    "Kuoro oli kuin enkelten laulua.",
    "Tanssiin kutsu lähtee kaikille 60+ ikäisille.",
    "Kävin Tukholmassa 1968, siellä kuulin tämän ensi kertaa.",
    "Oli piste i:n päälle tämä ilta.",
    "Kello 18.30 alkaa seuraava, muistakaa.",
    "Syntymäpäiväni on 3.5. ja täytän 85.",
    "Äitini lauloi tätä, kun olin pieni.",
    "Kuulostaa hyvältä kaiuttimista.",
    "Onko täällä muita Kuopiosta?",
    "Katsoin tämän jo tallenteena viime viikolla.",
    "Kuka muistaa Olavi Virran?",
    "Tämä on paras ohjelma koko viikolla.",
    "Kiitos juontajalle, hyvin sanottu.",
    "Eläkeläisten kerho katsoo tätä yhdessä, meitä on 14.",
    "Sali oli täynnä vuonna 1984.",
    "Tilasin taksin kotiin kello 21.",
    # Swedish
    "God kväll alla!",
    "Vilken underbar konsert, tack!",
    "Vinterkriget 1939-1940 var svårt för min far.",
    "Jag föddes 1941 i Vasa.",
    "Konserten börjar kl. 19.00.",
    "Min mormor sjöng den här sången.",
    "T.ex. Taube är min favorit.",
    "Det var bl.a. Evert Taube som skrev den.",
    "Biljetten kostade 15 euro, helt okej.",
    "Hälsningar från Åbo!",
    "Vi är en grupp på 12 personer på servicehuset.",
    "Jag dansade på 1960-talet varje lördag.",
    "Tack för en fin kväll.",
    "Sångerskan har en vacker röst.",
    "Nästa föreställning är den 12.1. klockan 14.",
    "Min man och jag tittar tillsammans.",
    "Det här påminner mig om min ungdom.",
    "En punkt till: ljudet var perfekt.",
    "Vi sjöng den i skolan på 50-talet.",
    "Kaffe och bulle, det är livet.",
    # English
    "Good evening everyone!",
    "What a lovely concert, thank you.",
    "My father served in the war from 1941 to 1944.",
    "The composer lived 1865-1957.",
    "It starts at 7.30 pm, see you then.",
    "I saw them live in 1969.",
    "The ticket was 15 euros, good value.",
    "Greetings from Turku!",
    "We are watching together at the care home, 9 of us.",
    "This song reminds me of my wedding in 1958.",
    "The pianist was wonderful, e.g. the second piece.",
    "I need a cup of tea after that!",
    "Thank you to the organisers.",
    "My granddaughter set this up for me.",
    "Such a beautiful voice.",
    "See you at the next one on 12.1.",
    "Is anyone else here from Espoo?",
    "I was born in 1937 and still dancing!",
    "We lived in Stockholm 1970-1975.",
    "I paid my bills today and now I relax with music.",
]


def _ordinary_variants() -> list[str]:
    variants = []
    for year in (1939, 1945, 1952, 1960, 1968, 1975, 1983, 1999, 2004, 2019):
        variants.append(f"Muistan tämän kappaleen vuodelta {year}.")
        variants.append(f"Jag hörde den första gången {year}.")
        variants.append(f"I first heard this in {year}.")
        variants.append(f"Vuosina {year}-{year + 5} asuin Lahdessa.")
    for hour in (12, 14, 16, 18, 19, 20):
        variants.append(f"Seuraava esitys alkaa klo {hour}.30.")
        variants.append(f"Nästa börjar {hour}.00.")
    for day, month in ((1, 3), (6, 12), (24, 12), (31, 12), (15, 5), (1, 5)):
        variants.append(f"Tavataan taas {day}.{month}.2027 kello 18.00.")
    for place in ("Helsingistä", "Turusta", "Tampereelta", "Jyväskylästä", "Oulusta",
                  "Kuopiosta", "Porista", "Vaasasta", "Lahdesta", "Rovaniemeltä"):  # fmt: skip
        variants.append(f"Terveisiä {place}, tämä oli hieno ilta!")
        variants.append(f"Katsomme {place} käsin, meitä on 8 palvelutalossa.")
    return variants


def ordinary() -> list[str]:
    return ORDINARY + _ordinary_variants()
