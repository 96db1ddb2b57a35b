import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../../src/core/figures/extract-figures';
import type { FigureKind, FigureMention, FigureQualifier } from '../../../src/core/index/types';

const CORPUS_DIR = join(__dirname, '../../../assets/corpus');
const corpus = readdirSync(CORPUS_DIR)
  .filter((name) => name.endsWith('.txt'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(CORPUS_DIR, name), 'utf8') }));
const corpusText = corpus.map((file) => file.text).join('\n');

function findMention(text: string, expected: string): FigureMention | undefined {
  return extractFigures(text).find((mention) => mention.text === expected);
}

type Row = [sentence: string, text: string, value: number, qualifier: FigureQualifier, kind: FigureKind, place?: string];

/** Sentences copied from the five articles, with the figure each must yield. */
const ARTICLE_FIGURES: Row[] = [
  ["# Oppose Trump's mass arrest of 2,000 immigrants!", '2,000 immigrants', 2000, 'exact', 'immigrants'],
  [
    'On Tuesday, ICE announced the arrest of more than 2,000 people in a widespread series of raids over the course of six weeks; it marks the largest anti-immigrant operation undertaken by the Trump administration during the COVID-19 pandemic.',
    'more than 2,000 people', 2000, 'more-than', 'people',
  ],
  [
    'On Tuesday, ICE announced the arrest of more than 2,000 people in a widespread series of raids over the course of six weeks; it marks the largest anti-immigrant operation undertaken by the Trump administration during the COVID-19 pandemic.',
    'six weeks', 6, 'exact', 'weeks',
  ],
  [
    'Twenty-four US cities were subject to raids, including so-called sanctuary cities; there were 125 arrests in Central and South Texas, and the sanctuary city of Los Angeles alone saw 300 arrests.',
    'Twenty-four US cities', 24, 'exact', 'cities',
  ],
  [
    'Twenty-four US cities were subject to raids, including so-called sanctuary cities; there were 125 arrests in Central and South Texas, and the sanctuary city of Los Angeles alone saw 300 arrests.',
    '125 arrests', 125, 'exact', 'arrests', 'Central and South Texas',
  ],
  [
    'Twenty-four US cities were subject to raids, including so-called sanctuary cities; there were 125 arrests in Central and South Texas, and the sanctuary city of Los Angeles alone saw 300 arrests.',
    '300 arrests', 300, 'exact', 'arrests', 'Los Angeles',
  ],
  [
    'ICE, notorious for its misleading and shoddy bookkeeping, declared that approximately 85 percent of the arrests made were against individuals convicted of, or awaiting, criminal charges.',
    'approximately 85 percent', 85, 'about', 'percent',
  ],
  [
    'According to their calculations, this series of raids saw more than 300 confirmed collateral arrests, desirable to the agency',
    'more than 300 confirmed collateral arrests', 300, 'more-than', 'arrests',
  ],
  [
    'In recent weeks, it has also been reported that, over the course of the pandemic thus far, ICE has had more than 660 children held in US hotels waiting for deportation flights out of the United States.',
    'more than 660 children', 660, 'more-than', 'children',
  ],
  [
    "Since the agency's acknowledgement of the pandemic in March, more than 5,400 detainees have tested positive for COVID-19 while in ICE custody, and there are six confirmed COVID-19 deaths.",
    'more than 5,400 detainees', 5400, 'more-than', 'detainees',
  ],
  [
    "Since the agency's acknowledgement of the pandemic in March, more than 5,400 detainees have tested positive for COVID-19 while in ICE custody, and there are six confirmed COVID-19 deaths.",
    'six confirmed COVID-19 deaths', 6, 'exact', 'deaths',
  ],
  [
    'A significant number of outbreaks have also been reported among immigrants detained by ICE—19 detention centers reporting more than 100 cases, and several with more than 300 coronavirus cases.',
    '19 detention centers', 19, 'exact', 'centers',
  ],
  [
    'A significant number of outbreaks have also been reported among immigrants detained by ICE—19 detention centers reporting more than 100 cases, and several with more than 300 coronavirus cases.',
    'more than 100 cases', 100, 'more-than', 'cases',
  ],
  [
    "ICE's latest announcement in celebration of over 2,000 arrests comes directly after the Republican National Convention's (RNC) broadcast in prime-time of Trump's fascistic agenda.",
    'over 2,000 arrests', 2000, 'more-than', 'arrests',
  ],
  [
    'The mass raids and arrests have been carried during the one-year anniversary of the largest single immigrant raid on August 7, 2019, when an army of 650 ICE agents and heavily armed SWAT teams descended on seven poultry processing plants in Mississippi, arresting some 700 people regardless of status or citizenship.',
    '650 ICE agents', 650, 'exact', 'agents',
  ],
  [
    'The mass raids and arrests have been carried during the one-year anniversary of the largest single immigrant raid on August 7, 2019, when an army of 650 ICE agents and heavily armed SWAT teams descended on seven poultry processing plants in Mississippi, arresting some 700 people regardless of status or citizenship.',
    'seven poultry processing plants', 7, 'exact', 'other', 'Mississippi',
  ],
  [
    'The mass raids and arrests have been carried during the one-year anniversary of the largest single immigrant raid on August 7, 2019, when an army of 650 ICE agents and heavily armed SWAT teams descended on seven poultry processing plants in Mississippi, arresting some 700 people regardless of status or citizenship.',
    'some 700 people', 700, 'about', 'people',
  ],
  ['The day after the raid, 500 children did not show up to school.', '500 children', 500, 'exact', 'children'],
  [
    'ICE arrests nearly 600 immigrants in enforcement surge, targeting “uncooperative” local jurisdictions',
    'nearly 600 immigrants', 600, 'nearly', 'immigrants',
  ],
  [
    'According to recent news releases from the US Immigration and Customs Enforcement agency (ICE), a total of 597 immigrants were arrested during an “enforcement surge” across the United States spanning five days, from September 21 to 25.',
    '597 immigrants', 597, 'exact', 'immigrants',
  ],
  [
    'According to recent news releases from the US Immigration and Customs Enforcement agency (ICE), a total of 597 immigrants were arrested during an “enforcement surge” across the United States spanning five days, from September 21 to 25.',
    'five days', 5, 'exact', 'days',
  ],
  [
    'The press release noted that the surge arrests were part of nearly 1,300 ICE arrests made that week, meaning that 700 ICE arrests took place over and above the five-day operation.',
    'nearly 1,300 ICE arrests', 1300, 'nearly', 'arrests',
  ],
  [
    'The press release noted that the surge arrests were part of nearly 1,300 ICE arrests made that week, meaning that 700 ICE arrests took place over and above the five-day operation.',
    'five-day', 5, 'exact', 'days',
  ],
  [
    'The Trump administration’s coordinated attack on immigrants throughout 20 US states at the end of last month is the largest multi-state operation reported this year and is twice as large as the last five-day multi-state ICE operation in June, which arrested 299 immigrants across 12 states.',
    '12 states', 12, 'exact', 'states',
  ],
  [
    'Last month’s ICE roundup follows the ICE raids in August at multiple Mississippi poultry processing plants, which detained 680 workers.',
    '680 workers', 680, 'exact', 'workers',
  ],
  [
    'The operation saw the arrest of 97 immigrants across the Midwest; 82 immigrants in New York City, the Hudson Valley, and Long Island in New York; 80 across New England; 57 in Virginia and Washington, DC; 54 in New Jersey; 46 in Michigan and Ohio; 49 in north Texas and Oklahoma; 45 in south and central Texas; 45 in Pennsylvania; and 42 in Colorado and Wyoming.',
    '97 immigrants', 97, 'exact', 'immigrants', 'Midwest',
  ],
  [
    'The operation saw the arrest of 97 immigrants across the Midwest; 82 immigrants in New York City, the Hudson Valley, and Long Island in New York; 80 across New England; 57 in Virginia and Washington, DC; 54 in New Jersey; 46 in Michigan and Ohio; 49 in north Texas and Oklahoma; 45 in south and central Texas; 45 in Pennsylvania; and 42 in Colorado and Wyoming.',
    '82 immigrants', 82, 'exact', 'immigrants', 'New York City',
  ],
  [
    'The operation saw the arrest of 97 immigrants across the Midwest; 82 immigrants in New York City, the Hudson Valley, and Long Island in New York; 80 across New England; 57 in Virginia and Washington, DC; 54 in New Jersey; 46 in Michigan and Ohio; 49 in north Texas and Oklahoma; 45 in south and central Texas; 45 in Pennsylvania; and 42 in Colorado and Wyoming.',
    '80', 80, 'exact', 'immigrants', 'New England',
  ],
  [
    'The operation saw the arrest of 97 immigrants across the Midwest; 82 immigrants in New York City, the Hudson Valley, and Long Island in New York; 80 across New England; 57 in Virginia and Washington, DC; 54 in New Jersey; 46 in Michigan and Ohio; 49 in north Texas and Oklahoma; 45 in south and central Texas; 45 in Pennsylvania; and 42 in Colorado and Wyoming.',
    '57', 57, 'exact', 'immigrants', 'Virginia and Washington, DC',
  ],
  [
    'The operation saw the arrest of 97 immigrants across the Midwest; 82 immigrants in New York City, the Hudson Valley, and Long Island in New York; 80 across New England; 57 in Virginia and Washington, DC; 54 in New Jersey; 46 in Michigan and Ohio; 49 in north Texas and Oklahoma; 45 in south and central Texas; 45 in Pennsylvania; and 42 in Colorado and Wyoming.',
    '54', 54, 'exact', 'immigrants', 'New Jersey',
  ],
  [
    'The operation saw the arrest of 97 immigrants across the Midwest; 82 immigrants in New York City, the Hudson Valley, and Long Island in New York; 80 across New England; 57 in Virginia and Washington, DC; 54 in New Jersey; 46 in Michigan and Ohio; 49 in north Texas and Oklahoma; 45 in south and central Texas; 45 in Pennsylvania; and 42 in Colorado and Wyoming.',
    '49', 49, 'exact', 'immigrants', 'north Texas and Oklahoma',
  ],
  [
    'The operation saw the arrest of 97 immigrants across the Midwest; 82 immigrants in New York City, the Hudson Valley, and Long Island in New York; 80 across New England; 57 in Virginia and Washington, DC; 54 in New Jersey; 46 in Michigan and Ohio; 49 in north Texas and Oklahoma; 45 in south and central Texas; 45 in Pennsylvania; and 42 in Colorado and Wyoming.',
    '42', 42, 'exact', 'immigrants', 'Colorado and Wyoming',
  ],
  [
    'According to ICE statistics published in July, there have been 326,876 ICE Enforcement and Removal Operations (ERO) arrests since the start of the 2017 fiscal year to March of this year.',
    '326,876 ICE Enforcement and Removal Operations (ERO) arrests', 326876, 'exact', 'arrests',
  ],
  [
    'In comparison, under Obama, the “deporter-in-chief,” there were more than 1.8 million ICE ERO arrests during his two terms, with 322,093 arrests in 2011 alone.',
    'more than 1.8 million ICE ERO arrests', 1_800_000, 'more-than', 'arrests',
  ],
  [
    'In comparison, under Obama, the “deporter-in-chief,” there were more than 1.8 million ICE ERO arrests during his two terms, with 322,093 arrests in 2011 alone.',
    '322,093 arrests', 322093, 'exact', 'arrests',
  ],
  [
    'Since the start of the 2017 fiscal year, the CBP has made 1.5 million apprehensions.',
    '1.5 million apprehensions', 1_500_000, 'exact', 'apprehensions',
  ],
  [
    'Last month, the Trump administration continued its anti-democratic attacks on immigrants and refugees, lowering the cap on refugees seeking asylum in the US to 18,000—the lowest number since the current refugee program was established in 1980—and has banned asylum seekers from Central America.',
    '18,000', 18000, 'exact', 'refugees',
  ],
  [
    "The Democratic Party gave its support to Trump's anti-immigrant policies earlier this year by voting overwhelmingly to provide \\$4.6 billion in funding to ICE and CBP.",
    '$4.6 billion', 4_600_000_000, 'exact', 'money',
  ],
  [
    'The attacks by both factions of the ruling class on immigrants and refugees has come during an offensive of workers in North America, notably the strike by 48,000 GM workers.',
    '48,000 GM workers', 48000, 'exact', 'workers',
  ],
  [
    'According to the most recent statistics, 70 percent of the arrests ICE makes occur after the organization has been notified of an immigrant\'s pending release from state prison or local jail.',
    '70 percent', 70, 'exact', 'percent',
  ],
  [
    'In 2019, the agency claimed it arrested more than 160,000 immigrants this way.',
    'more than 160,000 immigrants', 160000, 'more-than', 'immigrants',
  ],
  [
    'On Monday, in another political action, ICE announced a dozen arrests in Mecklenburg County, North Carolina.',
    'a dozen arrests', 12, 'exact', 'arrests', 'Mecklenburg County, North Carolina',
  ],
  [
    'ICE officials claimed that six of the arrests included immigrants with criminal backgrounds and that sanctuary policies left them "free to reoffend until their capture."',
    'six of the arrests', 6, 'exact', 'arrests',
  ],
  [
    'The campaign, dubbed “Operation Safe City,” involved the arrests of 498 individuals over a four-day period ending Wednesday.',
    '498 individuals', 498, 'exact', 'people',
  ],
  [
    'The campaign, dubbed “Operation Safe City,” involved the arrests of 498 individuals over a four-day period ending Wednesday.',
    'four-day', 4, 'exact', 'days',
  ],
  [
    'Major metropolitan areas across the US were targeted in the latest ICE raids, including Los Angeles County (167 arrests), Philadelphia (107), Denver (63), New York (45), Seattle (33), Baltimore (28), Cook County, Illinois (30), San Jose (27), Washington, D.C. (14) as well as the entire state of Massachusetts (50).',
    '167 arrests', 167, 'exact', 'arrests', 'Los Angeles County',
  ],
  [
    'Major metropolitan areas across the US were targeted in the latest ICE raids, including Los Angeles County (167 arrests), Philadelphia (107), Denver (63), New York (45), Seattle (33), Baltimore (28), Cook County, Illinois (30), San Jose (27), Washington, D.C. (14) as well as the entire state of Massachusetts (50).',
    '107', 107, 'exact', 'arrests', 'Philadelphia',
  ],
  [
    'Major metropolitan areas across the US were targeted in the latest ICE raids, including Los Angeles County (167 arrests), Philadelphia (107), Denver (63), New York (45), Seattle (33), Baltimore (28), Cook County, Illinois (30), San Jose (27), Washington, D.C. (14) as well as the entire state of Massachusetts (50).',
    '30', 30, 'exact', 'arrests', 'Cook County, Illinois',
  ],
  [
    'Major metropolitan areas across the US were targeted in the latest ICE raids, including Los Angeles County (167 arrests), Philadelphia (107), Denver (63), New York (45), Seattle (33), Baltimore (28), Cook County, Illinois (30), San Jose (27), Washington, D.C. (14) as well as the entire state of Massachusetts (50).',
    '14', 14, 'exact', 'arrests', 'Washington, D.C.',
  ],
  [
    'Major metropolitan areas across the US were targeted in the latest ICE raids, including Los Angeles County (167 arrests), Philadelphia (107), Denver (63), New York (45), Seattle (33), Baltimore (28), Cook County, Illinois (30), San Jose (27), Washington, D.C. (14) as well as the entire state of Massachusetts (50).',
    '50', 50, 'exact', 'arrests', 'Massachusetts',
  ],
  [
    'The immigrants abducted in these raids represent a broad swath of the world’s population, coming from 42 countries.',
    '42 countries', 42, 'exact', 'countries',
  ],
  [
    'They then claim that 317 of those detained had prior criminal convictions, implying that 181 had no criminal record whatsoever.',
    '317 of those detained', 317, 'exact', 'detainees',
  ],
  [
    'They then claim that 317 of those detained had prior criminal convictions, implying that 181 had no criminal record whatsoever.',
    '181', 181, 'exact', 'detainees',
  ],
  [
    'The most common offense cited by ICE was drunk driving, for which 86 of the undocumented immigrants have been detained and face deportation.',
    '86 of the undocumented immigrants', 86, 'exact', 'immigrants',
  ],
  [
    'The new ban is being implemented after the 90-day lifespan of the initial Supreme Court-sanctioned ban elapsed.',
    '90-day', 90, 'exact', 'days',
  ],
  [
    'Further escalating the clampdown on immigration, Trump announced on Friday in a letter to Secretary of State Rex Tillerson that the number of refugees allowed into the US next year would be capped at 45,000, the lowest number since 1980.',
    '45,000', 45000, 'exact', 'refugees',
  ],
  [
    '*Politico* found that the monthly average of visitor visas granted to the countries affected by the bans has fallen by 44 percent compared to annual data for 2016.',
    '44 percent', 44, 'exact', 'percent',
  ],
  [
    'Overall, the *Politico* report found that “non-immigrant visas to people from all Arab nations fell 16 percent and the number issued to people from the world’s nearly 50 majority-Muslim countries fell 8 percent, even as the number issued to people from all nations was virtually unchanged.”',
    'nearly 50 majority-Muslim countries', 50, 'nearly', 'countries',
  ],
];

describe('extractFigures: figures written in the articles', () => {
  it('the table has at least 40 figures, each from a sentence of the corpus', () => {
    expect(ARTICLE_FIGURES.length).toBeGreaterThanOrEqual(40);
    for (const [sentence] of ARTICLE_FIGURES) expect(corpusText.includes(sentence), sentence).toBe(true);
  });

  it.each(ARTICLE_FIGURES)('%s → %j', (sentence, text, value, qualifier, kind, place) => {
    const mention = findMention(sentence, text);
    expect(mention, `no figure "${text}"`).toBeDefined();
    expect(mention).toMatchObject({ value, qualifier, kind });
    expect(mention!.place).toBe(place);
    expect(sentence.slice(mention!.start, mention!.end)).toBe(text);
  });

  it('records the counted noun in singular lower case', () => {
    const nouns = (sentence: string) => extractFigures(sentence).map((m) => m.noun);
    expect(nouns('the arrests of 498 individuals and 20 US States')).toEqual(['individual', 'state']);
    expect(nouns('more than 660 children and 5,400 detainees')).toEqual(['child', 'detainee']);
    expect(nouns('85 percent, 3% and $4.6 billion')).toEqual(['percent', 'percent', 'dollar']);
  });

  it('names the operation of the sentence', () => {
    const sentence =
      'The campaign, dubbed “Operation Safe City,” involved the arrests of 498 individuals over a four-day period ending Wednesday.';
    expect(extractFigures(sentence).map((m) => m.operation)).toEqual(['Operation Safe City', 'Operation Safe City']);
    expect(findMention('The operation was called “sanctuary op,” and 50 agents joined.', '50 agents')?.operation).toBe(
      'sanctuary op',
    );
    expect(findMention('ICE arrested 50 people in the sweep.', '50 people')?.operation).toBeUndefined();
  });

  it('uses options.knownOperations and options.knownPlaces', () => {
    const sentence = 'The Safe City campaign led to 30 arrests in DFW.';
    const plain = findMention(sentence, '30 arrests');
    expect(plain?.place).toBeUndefined();
    expect(plain?.operation).toBeUndefined();
    const withOptions = extractFigures(sentence, { knownPlaces: ['DFW'], knownOperations: ['Safe City'] });
    expect(withOptions[0]).toMatchObject({ text: '30 arrests', place: 'DFW', operation: 'Safe City' });
  });

  it('matches known names whatever their quote marks', () => {
    const sentence = 'ICE\u2019s Operation \u201CSafe City\u201D took 498 individuals.';
    const [mention] = extractFigures(sentence, { knownOperations: ['Operation "Safe City"'] });
    expect(mention?.operation).toBe('Operation "Safe City"');
    expect(extractFigures(sentence)[0]?.operation).toBe('Operation Safe City');
  });

  it('keeps operation and list kinds within their sentence', () => {
    const text = 'Operation Safe City took 498 individuals. Denver (63) was quiet. 50 were freed.';
    const mentions = extractFigures(text);
    expect(mentions.map((m) => m.text)).toEqual(['498 individuals']);
  });
});

describe('extractFigures without places and operations', () => {
  it('reads the same figures of every article, leaving out only place and operation', () => {
    const described = corpus.map(({ text }) => extractFigures(text));
    expect(described.flat().filter((m) => m.place !== undefined).length).toBeGreaterThan(5);
    expect(described.flat().filter((m) => m.operation !== undefined).length).toBeGreaterThan(2);
    const plain = described.map((mentions) => mentions.map(({ place: _place, operation: _operation, ...rest }) => rest));
    expect(corpus.map(({ text }) => extractFigures(text, { describe: false }))).toEqual(plain);
  });
});

describe('extractFigures: every figure of each article', () => {
  const EXPECTED: Record<string, string[]> = {
    '000_bd770002ba011dc8.txt': [
      '2,000 immigrants', 'more than 2,000 people', 'six weeks', 'Twenty-four US cities', '125 arrests', '300 arrests',
      'approximately 85 percent', 'more than 300 confirmed collateral arrests', 'more than 660 children',
      // "some as young as 10 years old" is an age.
      'more than 5,400 detainees', 'six confirmed COVID-19 deaths', '19 detention centers', 'more than 100 cases',
      'more than 300 coronavirus cases', 'eight years', 'over 2,000 arrests', 'one-year', '650 ICE agents',
      'seven poultry processing plants', 'some 700 people', '500 children',
    ],
    '001_f2e3f6514b1f1602.txt': [
      'nearly 600 immigrants', '597 immigrants', 'five days', 'nearly 1,300 ICE arrests', '700 ICE arrests', 'five-day',
      '20 US states', 'five-day', '299 immigrants', '12 states', '680 workers', '97 immigrants', '82 immigrants', '80', '57',
      '54', '46', '49', '45', '45', '42', 'six continents', '326,876 ICE Enforcement and Removal Operations (ERO) arrests',
      'more than 1.8 million ICE ERO arrests', 'two terms', '322,093 arrests', '1.5 million apprehensions', '18,000',
      '$4.6 billion', '48,000 GM workers',
    ],
    '002_d33cc4e1966734d5.txt': [],
    '003_13c3fd6e79055f7b.txt': [
      'three federal officials', 'Two officials', '70 percent', 'more than 160,000 immigrants', 'a dozen arrests',
      'six of the arrests',
    ],
    '004_f192af33ea0bcae1.txt': [
      'nearly 500 immigrants', '498 individuals', 'four-day', '167 arrests', '107', '63', '45', '33', '28', '30', '27', '14',
      '50', '42 countries', 'ten sensationalized stories', '317 of those detained', '181', '86 of the undocumented immigrants',
      // "the two previous travel bans" names bans already known: not a count.
      '90-day', '45,000', '44 percent', '16 percent', 'nearly 50 majority-Muslim countries',
      '8 percent',
    ],
  };

  it('covers every corpus file', () => {
    expect(corpus.map((file) => file.name)).toEqual(Object.keys(EXPECTED));
  });

  it.each(corpus)('$name', ({ name, text }) => {
    const mentions = extractFigures(text);
    expect(mentions.map((m) => m.text)).toEqual(EXPECTED[name]);
    for (const mention of mentions) expect(text.slice(mention.start, mention.end)).toBe(mention.text);
  });

  it.each(corpus)('$name: no figure is a year, a date or COVID-19', ({ text }) => {
    const forbidden: Array<[number, number]> = [];
    const patterns = [
      /\b(?:19|20)\d\d\b/g,
      /\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}(?: to \d{1,2})?/g,
      /\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December)\b/g,
      /COVID-19/g,
    ];
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) forbidden.push([match.index, match.index + match[0].length]);
    }
    expect(forbidden.length).toBeGreaterThan(0);
    for (const mention of extractFigures(text)) {
      for (const [from, to] of forbidden) {
        const numberStartsInside = /\d/.test(text.slice(Math.max(from, mention.start), Math.min(to, mention.end)));
        const spanIsTheNumber = mention.start >= from && mention.start < to;
        expect(spanIsTheNumber, `${mention.text} starts in ${text.slice(from, to)}`).toBe(false);
        if (!text.slice(from, to).startsWith('COVID')) {
          expect(numberStartsInside, `${mention.text} overlaps ${text.slice(from, to)}`).toBe(false);
        }
      }
    }
  });
});

describe('extractFigures: not figures', () => {
  it.each([
    ['a year', 'In 2019, the agency said so.'],
    ['a year after since', 'the lowest number since 1980'],
    ['a fiscal year', 'since the start of the 2017 fiscal year'],
    ['an election year', 'for electing a sheriff in 2018 who ended cooperation'],
    ['the 2018 election', 'before the 2018 election'],
    ['a date range', 'from September 21 to 25.'],
    ['a day-month-year date', '4 September 2020'],
    ['a month-day-year date', 'on August 7, 2019, when'],
    ['COVID-19', 'tested positive for COVID-19 while in custody'],
    ['page furniture', 'Page 2'],
    ['a comment count', '12 comments'],
    ['a reading time', '3 min read'],
    ['ordinals', 'the 2nd raid, the 1st arrest and the Fourth International'],
    ['a clock time', 'at 10:30 a.m. and again at 5 pm'],
    ['phone numbers', 'Call (555) 123-4567 or 555-123-4567.'],
    ['a number inside a word', 'Visit socialism2020.org to sign up'],
    ['vague amounts', 'dozens of arrests, hundreds of armed forces, thousands of immigrants and tens of millions of workers'],
    ['"one" without a counted noun', 'at least one of the jurisdictions, one of our sister parties, one and the same'],
    ['a law section', 'Title 42 and Section 287(g)'],
    ['a modifier that is not a unit', 'a 12-point plan for H-1B visas'],
  ])('%s', (_label, text) => {
    expect(extractFigures(text)).toEqual([]);
  });

  // Phrases from saved news pages; each sits next to a topical word so only the rule keeps it out.
  it.each([
    ['an age, hyphenated', 'Parata and his 22-year-old son were called to the deportation hearing.'],
    ['an age, capitalised', 'Couple Finds 50-Year-Old Fallout Shelter Near Border'],
    ['an age in months', 'deported with her 10-month-old baby'],
    ['an age, plural noun', 'asylum for 15-year-olds'],
    ['an age in words', 'He was just seven years old when ICE detained his father.'],
    ['an age with a scale', 'a mammal at least 16 million years old, older than any migrant species'],
    ['an age of thousands', 'the kauri tree, which may be 2,000 years old, near the detention centre'],
    ['an age "of age"', 'immigrants 18 years of age'],
    ['an age range', 'schooling is compulsory for immigrant children aged 6 to 16, with most from the age of 5.'],
    ['an age bound', 'immigrant adults (aged 15 years and over)'],
    ['an age range in words', 'refugees aged between eighteen and 30 people said'],
    ['a comment timestamp', '34,659 comments - 3 days ago'],
    ['an hour timestamp', 'Arrests at the border: 15 hours ago'],
    ['a time in prose', 'the raid took place four years ago'],
    ['a subscription offer', 'Subscribe - 30 days free'],
    ['"one of"', "Sudan's status as one of the few countries that remain on the terror list for deportation"],
    ['"one of" with digits', '1 of the arrests was made in Texas'],
    ['a number word after "the"', 'contact is maintained between the two countries on immigration'],
    ['a number word after "these"', 'these three officials said the arrests went ahead'],
    ['a superlative', 'Of the seven largest cities, Christchurch saw the most arrests'],
    ['a superlative with digits', 'immigration arrests in the 10 largest cities'],
    ['"most" before the noun', 'raids in the 5 most populous states'],
    ['a rate "for every"', 'more than one new migrant for every 100 New Zealand residents'],
    ['a rate "per"', 'about 3 arrests per 1,000 residents'],
    ['a ratio "1 in 5"', 'ICE held 1 in 5 detainees in solitary confinement'],
    ['a ratio in words', 'One in five detainees was held in solitary confinement'],
    ['a ratio in words mid-sentence', 'officials said nine in 10 arrests were made at homes'],
    ['a ratio "out of"', 'ICE made 2 out of 3 arrests at homes'],
    ['a hyphenated ratio', 'a 1-in-4 detainees rate of solitary confinement'],
    ['a decimal comma without evidence', 'el 1,3% de la superficie del país'],
    ['a comma fragment', 'a 12,50 percent share of immigrants'],
  ])('%s', (_label, text) => {
    expect(extractFigures(text).map((m) => m.text)).toEqual([]);
  });

  it.each([
    ['a count after an age', 'a 22-year-old and 30 people were arrested', '30 people'],
    ['a count after "aged"', 'migrants aged 18 to 25 made up 300 arrests', '300 arrests'],
    ['a determiner before digits', 'the 2,000 people arrested', '2,000 people'],
    ['a hyphenated duration after "the"', 'during the five-day operation', 'five-day'],
    ['a possessive before a number word', 'during his two terms', 'two terms'],
    ['a word ending in "est" that is no superlative', 'more than 40 protest arrests', 'more than 40 protest arrests'],
    ['a rate after a count is only a rate', 'more than 2,000 people in the raids', 'more than 2,000 people'],
    ['a count whose noun is followed by "per" and a word', 'nearly 1,300 ICE arrests per week', 'nearly 1,300 ICE arrests'],
    ['a span of years that is no age', 'arrested 12 people over 20 years of enforcement', '12 people'],
    ['a count after "N in" when N is larger', 'ICE arrested 40 in 3 states', '3 states'],
    ['a count after a year and "in"', 'in 2019 in 12 states, detainees died', '12 states'],
  ])('keeps %s', (_label, text, expected) => {
    expect(extractFigures(text).map((m) => m.text)).toContain(expected);
  });

  it('does not take a place from words that are not one', () => {
    expect(findMention('ICE holds 300 people in ICE custody.', '300 people')?.place).toBeUndefined();
    expect(findMention('ICE made 2,000 arrests in March.', '2,000 arrests')?.place).toBeUndefined();
    expect(findMention('2,000 arrests in Texas detention centers', '2,000 arrests')?.place).toBeUndefined();
    expect(findMention('more than 660 children held in US hotels', 'more than 660 children')?.place).toBeUndefined();
  });
});

describe('extractFigures: decimal commas', () => {
  it('reads "1,3" as 1.3 when the text writes thousands with dots', () => {
    const text = 'las reservaciones ocupan 80.000 kilómetros cuadrados, el 1,3% de la superficie';
    expect(extractFigures(text).map((m) => [m.text, m.value, m.kind])).toEqual([['1,3%', 1.3, 'percent']]);
  });

  it('reads numbers only decimal-comma notation writes', () => {
    const text = '1.234.567 people were counted; 12,5 percent were migrants';
    expect(extractFigures(text).map((m) => [m.text, m.value])).toEqual([
      ['1.234.567 people', 1_234_567],
      ['12,5 percent', 12.5],
    ]);
  });

  it('keeps English thousands separators in English texts', () => {
    expect(extractFigures('more than 1,300 arrests and 4.6 percent').map((m) => m.value)).toEqual([1300, 4.6]);
  });
});

describe('extractFigures: number words', () => {
  it.each([
    ['Twenty-four US cities', 24, 'cities'],
    ['a dozen arrests', 12, 'arrests'],
    ['two dozen agents', 24, 'agents'],
    ['six weeks', 6, 'weeks'],
    ['nineteen officers', 19, 'agents'],
    ['forty-five days', 45, 'days'],
    ['one ICE agent', 1, 'agents'],
    ['three hundred workers', 300, 'workers'],
    ['a million people', 1_000_000, 'people'],
    ['two million immigrants', 2_000_000, 'immigrants'],
    ['1.8 million arrests', 1_800_000, 'arrests'],
    ['$4.6 billion', 4_600_000_000, 'money'],
    ['4.6 billion dollars', 4_600_000_000, 'money'],
    ['45,000 refugees', 45_000, 'refugees'],
    ['a four-day period', 4, 'days'],
    ['the one-year anniversary', 1, 'years'],
    ['85%', 85, 'percent'],
    ['90 per cent', 90, 'percent'],
  ] as const)('%s', (text, value, kind) => {
    const [mention, ...rest] = extractFigures(text);
    expect(rest).toEqual([]);
    expect(mention).toMatchObject({ value, kind });
  });

  it('needs a plural noun after numbers other than one', () => {
    expect(extractFigures('five day')).toEqual([]);
    expect(extractFigures('45,000 refugee cap')).toEqual([]);
  });
});

describe('extractFigures: qualifiers', () => {
  it.each([
    ['500 people', 'exact'],
    ['more than 500 people', 'more-than'],
    ['over 500 people', 'more-than'],
    ['upwards of 500 people', 'more-than'],
    ['at least 500 people', 'at-least'],
    ['no fewer than 500 people', 'at-least'],
    ['nearly 500 people', 'nearly'],
    ['almost 500 people', 'nearly'],
    ['close to 500 people', 'nearly'],
    ['about 500 people', 'about'],
    ['some 500 people', 'about'],
    ['Some 500 people', 'about'],
    ['approximately 500 people', 'about'],
    ['around 500 people', 'about'],
    ['roughly 500 people', 'about'],
    ['an estimated 500 people', 'about'],
    ['fewer than 500 people', 'fewer-than'],
    ['less than 500 people', 'fewer-than'],
    ['under 500 people', 'fewer-than'],
    ['up to 500 people', 'up-to'],
    ['no more than 500 people', 'up-to'],
  ] as const)('%s', (text, qualifier) => {
    const [mention] = extractFigures(`ICE said ${text} were held.`);
    expect(mention).toMatchObject({ text, value: 500, kind: 'people', qualifier });
  });

  it('only reads a qualifier right before the number', () => {
    expect(findMention('over a four-day period', 'four-day')?.qualifier).toBe('exact');
    expect(findMention('over the course of six weeks', 'six weeks')?.qualifier).toBe('exact');
  });
});

describe('extractFigures: offsets', () => {
  it('maps offsets back through curly quotes, NBSP and line breaks', () => {
    const raw = 'ICE said \u201Cmore\u00A0than 2,000\npeople\u201D were held in Los\u00A0Angeles County (167\u00A0arrests).';
    const mentions = extractFigures(raw);
    expect(mentions.map((m) => [raw.slice(m.start, m.end), m.text])).toEqual([
      ['more\u00A0than 2,000\npeople', 'more\u00A0than 2,000\npeople'],
      ['167\u00A0arrests', '167\u00A0arrests'],
    ]);
    expect(mentions[0]).toMatchObject({ value: 2000, qualifier: 'more-than', kind: 'people' });
    expect(mentions[1]).toMatchObject({ value: 167, kind: 'arrests', place: 'Los Angeles County' });
  });

  it('reads a figure after a separating dash but not after a hyphen', () => {
    expect(extractFigures('detained by ICE\u201419 detention centers')[0]).toMatchObject({ text: '19 detention centers' });
    expect(extractFigures('detained by ICE-19 detention centers')).toEqual([]);
  });

  it('starts money at the dollar sign, skipping a markdown escape', () => {
    const raw = 'to provide \\$4.6 billion in funding';
    const [mention] = extractFigures(raw);
    expect(mention).toMatchObject({ text: '$4.6 billion', start: raw.indexOf('$'), value: 4_600_000_000 });
  });
});

describe('the words read after a number', () => {
  it.each([
    ['a two-word unit', 'Border arrests rose 12 per cent last year.', [['12 per cent', 'percent']]],
    ['capitalised names joined by "and" before the noun', 'Officers detained 120 ICE and CBP agents at the border.', [['120 ICE and CBP agents', 'agents']]],
    ['a partitive whose noun comes after the article', 'Agents arrested 14 of the 30 migrants.', [['30 migrants', 'immigrants']]],
    ['a noun past the lower-case fillers allowed', 'Some 300 new recently hired temporary federal immigration enforcement officers arrived.', []],
    ['a noun after punctuation', 'Agents counted 40, and arrests followed.', []],
  ])('%s', (_, sentence, expected) => {
    expect(extractFigures(sentence).map((figure) => [figure.text, figure.kind])).toEqual(expected);
  });
});
