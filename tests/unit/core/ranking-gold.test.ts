import { beforeAll, describe, expect, it } from 'vitest';
import type { FigureKind } from '../../../src/core/index/types';
import {
  passagesForEntity,
  passagesForFigure,
  passagesForText,
  type FigureHit,
  type PassageHit,
} from '../../../src/core/query/queries';
import { memorySource, type IndexSource } from '../../../src/core/query/source';
import { bundledCorpusIndex } from '../helpers/corpus';

/**
 * Hand-written gold list: a mention read on some other news site, the sentence
 * around it there (paraphrased, never copied from the corpus), and the corpus
 * passage a reader should see first. A passage is named by a phrase it contains
 * and its document's date; for figures the phrase also contains the figure.
 */
type Mention =
  | { entityId: string }
  | { figure: { kind: FigureKind; value: number; text?: string; place?: string; operation?: string } }
  | { text: string };

interface GoldRow {
  name: string;
  mention: Mention;
  page: string;
  expected: { phrase: string; date: string };
  /** 2 where another passage is just as right (the row says which). */
  within?: 1 | 2;
}

const GOLD: GoldRow[] = [
  // ICE: the page sentence decides which of its 45 passages is meant.
  {
    name: 'ICE, its full name on the page, + COVID in detention → the 5,400 infected detainees (Sep 2020)',
    mention: { entityId: 'agency:ice' },
    page: 'Thousands held by U.S. Immigration and Customs Enforcement have caught the coronavirus since the spring, with several dying in custody.',
    expected: { phrase: 'more than 5,400 detainees have tested positive', date: '2020-09-04' },
  },
  {
    name: 'ICE + a California sweep of sanctuary jurisdictions before the vote → the "sanctuary op" (Oct 2020)',
    mention: { entityId: 'agency:ice' },
    page: 'Immigration agents plan a crackdown beginning in California, then Denver and Philadelphia, weeks before the presidential vote.',
    expected: { phrase: 'informally known as the “sanctuary op,”', date: '2020-10-01' },
  },
  {
    name: 'ICE + a five-day surge of nearly 600 arrests → the September 2019 surge',
    mention: { entityId: 'agency:ice' },
    page: 'Federal agents picked up close to 600 non-citizens in a five-day nationwide push that ended on Sept. 25.',
    expected: { phrase: 'a total of 597 immigrants were arrested', date: '2019-10-07' },
  },
  {
    name: 'ICE + children held in hotels → the 660 children (Sep 2020)',
    mention: { entityId: 'agency:ice' },
    page: 'Migrant minors were kept in hotel rooms for weeks before being put on deportation flights.',
    expected: { phrase: 'more than 660 children held in US hotels', date: '2020-09-04' },
  },
  {
    name: 'ICE + Mecklenburg County sheriff → the dozen arrests (Oct 2020)',
    mention: { entityId: 'agency:ice' },
    page: 'The agency said it detained 12 people around Charlotte after the Mecklenburg sheriff stopped honoring its requests.',
    expected: { phrase: 'a dozen arrests in Mecklenburg County', date: '2020-10-01' },
  },
  {
    name: 'ICE + the Mississippi chicken plant raids → either account (Oct 2019 and Sep 2020 are equally right)',
    mention: { entityId: 'agency:ice' },
    page: 'Immigration officers swept through chicken processing plants in Mississippi, hauling away hundreds of employees.',
    expected: { phrase: 'Mississippi poultry processing plants', date: '2019-10-07' },
    within: 2,
  },
  {
    name: 'ICE + Homan on jurisdictions shielding criminals → the 2017 press release quote',
    mention: { entityId: 'agency:ice' },
    page: "The agency's acting chief Tom Homan argued that cities refusing detainers shelter dangerous offenders from deportation.",
    expected: { phrase: 'ICE Acting Director Thomas Homan', date: '2017-09-30' },
  },
  // BORTAC
  {
    name: 'BORTAC + Portland protests → the September 2020 article',
    mention: { entityId: 'unit:bortac' },
    page: 'Tactical Border Patrol officers were sent to Oregon to put down demonstrations against police brutality.',
    expected: { phrase: 'suppress police violence protests in Portland', date: '2020-09-04' },
  },
  {
    name: 'BORTAC + elite squads sent to Chicago and Houston → the February 2020 deployment',
    mention: { entityId: 'unit:bortac' },
    page: 'The White House is dispatching an elite Border Patrol tactical team to Chicago, Houston and other cities that limit cooperation.',
    expected: { phrase: 'SWAT-like unit known as BORTAC', date: '2020-02-17' },
  },
  // CBP
  {
    name: 'CBP + 1.5 million apprehensions → the 2019 comparison with ICE',
    mention: { entityId: 'agency:cbp' },
    page: 'Border agents have apprehended roughly a million and a half people since fiscal 2017, far outpacing interior arrests.',
    expected: { phrase: 'the CBP has made 1.5 million apprehensions', date: '2019-10-07' },
  },
  {
    name: 'CBP + federal officers at police-violence protests → the October 2020 article',
    mention: { entityId: 'agency:cbp' },
    page: 'Federal officers, CBP agents among them, have been policing demonstrations against police violence this summer.',
    expected: { phrase: 'already playing a role in suppressing protests against police violence', date: '2020-10-01' },
  },
  {
    name: 'CBP + Democrats funding the agencies → the $4.6 billion vote (Oct 2019)',
    mention: { entityId: 'agency:cbp' },
    page: 'House Democrats approved billions in new money for immigration enforcement agencies.',
    expected: { phrase: 'voting overwhelmingly to provide', date: '2019-10-07' },
  },
  // Sanctuary cities
  {
    name: 'sanctuary + not holding people in jail for ICE → how sanctuary protocols work (Oct 2020)',
    mention: { entityId: 'policy:sanctuary-cities' },
    page: 'Sanctuary cities decline to keep inmates in jail past their release date, and police there do not check immigration status for minor offenses.',
    expected: { phrase: 'Sanctuary protocols restrict the extent', date: '2020-10-01' },
  },
  {
    name: 'sanctuary + what the term means → the 2017 definition',
    mention: { entityId: 'policy:sanctuary-cities' },
    page: 'A "sanctuary city" is one where sizable immigrant communities pressure local police not to comply fully with deportation requests.',
    expected: { phrase: 'refers to those cities that', date: '2017-09-30' },
  },
  {
    name: 'sanctuary + threats of more enforcement in uncooperative places → the 2019 news release',
    mention: { entityId: 'policy:sanctuary-cities' },
    page: 'ICE warned local governments that refuse to work with it to expect more enforcement activity in their areas.',
    expected: { phrase: 'likely to see an increase in ICE enforcement activity', date: '2019-10-07' },
  },
  {
    name: 'sanctuary + busing migrants to San Francisco → the October 2020 article',
    mention: { entityId: 'policy:sanctuary-cities' },
    page: 'One plan would have bused migrants from the southern border to San Francisco.',
    expected: { phrase: 'busing migrants from the US-Mexico border', date: '2020-10-01' },
  },
  // Operation Safe City
  {
    name: 'Operation Safe City + officers denied access to jails → the press release quote',
    mention: { entityId: 'operation:safe-city' },
    page: 'The operation went after places where deportation officers cannot get into jails to question suspects.',
    expected: { phrase: 'focused on cities and regions where ICE deportation officers are denied access', date: '2017-09-30' },
  },
  {
    name: 'Operation Safe City + the four-day total → the 498 arrests',
    mention: { entityId: 'operation:safe-city' },
    page: 'Agents made almost 500 arrests in four days, the agency announced.',
    expected: { phrase: 'the arrests of 498 individuals over a four-day period', date: '2017-09-30' },
  },
  // Officials
  {
    name: 'Matthew Albence + White House briefing → the 2019 article',
    mention: { entityId: 'person:matthew-albence' },
    page: 'At the White House, the acting ICE chief accused uncooperative jurisdictions of complicity in crime.',
    expected: { phrase: 'held a White House press briefing', date: '2019-10-07' },
  },
  {
    name: 'Henry Lucero + "we never said we would stop arresting" → the September 2020 interview',
    mention: { entityId: 'person:henry-lucero' },
    page: 'Lucero insisted the agency never promised to stop arresting people during the pandemic, only to prioritize threats.',
    expected: { phrase: 'We never said we were going to stop arresting individuals', date: '2020-09-04' },
  },
  {
    name: 'Henry Lucero + raiding homes because people stay home → the September 2020 article',
    mention: { entityId: 'person:henry-lucero' },
    page: 'Lucero explained that officers went to residences since so many people are staying home during the outbreak.',
    expected: { phrase: 'intentionally conducted at the homes of immigrants', date: '2020-09-04' },
  },
  {
    name: 'Henry Lucero + "the public is being misled" → the October 2020 statement',
    mention: { entityId: 'person:henry-lucero' },
    page: 'Lucero said the agency would not stand by while residents are misled about its public safety role.',
    expected: { phrase: 'cannot stand by idly while knowing the public is being misled', date: '2020-10-01' },
  },
  // Travel ban
  {
    name: 'travel ban + ACLU lawsuit → the ACLU statement',
    mention: { entityId: 'policy:travel-ban' },
    page: 'Civil liberties lawyers amended their lawsuit, calling the latest restrictions a Muslim ban in disguise.',
    expected: { phrase: 'ACLU has filed an amendment', date: '2017-09-30' },
  },
  {
    name: 'travel ban + visitor visas falling → the Politico data',
    mention: { entityId: 'policy:travel-ban' },
    page: 'Visitor visas issued to the affected countries dropped by 44% compared with 2016, Politico found.',
    expected: { phrase: 'monthly average of visitor visas', date: '2017-09-30' },
  },
  {
    name: 'travel ban + North Korea and Venezuela added → the new indefinite ban',
    mention: { entityId: 'policy:travel-ban' },
    page: 'The open-ended proclamation now also covers North Korea and Venezuela alongside Iran and Syria.',
    expected: { phrase: 'a new, indefinite travel ban', date: '2017-09-30' },
  },
  // Figures
  {
    name: '498 people in a sanctuary-city sweep → Operation Safe City',
    mention: { figure: { kind: 'people', value: 498, text: '498 people' } },
    page: 'Immigration officers took 498 people into custody in a four-day operation aimed at sanctuary cities.',
    expected: { phrase: '498 individuals', date: '2017-09-30' },
  },
  {
    name: 'more than 2,000 people in a six-week pandemic operation → the 2020 announcement',
    mention: { figure: { kind: 'people', value: 2000, text: 'over 2,000 people' } },
    page: 'ICE says it detained over 2,000 people across the country during a six-week operation amid the pandemic.',
    expected: { phrase: 'the arrest of more than 2,000 people', date: '2020-09-04' },
  },
  {
    name: '597 immigrants in an enforcement surge → the 2019 surge',
    mention: { figure: { kind: 'immigrants', value: 597, text: '597 immigrants' } },
    page: 'A five-day enforcement surge in late September netted 597 immigrants in 20 states.',
    expected: { phrase: 'a total of 597 immigrants', date: '2019-10-07' },
  },
  {
    name: '680 workers at Mississippi plants → the 2019 account',
    mention: { figure: { kind: 'workers', value: 680, text: '680 workers' } },
    page: 'Agents detained 680 workers at chicken processing plants across Mississippi in August 2019.',
    expected: { phrase: 'which detained 680 workers', date: '2019-10-07' },
  },
  {
    name: 'about 700 people at Mississippi plants → the 2020 account',
    mention: { figure: { kind: 'people', value: 700, text: 'About 700 people' } },
    page: 'About 700 people were arrested when hundreds of agents raided food processing plants in Mississippi.',
    expected: { phrase: 'arresting some 700 people', date: '2020-09-04' },
  },
  {
    name: '$4.6 billion for ICE and CBP → the 2019 funding vote',
    mention: { figure: { kind: 'money', value: 4.6e9, text: '$4.6 billion' } },
    page: 'Congress approved $4.6 billion in emergency border money, much of it for the enforcement agencies.',
    expected: { phrase: '$4.6 billion in funding', date: '2019-10-07' },
  },
  {
    name: '85% with criminal records → the 2020 arrest statistics',
    mention: { figure: { kind: 'percent', value: 85, text: 'roughly 85%' } },
    page: 'According to ICE, roughly 85% of those detained had criminal convictions or pending charges.',
    expected: { phrase: 'approximately 85 percent of the arrests', date: '2020-09-04' },
  },
  {
    name: '70% of arrests after jail notifications → the October 2020 statistic',
    mention: { figure: { kind: 'percent', value: 70, text: 'About 70%' } },
    page: 'About 70% of ICE arrests happen after a jail tells the agency someone is about to be released.',
    expected: { phrase: '70 percent of the arrests ICE makes', date: '2020-10-01' },
  },
  {
    name: 'visas down 44% → the Politico finding',
    mention: { figure: { kind: 'percent', value: 44, text: '44%' } },
    page: 'Visitor visas for travelers from the listed countries fell 44% from 2016 levels.',
    expected: { phrase: 'fallen by 44 percent', date: '2017-09-30' },
  },
  {
    name: '300 arrests in Los Angeles → the 2020 breakdown by city',
    mention: { figure: { kind: 'arrests', value: 300, text: '300 arrests', place: 'Los Angeles' } },
    page: 'Los Angeles alone accounted for 300 arrests in the six-week operation.',
    expected: { phrase: 'Los Angeles alone saw 300 arrests', date: '2020-09-04' },
  },
  {
    name: '5,400 people in detention infected → the 2020 COVID detainee figure',
    mention: { figure: { kind: 'people', value: 5400, text: 'More than 5,400 people' } },
    page: 'More than 5,400 people in immigration detention have tested positive for the coronavirus.',
    expected: { phrase: 'more than 5,400 detainees', date: '2020-09-04' },
  },
  {
    name: 'refugee cap of 18,000 → the 2019 cap, not the 2017 one',
    mention: { figure: { kind: 'refugees', value: 18000, text: '18,000' } },
    page: 'The administration cut refugee admissions to 18,000, a record low, and barred Central American asylum seekers.',
    expected: { phrase: 'to 18,000', date: '2019-10-07' },
  },
  {
    name: 'about 600 arrests in a five-day surge → the 597 immigrants, not the other 700 arrests that week',
    mention: { figure: { kind: 'arrests', value: 600, text: 'close to 600 arrests' } },
    page: 'ICE made close to 600 arrests in a five-day enforcement surge aimed at uncooperative jurisdictions.',
    expected: { phrase: 'a total of 597 immigrants', date: '2019-10-07' },
  },
  {
    name: 'about 700 workers seized at Mississippi plants → either account of the raid (680 workers, some 700 people), not "700 ICE arrests"',
    mention: { figure: { kind: 'workers', value: 700, text: 'roughly 700 workers' } },
    page: 'The raids on Mississippi poultry plants swept up roughly 700 workers in a single day.',
    expected: { phrase: 'arresting some 700 people', date: '2020-09-04' },
    within: 2,
  },
  {
    name: '2,000 arrests in the pandemic operation → the six-week raids (the later "over 2,000 arrests" recap in the same article is as right)',
    mention: { figure: { kind: 'arrests', value: 2000, text: 'more than 2,000 arrests' } },
    page: 'The six-week nationwide operation during the pandemic led to more than 2,000 arrests, ICE said.',
    expected: { phrase: 'the arrest of more than 2,000 people', date: '2020-09-04' },
    within: 2,
  },
  {
    name: 'nearly 500 people in Operation Safe City (operation read on the page) → the 498 individuals',
    mention: { figure: { kind: 'people', value: 500, text: 'nearly 500 people', operation: 'Operation Safe City' } },
    page: 'Operation Safe City ended with nearly 500 people in custody.',
    expected: { phrase: '498 individuals', date: '2017-09-30' },
  },
  {
    name: '500 children missing school after the raid → the Mississippi aftermath',
    mention: { figure: { kind: 'children', value: 500, text: '500 pupils' } },
    page: 'The morning after the plant raids, 500 pupils were absent from class.',
    expected: { phrase: '500 children did not show up to school', date: '2020-09-04' },
  },
  {
    name: '82 immigrants in New York City → the 2019 surge breakdown',
    mention: { figure: { kind: 'immigrants', value: 82, text: '82 immigrants', place: 'New York City' } },
    page: 'In New York City and on Long Island, 82 immigrants were arrested during the surge.',
    expected: { phrase: '82 immigrants in New York City', date: '2019-10-07' },
  },
  {
    name: '300 collateral arrests → the collateral count, not the 300 arrests in Los Angeles',
    mention: { figure: { kind: 'arrests', value: 300, text: 'Over 300' } },
    page: 'Over 300 of the people picked up were collateral arrests, not the targets of the operation.',
    expected: { phrase: 'more than 300 confirmed collateral arrests', date: '2020-09-04' },
  },
  {
    name: '45 immigrants, place named only in the page sentence → south and central Texas, not Pennsylvania or New York',
    mention: { figure: { kind: 'immigrants', value: 45, text: '45 immigrants' } },
    page: 'Officers arrested 45 immigrants in south and central Texas during the five-day sweep.',
    expected: { phrase: '45 in south and central Texas', date: '2019-10-07' },
  },
  {
    name: '45 immigrants, place named only in the page sentence → Pennsylvania, the other 45 of the same list',
    mention: { figure: { kind: 'immigrants', value: 45, text: '45 immigrants' } },
    page: 'In Pennsylvania, 45 immigrants were taken into custody during the surge.',
    expected: { phrase: '45 in Pennsylvania', date: '2019-10-07' },
  },
  {
    name: 'nearly 600 arrests, little said around it → 597 (the same count) over 700 ICE arrests (the same noun)',
    mention: { figure: { kind: 'arrests', value: 600, text: 'Nearly 600 arrests' } },
    page: 'Nearly 600 arrests were reported.',
    expected: { phrase: 'a total of 597 immigrants', date: '2019-10-07' },
  },
  {
    name: 'detainees and drunk driving → the 86 held for drunk driving, not the 181 or 317 of the sentence before',
    mention: { figure: { kind: 'detainees', value: 120, text: 'About 120 of those held' } },
    page: 'About 120 of those held faced drunk-driving charges, the most common offense, officials said.',
    expected: { phrase: '86 of the undocumented immigrants', date: '2017-09-30' },
  },
  // Free text
  {
    name: 'text "refugee cap" + the 2019 ceiling → the 2019 passage',
    mention: { text: 'refugee cap' },
    page: 'The refugee ceiling for next year was lowered to 18,000, the lowest since the program began in 1980.',
    expected: { phrase: 'lowering the cap on refugees seeking asylum', date: '2019-10-07' },
  },
  {
    name: 'text "travel ban" + ACLU → the ACLU statement',
    mention: { text: 'travel ban' },
    page: 'The ACLU said it would challenge the new ban in court.',
    expected: { phrase: 'ACLU has filed an amendment', date: '2017-09-30' },
  },
  {
    name: 'text "snipers" → the BORTAC squads passage',
    mention: { text: 'snipers' },
    page: 'The squads have special-forces style training.',
    expected: { phrase: 'include members trained as snipers', date: '2020-02-17' },
  },
  {
    name: 'text "ankle monitors" + mothers awaiting deportation → the Clarion Ledger report',
    mention: { text: 'ankle bracelets' },
    page: 'A year later, mothers wear ankle monitors while their children fall behind in school.',
    expected: { phrase: 'kept at home with ankle bracelets', date: '2020-09-04' },
  },
];

let source: IndexSource;
beforeAll(async () => {
  source = memorySource(await bundledCorpusIndex());
});

async function rank(row: GoldRow): Promise<PassageHit[]> {
  const { mention, page } = row;
  const limit = 20;
  if ('entityId' in mention) return (await passagesForEntity(source, { entityId: mention.entityId, context: page, limit })).hits;
  if ('figure' in mention) return (await passagesForFigure(source, { ...mention.figure, context: page, limit })).hits;
  return (await passagesForText(source, { text: mention.text, context: page, limit })).hits;
}

const isExpected = (row: GoldRow, hit: PassageHit): boolean => {
  const at = hit.passage.text.indexOf(row.expected.phrase);
  if (hit.document.date !== row.expected.date || at < 0) return false;
  if (!('figure' in hit)) return true;
  // A figure row names the figure itself: it must lie inside the phrase.
  const { start, end } = (hit as FigureHit).figure;
  return start >= at && end <= at + row.expected.phrase.length;
};

const describeHit = (hit: PassageHit): string =>
  `${hit.document.date} ${'figure' in hit ? `[${(hit as FigureHit).figure.text}] ` : ''}${hit.passage.text.slice(0, 70)}`;

describe('ranking gold list', () => {
  it('has enough hand-written rows and every expected phrase exists in the corpus', async () => {
    expect(GOLD.length).toBeGreaterThanOrEqual(20);
    const index = await bundledCorpusIndex();
    for (const row of GOLD) {
      const doc = index.documents.find((d) => d.date === row.expected.date)!;
      const inDoc = index.passages.filter((p) => p.doc === doc.id && p.text.includes(row.expected.phrase));
      expect(inDoc, row.name).toHaveLength(1);
      // The page sentence is a paraphrase: it must not quote the expected passage.
      expect(inDoc[0]!.text.includes(row.page), row.name).toBe(false);
      // A figure mention is read from the page sentence.
      if ('figure' in row.mention) expect(row.page, row.name).toContain(row.mention.figure.text);
    }
  });

  it.each(GOLD)('$name', async (row) => {
    const hits = await rank(row);
    const position = hits.findIndex((hit) => isExpected(row, hit));
    const ranking = hits.slice(0, 4).map(describeHit).join('\n  ');
    expect(position, `ranked ${position + 1}:\n  ${ranking}`).toBeGreaterThanOrEqual(0);
    expect(position, `ranked ${position + 1}:\n  ${ranking}`).toBeLessThan(row.within ?? 1);
  });
});
