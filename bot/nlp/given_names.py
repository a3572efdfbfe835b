"""Given names that name one gender almost always in English-language news, for "he"/"she".

A pronoun may refer only to a person of its gender; most articles never give an honorific,
so the first name is the commonest clue. Names used for both ("Kelly", "Terry", "Jordan",
"Chris", "Lindsey", "Jean", "Kim") are in neither list: an unknown gender rules nobody out.
Lower-case; data, not logic.
"""

from __future__ import annotations

MALE_NAMES = frozenset(
    "aaron abdul abraham adam adrian ahmed alan albert alberto alec alexander alexei alfred ali "
    "alistair allen alvin amir andre andrei andres andrew andy angelo angus anthony antonio ari "
    "arnold arthur austin barack barry bashar ben benjamin bernard bernie bill billy bob bobby "
    "boris brad bradley brandon brendan brent brett brian bruce bryan byron calvin carl carlos "
    "cedric chad charles charlie chuck clarence claude clay clayton clifford clint clyde colin "
    "connor conor craig curt curtis cyrus dale damian dan daniel danny darrell darren dave david "
    "dean dennis derek desmond dick diego dmitry dominic don donald doug douglas duncan dustin "
    "dwight earl ed eddie edgar edmund eduardo edward edwin elijah elliot elliott emmanuel enrique "
    "eric erik ernest ethan eugene evan felix fernando francis francisco frank franklin fred "
    "frederick gabriel gareth garrett gary gavin gene geoffrey george gerald gerard gilbert glenn "
    "gordon graham grant greg gregory guy hakeem hal hamid hank harold harrison harry harvey "
    "hassan hector henry herbert herman howard hugh hugo ian isaac ivan jack jacob jake james "
    "jared jason javier jay jeb jeff jeffrey jeremy jerome jerry jesse jesus jim jimmy joaquin joe "
    "joel joey john johnny jon jonathan jorge jose joseph josh joshua juan julian julio justin "
    "karl keith ken kenneth kevin kirk kurt kyle lamar lance larry lawrence leon leonard leroy "
    "lewis liam lloyd logan lou louis luis luke malcolm manuel marcus mario mark marshall martin "
    "marvin matt matthew maurice max michael miguel mike milton mitch mitchell mitt mohamed "
    "mohammed muhammad nathan nathaniel neil nelson newt nicholas nick nigel noah norman oliver "
    "omar oscar owen pablo patrick paul pedro percy pete peter phil philip phillip rafael ralph "
    "ramon rand randall randy raul ray raymond reggie reginald reince ricardo richard rick ricky "
    "rob robert roberto rodney roger roland ron ronald ross roy rudy rupert russ russell ryan sam "
    "samuel scott sean sergei sergio seth shawn sheldon simon stanley stephen steve steven stuart "
    "tad ted terrence theodore thomas tim timothy toby todd tom tommy tony travis trent trey troy "
    "tyler victor vincent vladimir wade walter warren wayne wesley will william willie xavier "
    "yusuf zach zachary".split()
)

FEMALE_NAMES = frozenset(
    "abigail ada adrienne agnes aileen alexandra alexis alice alicia alison allison amanda amber "
    "amy ana andrea angela angelina anita ann anna anne annette antonia april barbara beatrice "
    "becky belinda beth betsy betty beverly bonnie brenda bridget brittany camille candice carla "
    "carly carmen carol caroline carolyn catherine cathy cecilia charlotte chelsea cheryl "
    "christina christine cindy claire clara claudia colleen condoleezza connie constance cynthia "
    "daisy danielle daphne darlene dawn debbie deborah debra denise diana diane dianne dolores "
    "donna doris dorothy edith eileen elaine eleanor elena elise eliza elizabeth ella ellen elsa "
    "emily emma erica erin esther ethel eva evelyn fiona florence frances gabriela gail georgia "
    "geraldine gillian gina ginger gladys glenda gloria grace gwen hannah harriet hazel heather "
    "heidi helen helena hilary hillary holly hope ida irene iris isabel isabella ivanka jackie "
    "jacqueline jan jane janet janice jeanne jeannie jennifer jenny jessica jill joan joanna "
    "joanne jocelyn josephine joy joyce judith judy julia julie june karen kate katherine "
    "kathleen kathryn kathy katie kay kayla kellyanne kirsten kristen laura lauren leah linda "
    "lisa liz lois loretta lori louise lucy lydia lynn mabel madeleine madison maggie mallory "
    "marcia margaret margarita maria marian marie marilyn marjorie marsha martha mary maureen "
    "maxine megan megyn melania melanie melissa michele michelle mildred miriam molly monica "
    "nadia nancy naomi natalie natasha nicole nikki nina nora olivia pamela patricia patty paula "
    "pauline peggy penelope penny phyllis priscilla rachel rebecca regina renee rita roberta "
    "rosa rosalind rose rosemary ruth sally samantha sandra sara sarah sharon sheila shirley "
    "sonia sophia sophie stacey stella stephanie sue susan susana suzanne sylvia tamara tammy "
    "tanya teresa theresa tina tracy ursula valerie vanessa vera veronica vicki victoria "
    "virginia wanda wendy yolanda yvonne zoe".split()
)

_BOTH = MALE_NAMES & FEMALE_NAMES
assert not _BOTH, f"listed for both genders: {sorted(_BOTH)}"


def gender_of_given_name(word: str) -> str | None:
    """ "he", "she" or None for a first name ("Hillary" -> "she")."""
    low = word.lower()
    if low in MALE_NAMES:
        return "he"
    if low in FEMALE_NAMES:
        return "she"
    return None
