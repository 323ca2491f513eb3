"""Tables of the words street addresses are made of, in the languages our users write in.

Each table is a space-separated string so long lists stay readable; the address recognizer compiles them into
one regex. Entries are lower case; matching ignores case.
"""

from __future__ import annotations

from detectors.not_names import words_of

# A street type after the street's name: "42 Wallaby Way", "Kongens gade 12", "Andrássy út 5", "Pärnu maantee 10".
SUFFIX_TYPES = words_of(
    # English (with the usual abbreviations)
    "street st road rd avenue ave av lane ln way drive dr court ct place pl boulevard blvd crescent cres terrace "
    "tce terr highway hwy parade pde close cl circuit cct grove gr square sq row mews walk esplanade esp "
    "parkway pkwy pky freeway fwy expressway expy trail trl circle cir alley aly loop track quay wharf rise "
    "gardens gdns hill vale glen green heights hts point pt ridge view vista chase gate mall promenade strand "
    "broadway pike turnpike causeway plaza plz junction jct crossing xing motorway ramble retreat "
    # German, Dutch, Nordic, Hungarian, Estonian, Finnish, written apart from the name
    "straße strasse str weg gasse allee platz ring damm ufer chaussee steig pfad "
    "straat laan plein gracht kade singel dijk dreef hof steeg "
    "gatan gata vägen väg gränd torg torget allén stig vej gade allé plads stræde veien vei gate gaten plass "
    "katu tie kuja polku väylä raitti tori bulevardi "
    "utca út útja tér körút köz sor sétány "
    "tänav maantee puiestee põik tee"
)
# More street types from the USPS list (Publication 28, C1) and British and Australian usage. Many are everyday
# nouns ("Park", "Center", "Falls"), so after a number and a name they count only when a city, region or
# postcode follows, or a cue precedes.
WEAK_SUFFIX_TYPES = words_of(
    "alley annex arcade bayou beach bend bluff bluffs bottom branch bridge brook brooks burg burgs bypass camp "
    "canyon cape center centre centers circles cliff cliffs club common commons corner corners course courts "
    "cove coves creek crest crossroad curve dale dam divide drives estate estates extension extensions fall "
    "falls ferry field fields flats ford fords forest forge forges fork forks fort garden gateway glens greens "
    "groves harbor harbors harbour haven hills hollow inlet island islands isle junctions key keys knoll "
    "knolls lake lakes land landing light lights loaf lock locks lodge manor manors meadow meadows mill mills "
    "mission mount mountain mountains neck orchard oval overpass park parks parkways pass passage path pine "
    "pines plain plains points port ports prairie radial ramp ranch rapid rapids rest ridges river roads route "
    "run shoal shoals shore shores skyway spring springs spur spurs squares station stravenue stream streets "
    "summit throughway trace trafficway trailer tunnel underpass union unions valley valleys viaduct views "
    "village villages ville walks wall ways well wells stairs steps walkway bank banks approach brae "
    "rue"
)
# A word that ends in a street type: "Hauptstraße", "Bahnhofstr.", "Koskikatu", "Storgatan", "Kerkstraat".
COMPOUND_ENDINGS = words_of(
    "straße strasse str. weg gasse allee platz ring damm ufer chaussee steig pfad "
    "straat laan plein gracht kade singel dijk dreef steeg "
    "gatan gata vägen väg gränd torget stig stigen vej gade allé plads stræde veien vei gate gaten plass "
    "katu tie kuja polku väylä raitti tori "
    "utca útja tér körút köz sétány "
    "tänav maantee puiestee põik hof baan"
)
# A street type before the street's name: "Rua do Arenque 1634", "12 rue de la Paix", "ul. Długa 5", "Via Roma 1".
PREFIX_TYPES = words_of(
    # French
    "rue avenue boulevard chemin allée impasse place quai cours route passage square sentier voie ruelle faubourg "
    # Spanish
    "calle avenida avda paseo pº plaza camino carrera carretera ronda travesía pasaje vía acceso bajada "
    "callejón cañada cuesta pasadizo urbanización vereda "
    "glorieta rambla "
    # Portuguese
    "rua avenida travessa praça alameda largo estrada rodovia beco quadra colônia favela esplanada vereda "
    "conjunto residencial chácara sítio núcleo setor trecho vila viela ladeira loteamento jardim fazenda "
    "condomínio recanto trevo passarela pátio distrito "
    # Italian
    "via viale piazza corso vicolo largo piazzale strada lungomare contrada rotonda borgo stretto rione incrocio "
    # Polish, Czech, Slovak
    "ulica aleja aleje plac osiedle ulice náměstí třída nábřeží "
    # Dutch and German, when the type leads ("Am Markt", "An der Alster")
    "am an auf im"
)
# Abbreviations of leading types, always written with their dot (or slash): "ul. Długa 5", "Av. Paulista 1000".
PREFIX_ABBREVIATIONS = words_of(
    "ul. al. os. pl. av. avda. bd. bld. ch. imp. rte. fg. pza. ctra. tv. pç. nám. tř. p.zza c/"
)
# Abbreviated English types a lower-case chat message uses: "7 george st", "12 smith rd".
ABBREVIATED_TYPES = words_of("st rd ave av ln dr ct pl blvd cres tce pde hwy cl cct pkwy gr sq esp")

# Joining words inside a street or place name: "Rua do Arenque", "Via della Spiga", "Avenue of the Americas".
NAME_PARTICLES = words_of(
    "de da do das dos del della delle dei degli di du des la le les los las el van von der den het ter ten "
    "of the and y e i am an auf im zu zum zur"
)

# Unit, suite, apartment and floor words: "Apt. 864", "Suite 5", "Unit 3/", "Flat 2", "Piso 3º", "Wohnung 4".
UNIT_WORDS = words_of(
    "apt apartment apartament appt app suite ste unit flat floor fl level lvl lv room rm box bldg building "
    "block blk lot shop shp office dept department piso planta puerta pta dpto depto departamento apto andar "
    "sala bloco casa conjunto lote interior int piano scala interno wohnung whg etage stock og ug "
    "lgh lägenhet våning tr bus bte boite étage escalier esc bâtiment bat porte m lok lokal mieszkanie "
    "ap byt patro studio appartamento"
)

# US states and territories, Australian states, Canadian provinces: "Sydney NSW 2000", "Austin, TX 78701".
REGION_CODES = words_of(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP "
    "NSW VIC QLD SA WA TAS NT ACT "
    "AB BC MB NB NL NS NU ON PE QC SK YT"
)

# Labels whose value is an address: "address:", "Anschrift:", "street is". They need a colon, "=" or "is".
ADDRESS_LABELS = (
    "address", "addr", "street address", "home address", "postal address", "mailing address", "shipping address",
    "billing address", "delivery address", "residential address", "street", "anschrift", "adresse", "dirección",
    "direccion", "domicilio", "endereço", "endereco", "morada", "indirizzo", "adres", "adresa", "osoite", "cím",
    "lakcím", "aadress", "adress", "postadress", "bopæl", "woonadres",
)  # fmt: skip
# Phrases an address follows directly: "lives at", "ship to", "send it to", "office is at".
ADDRESS_PHRASES = (
    "lives at", "live at", "living at", "lives on", "live on", "living on", "resides at", "residing at",
    "reside at", "ship to", "shipping to", "send it to", "send to", "deliver to", "delivered to", "mail to",
    "post to", "office is at", "located at", "based at", "situated at", "wohnhaft in", "on the way to",
    "on its way to",
)  # fmt: skip
