"""Word lists the quote, speaker and summary rules share. Lower-case; data, not logic."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce direct speech, in the forms news copy uses.
SPEECH_VERBS = _words(
    "said says say told tells added adds asked asks stated states explained explains noted "
    "notes argued argues warned warns insisted insists wrote writes continued continues replied "
    "replies responded responds declared declares announced announces acknowledged acknowledges "
    "admitted admits claimed claims complained complains recalled recalls urged urges cautioned "
    "conceded concedes concluded emphasised emphasized stressed stresses predicted predicts "
    "suggested suggests observed remarked joked shouted tweeted posted commented comments "
    "confirmed confirms countered counters pleaded vowed vows promised promises testified "
    "whispered laughed sighed sang sings chanted yelled shout shouts write "
    # Participles: "..., telling reporters that", "..., saying".
    "telling saying adding warning insisting arguing noting explaining joking "
    # Seen introducing quotes in real news: "Vitter demanded", "Williamson concludes:".
    "demanded echoed echoes reported concludes quipped quips mused muses boasted boasts "
    "bragged brags contended contends asserted asserts recounted recounts retorted retorts "
    "scoffed lamented laments wondered wonders opined reiterated reiterates answered "
    "demanding echoing quipping boasting asserting "
    # More seen tagging quotes in US political copy: '"...," Bozell answers.'
    "answers shouting fumed fumes groused grouses barked confessed confesses assured assures "
    "scolded scolds mocked mocks declaring proclaimed proclaims exclaimed exclaims "
    "charged emailed beamed demurred remembered recalling "
    "argue insist suggest warn pledged tweeting agrees agreed observes spoke speaks "
    "screamed cried elaborated elaborates surmised surmises interjected interjects reasoned "
    "ventured vented testifies pleads snapped snaps sighs laughs chuckled whispers murmured "
    "muttered mutters groaned "
    # '"...?" reacted Trump.', '"Grizzly Adams?" Maddow repeated.'
    "reacted reacts repeated repeats railed rails thundered thunders gushed gushes confided "
    "confides"
) | frozenset(
    # Two-word speech verbs, read as one token (stream.py): '"Let me talk," Lee shot back.'
    (
        "shot back",
        "fired back",
        "hit back",
        "went on",
        "goes on",
        "chimed in",
        "points out",
        "pointed out",
    )
)
# Verbs that frame a partial quote before it: 'Smith called the plan "reckless."'
# The verb of a quote framed "as X put it".
PUT_VERBS = _words("put puts")
FRAMING_VERBS = _words(
    "called calls described describes dubbed labelled labeled termed praised praises "
    "criticised criticized hailed slammed branded accused accuses "
    "blasted denounced decried dismissed defended questioned"
)
# Framing verbs that give a thing a name rather than quote anyone: 'the scheme, dubbed "X"'.
LABEL_VERBS = _words("dubbed nicknamed named labelled labeled termed branded")
# Words that may sit between a speaker and the verb: "Ushakov also said".
VERB_ADVERBS = _words(
    "also later then again further earlier previously separately simply now once often "
    "already even just"
)
# Words in -ly that are no adverbs, so never skipped between a subject and its verb.
NOT_ADVERBS = _words("only early family italy july ally rally supply reply apply daily weekly")

# Time words between a subject and its verb: "Dravec last month called it", "X on Friday said".
TIME_WORDS = _words(
    "last this next week month year weekend monday tuesday wednesday thursday friday saturday "
    "sunday yesterday today tonight earlier on"
)
# Dashes as tokens: a dateline's ("OSLO (Nordwire) -") or a roundup heading's ("POLLS - Lee:").
DASHES = frozenset(("-", "–", "—", "--"))
# Words that open a sentence with a phrase before its subject: "Hours later, Trump said",
# "At a rally in Ames, Iowa, Mrs. Lee told", "Back in 1999, he wrote".
OPENER_WORDS = _words(
    "at in on before after during back here there later earlier last hours days moments "
    "minutes weeks months years since when while as with without despite following amid"
)
# Phrases that may stand between a subject and its verb like an adverb: "Beck, who has in the
# past described Trump as ...", "Lee at the time called it ...".
ADVERB_PHRASES: tuple[tuple[str, ...], ...] = (
    *(
        tuple(p.split())
        for p in (
            "in the past",
            "at the time",
            "in the end",
            "in recent years",
            "in recent weeks",
            "in recent days",
            "for years",
            "for decades",
            "over the years",
            "in private",
            "in public",
            "in an interview",
            "in a statement",
        )
    ),
    # "The email goes on to say:": a two-word verb is one token ("goes on"), then "to".
    ("went on", "to"),
    ("goes on", "to"),
)
# Auxiliaries between a subject and its verb: "what Cloudwick had called", "she has said".
AUXILIARIES = _words("has have had is are was were will would can could should may might been")

PRONOUNS = _words("he she they it we i")
DETERMINERS = _words("the a an one two three several some its his her their our")

# Capitalised words that are role words, so they belong to a title, not to a name.
TITLE_WORDS = _words(
    "president minister secretary senator sen. rep. representative gov. governor mayor "
    "chancellor premier prime deputy vice chief general gen. judge justice prof. professor "
    "ambassador envoy king queen prince princess pope commissioner director chairman "
    "chairwoman chair ceo cfo coo spokesman spokeswoman spokesperson advisor adviser aide "
    "coach captain capt. col. lt. sgt. maj. cpl. pvt. adm. spc. colonel lieutenant sergeant "
    "officer inspector detective "
    "attorney speaker leader economist analyst founder head manager commander admiral "
    "superintendent dean sheriff whip lawmaker councillor councilor counsel executive strategist "
    "researcher scientist editor treasurer auditor registrar writer author novelist poet "
    "artist actor actress singer musician historian lecturer surgeon vet architect engineer "
    # British and American local titles, often written without a full stop: "Cllr Ann Lee",
    # "Det Insp Ruth Hale", "City Councilman Ray Dobbs"; and jobs written as a title before a
    # name ("Forecaster Jen Albright") that are rarely surnames.
    "cllr councilman councilwoman alderman alderwoman det insp supt organiser organizer "
    "astronomer broadcaster curator coroner paramedic firefighter campaigner consultant "
    "physician psychiatrist midwife headteacher substitute striker goalkeeper midfielder "
    "defender winger referee umpire comedian postman rancher forecaster plumber electrician "
    "shopkeeper landlord landlady commuter motorist pensioner volunteer survivor shopper "
    "prosecutor trader prof parent mp mep msp mla fellow pollster "
    # Abbreviated US titles and clergy: "Rev. Kyev Tatum", "Atty. Gen. Lu Ma", "Adm. Mo Li".
    "rev rev. atty. supt. insp. cmdr. adm. msgr. pastor reverend bishop"
)
# Roles that are also common surnames ("Ann Baker", "Tom Farmer"): roles only in lower case,
# "Portvale boss Ana Ruiz", "harbour master Ines Kalnins".
LOWER_CASE_ROLES = _words(
    "boss pilot ranger principal master member farmer baker butcher fisherman builder chef "
    "victim relative"
)
# Honorifics that are dropped: they are neither name nor title.
HONORIFICS = _words("mr. mrs. ms. dr. mr mrs ms dr sir dame")
# Modifiers that may open or fill a title: "senior economist", "former foreign minister".
TITLE_MODIFIERS = _words(
    "senior former top acting interim assistant associate managing lead principal regional "
    "majority minority "
    "foreign finance defence defense health interior economy trade state national federal "
    "deputy vice chief general executive press communications military political "
    "defending reigning outgoing incoming presiding founding "
    # Military grades: "Lt. Col.", "Sgt. Maj."
    "lt. sgt."
)
# Title modifiers that, capitalised at a sentence's start, are never a name's first word:
# "Former Ross speechwriter Ines Hart", "Top Clinton aides".
NAME_OPENING_MODIFIERS = _words("former top senior")
# Ordinals that open a military grade: "Air Force 1st Lt. Ann Lee".
GRADE_ORDINALS = _words("1st 2nd")
# Words that make a capitalised run an organisation or place rather than a person.
ORG_WORDS = _words(
    "ministry commission bank corp corp. inc inc. ltd ltd. group council union states nations "
    "house party university department agency office court police association federation "
    "institute fund organization organisation company co co. airlines motors times news post "
    "kremlin pentagon parliament congress senate government administration service authority "
    "board committee foundation center centre club league exchange reserve systems "
    "technologies labs holdings partners reuters network hospital school college church army "
    "observatory museum library trust gazette tribunal festival orchestra prize books "
    "foods energy media pharma capital securities logistics telecom insurance industries "
    "studios airways railways plc airport cooperative co-operative "
    "navy forces command bureau embassy cabinet commons assembly republic kingdom federal"
)
# Words that end a speaker phrase after the verb: "said Smith on Friday", "said Smith after".
PHRASE_STOPS = _words(
    "in on at after when while as during to that outside before from who which whose adding "
    "but and because since although with by until"
)
# Lower-case nouns that can themselves be speakers: "police said", "a spokeswoman said".
SPEAKER_NOUNS = _words(
    "police spokesman spokeswoman spokesperson ministry company government official officials "
    "authorities prosecutors analysts witnesses residents statement spokespeople department "
    "agency organisers organizers union lawyers lawyer attorney attorneys firm bank council "
    "regulator regulators investigators court committee campaign team club party "
    "source sources aide aides doctors doctor experts passenger passengers resident witness "
    "nurse teacher student farmer owner worker activist expert candidate "
    "operator airline carrier firms companies campaigners reviewer reviewers critic "
    "critics judges jury vet father mother wife husband son daughter brother sister friend "
    "neighbour neighbor colleague woman man women men crowd memo report paper study letter "
    "authors researchers scientists leaflet email child children boy girl user users fan "
    "fans customer customers listener listeners reader readers viewer viewers bystander"
)
# Role nouns for one person, so "he" or "she" may refer back to them: "a spokesman said".
PERSON_NOUNS = _words(
    "spokesman spokeswoman spokesperson official aide lawyer attorney doctor nurse teacher "
    "farmer owner worker activist expert passenger resident witness candidate reviewer critic "
    "father mother wife husband son daughter brother sister friend neighbour neighbor "
    "colleague vet source woman man diplomat victim relative shopper child boy girl user fan "
    "customer listener reader viewer bystander "
    # Seen as "the ... said" on PolNeAR train: "the retired neurosurgeon told", "the
    # billionaire businessman said".
    "employee businessman businesswoman billionaire mogul nominee neurosurgeon surgeon "
    "frontrunner front-runner hopeful contender challenger incumbent lawmaker pollster "
    "strategist veteran champion supporter voter protester delegate donor advocate "
    "confidant ally associate insider operative surrogate fundraiser agent speechwriter"
)
# Role nouns that describe an organisation, so the name they introduce is one:
# "carmaker Veltra Motors", "the operator, Coastline Rail,".
ORG_HEADS = _words(
    "company firm operator airline maker carmaker drugmaker automaker retailer "
    "manufacturer lender bank insurer group club party union chain broadcaster publisher "
    "developer giant startup start-up supplier producer agency regulator watchdog network "
    "utility brand charity miner exporter importer grocer"
)
ROLE_NOUNS = TITLE_WORDS | SPEAKER_NOUNS | PERSON_NOUNS
# "The company said": nouns that refer back to the business an article is about.
COMPANY_NOUNS = _words(
    "company firm business retailer carmaker automaker drugmaker manufacturer lender insurer "
    "airline chain brand startup start-up supplier producer developer group publisher operator "
    "broadcaster"
)
# Capitalised words that open the name of a thing, not a person: "Comet Hebblethwaite".
NAMED_THINGS = _words(
    "comet asteroid hurricane storm typhoon cyclone tropical mount lake river cape port fort "
    "operation project planet fund prize cup trophy"
)
# Letters after a name: "Julian Mabry KC", "Ann Lee MP", "Tom Ross Jr.".
NAME_SUFFIXES = _words("kc qc mp msp mep obe mbe cbe phd jr jr. sr sr. iii")
NAME_PARTICLES = _words("von van der den de da del della di du dos das bin al la le ter ibn")

# Capitalised words that begin sentences or name times, never people.
NOT_NAMES = _words(
    "the a an but and or so yet in on at as after before when while if however meanwhile "
    "still also then this that these those there here it he she they we i you his her its "
    "their our my your what why how who where which some many no not one two three "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan. feb. mar. apr. jun. jul. "
    "aug. sep. sept. oct. nov. dec. today yesterday tomorrow earlier later last next "
    "according asked told said says speaking despite although though because since until "
    "with without for from by of to into over under about against between among during "
    "both each every all any most more less other such than only just even now"
)

STOPWORDS = _words(
    "a an and are as at be been but by for from had has have he her his in into is it its of "
    "on or our she that the their them they this to was we were which who will with would you "
    "your not no said says say there than then also after before about over more up out i "
    "so do does did can could may might must shall should just what when where why how all "
    "any some one two new us him my me if while being am"
)

# Words that tell a person's gender, so "she said" never goes to a man: pronouns that refer
# back to a person just named, honorifics before the name and gendered roles in the title.
MALE_WORDS = _words(
    "he his him himself mr mr. spokesman congressman chairman businessman father husband "
    "son brother man boy king prince sir uncle nephew grandfather"
)
FEMALE_WORDS = _words(
    "she her hers herself mrs mrs. ms ms. miss spokeswoman congresswoman chairwoman "
    "businesswoman mother wife daughter sister woman girl queen princess dame actress aunt "
    "niece grandmother"
)

# Small function-word lists the rules share (each list once, here).
ARTICLES = _words("a an the")
# An organisation's unnamed voice: "a spokesperson said", "a statement said".
ORG_VOICES = _words("spokesperson spokesman spokeswoman spokespeople statement")
# Party labels written before a name ("Democrat Ann Lee"): not part of a longer name.
PARTY_WORDS = _words("democrat republican independent conservative liberal socialist")
PREPOSITIONS = _words("of for at with from")  # an affiliation: "spokesman for X"
RELATIVES = _words("who whose which")
CONJUNCTIONS = _words("and but")  # "she smiled and said"
CLAUSE_OPENERS = _words("while whereas but although though")  # a new clause, a new subject
BE_FORMS = _words("be been being is are was were")  # "had been told": passive, no speaker
OBJECT_PREPOSITIONS = _words("in on into by with")  # "In a statement, it said": an object
# Every common preposition: a name right after one is its object, never a verb's subject.
ALL_PREPOSITIONS = _words(
    "in on at into onto by with under below above near over across through from of for to "
    "toward towards behind beside between among around against about during since after "
    "before inside outside within without beyond"
)
DETAIL_PREPOSITIONS = _words("of from")  # ", of Elm Row,": a detail about the speaker
CLOCK_WORDS = _words("a.m. p.m. gmt bst utc")
IST_VERBS = _words("persist consist")  # -ist words that are no professions
ABBREVIATIONS = _words("st. jr. sr. vs. mt. ft.")  # full stops that belong to the word
# Nouns for a work whose title may follow in quote marks: 'her post “I failed”'.
WORK_NOUNS = _words(
    "blog post book article column film movie song album show series report essay poem "
    "headline documentary novel memoir op-ed editorial play podcast episode hashtag slogan"
)
# Words a Capitalised Title leaves in lower case: "Steps and Cognition in Later Life".
TITLE_SMALL_WORDS = _words("a an the and or nor but of in on at to for with by from as")
# Words left out of an organisation's initials: "Office of Fair Trading" -> "OFT".
INITIALS_SKIP = _words("of and the for &")
# Words of public bodies and news outlets: "the company" never means one of these.
PUBLIC_BODY_WORDS = _words(
    "ministry commission council union states nations house party university department "
    "agency office court police association federation institute government administration "
    "service authority board committee parliament congress senate kremlin pentagon embassy "
    "cabinet assembly republic kingdom gazette times news post herald courier echo radio "
    "network reuters tribunal museum library school hospital college church army navy"
)
