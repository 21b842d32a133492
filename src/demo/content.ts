/**
 * Demo content for Rostrum: an invented international-affairs institute, its
 * experts, tags, articles and audience portals. Loaded into an empty database
 * when ROSTRUM_DEMO=1 (see DESIGN.md §5).
 *
 * Everything here is fictional and was written for this product: the
 * institute, the people, the footnoted references and the image credits.
 * The analysis concerns real-world themes, in neutral language, and attributes
 * no quotation to any real person.
 *
 * Images are not stored here: `image.seed` and `portraitSeed` feed
 * `makeHeroImage` and `makePortrait` in ./images.ts.
 */

export interface DemoSite {
  name: string;
  tagline: string;
  /** Plain text, one or two sentences; for meta descriptions and the home page. */
  description: string;
  /** A CSS hex colour. */
  brandColor: string;
}

export interface DemoExpert {
  slug: string;
  name: string;
  position: string;
  affiliation: string;
  /** Plain text, two or three sentences. */
  bio: string;
  /** Seed for `makePortrait(seed, name)`. */
  portraitSeed: number;
}

export type DemoTagKind = 'topic' | 'region' | 'country';

export interface DemoTag {
  slug: string;
  name: string;
  kind: DemoTagKind;
}

export interface DemoImage {
  /** Seed for `makeHeroImage(seed, title)`. */
  seed: number;
  alt: string;
  credit: string;
  creditUrl?: string;
}

export interface DemoArticle {
  /** Slug of the author in `demoExperts`: the blog it appears on. */
  expert: string;
  /** Slugs of the experts who wrote it too, in byline order. */
  coauthors?: string[];
  /** Unique within the expert's blog. */
  slug: string;
  title: string;
  /** One paragraph, plain text. */
  lead: string;
  /** Markdown with headings, quotations, lists, tables and footnotes. */
  body: string;
  /** Slugs from `demoTags`. */
  tags: string[];
  /** ISO 8601 timestamp (UTC). */
  publishedAt: string;
  image: DemoImage;
  /** Exactly one demo article is featured. */
  featured?: boolean;
}

export type DemoPortalSlug = 'business' | 'researchers' | 'students';

export interface DemoPortal {
  slug: DemoPortalSlug;
  title: string;
  /** Markdown, two short paragraphs. */
  intro: string;
  /** Article references in the form 'expert-slug/article-slug'. */
  featured: string[];
}

/** Tagged template for Markdown blocks: drops the leading and trailing blank lines. */
function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  return String.raw({ raw: strings }, ...values).trim();
}

export const demoSite: DemoSite = {
  name: 'Wrenfield Institute for International Affairs',
  tagline: 'Independent analysis for a crowded world',
  description:
    'The Wrenfield Institute is an independent, non-partisan research institute publishing expert analysis on energy, trade, technology and security across Eurasia and the Arctic. (A fictional institution: Rostrum’s demo content.)',
  brandColor: '#1f4f63',
};

export const demoExperts: DemoExpert[] = [
  {
    slug: 'maren-solheim',
    name: 'Maren Solheim',
    position: 'Senior Fellow, Energy and Arctic Programme',
    affiliation: 'Wrenfield Institute for International Affairs',
    bio: 'Maren Solheim leads the Institute’s work on European energy security, Arctic shipping and the geopolitics of the energy transition. Before joining the Institute she spent a decade as an analyst for an offshore engineering consultancy and later advised a parliamentary committee on petroleum and energy. She holds a doctorate in political economy and writes on gas markets, seabed infrastructure and mineral policy in the High North.',
    portraitSeed: 118,
  },
  {
    slug: 'daniyar-seitkali',
    name: 'Daniyar Seitkali',
    position: 'Senior Fellow, Central Asia Programme',
    affiliation: 'Wrenfield Institute for International Affairs',
    bio: 'Daniyar Seitkali studies the politics, economies and resource diplomacy of Central Asia, with a focus on water, transport corridors and the foreign policies of Kazakhstan and Uzbekistan. He previously worked for an international development bank on regional infrastructure projects and has taught comparative politics in Almaty and Berlin. His current research examines how the region’s states bargain over shared rivers in the absence of binding treaties.',
    portraitSeed: 104,
  },
  {
    slug: 'ananya-venkataraman',
    name: 'Ananya Venkataraman',
    position: 'Fellow, Trade and Technology Programme',
    affiliation: 'Wrenfield Institute for International Affairs',
    bio: 'Ananya Venkataraman works where trade policy, technology and economic security meet: export controls, sanctions and semiconductor supply chains. She was previously a trade negotiator and then a researcher at a policy institute in New Delhi, where she worked on food trade and agricultural markets. She writes on how governments use economic interdependence as an instrument of statecraft, and at what cost.',
    portraitSeed: 110,
  },
];

export const demoTags: DemoTag[] = [
  { slug: 'energy', name: 'Energy', kind: 'topic' },
  { slug: 'trade', name: 'Trade', kind: 'topic' },
  { slug: 'security', name: 'Security', kind: 'topic' },
  { slug: 'technology', name: 'Technology', kind: 'topic' },
  { slug: 'water', name: 'Water', kind: 'topic' },
  { slug: 'food-security', name: 'Food security', kind: 'topic' },
  { slug: 'sanctions', name: 'Sanctions', kind: 'topic' },
  { slug: 'central-asia', name: 'Central Asia', kind: 'region' },
  { slug: 'arctic', name: 'Arctic', kind: 'region' },
  { slug: 'middle-east', name: 'Middle East', kind: 'region' },
  { slug: 'indo-pacific', name: 'Indo-Pacific', kind: 'region' },
  { slug: 'kazakhstan', name: 'Kazakhstan', kind: 'country' },
  { slug: 'uzbekistan', name: 'Uzbekistan', kind: 'country' },
  { slug: 'norway', name: 'Norway', kind: 'country' },
  { slug: 'india', name: 'India', kind: 'country' },
];

export const demoArticles: DemoArticle[] = [
  // ---------------------------------------------------------------- Maren Solheim
  {
    expert: 'maren-solheim',
    slug: 'northern-sea-route-uneven-revival',
    title: 'Ice, Insurance and Intent: Reading the Northern Sea Route’s Uneven Revival',
    lead: 'Traffic on the Arctic’s shortest sea lane has grown, but the route remains a seasonal, state-managed corridor rather than a rival to Suez. The constraints that matter most are not on the ice charts: they are ice-class tonnage, insurance and political risk.',
    tags: ['arctic', 'trade', 'sanctions', 'security'],
    publishedAt: '2025-02-18T08:00:00.000Z',
    image: {
      seed: 1101,
      alt: 'Abstract illustration of grey-blue ridges under a cold, pale sky, crossed by survey contour lines and a dashed sea route.',
      credit: 'Northlight Editorial Images',
      creditUrl: 'https://example.org/northlight',
    },
    body: md`
## A corridor measured in weeks

The Northern Sea Route — the shipping lanes along Russia's Arctic coast between the Kara Gate and the Bering Strait — has a talent for producing headlines out of proportion to its traffic. Each summer brings a record of some kind: an earlier first transit, a larger vessel, a new type of cargo. Each winter the route returns to what it mostly is: a supply line for Arctic energy and mining projects, kept open by nuclear icebreakers and governed by a single coastal state.

Both pictures are accurate. The error is to read the summer record as a trend line for global trade. Transit voyages between Europe and Asia remain a small fraction of those through the Suez Canal, and the navigable season for ordinary vessels is still measured in weeks rather than months.[^1] The route's revival is real, but it is uneven, and its drivers have less to do with ice than with politics and finance.

## Three constraints the ice charts do not show

Retreating sea ice has lengthened the season and eased conditions in many years. Yet three other constraints now shape the route's use at least as much as the ice itself:

1. **Ice-class tonnage.** Navigation outside the short summer window requires ships built to demanding ice-class standards. Few such vessels exist outside the fleets serving Arctic energy projects, and building them takes years and specialised yards.
2. **Insurance and finance.** Marine insurers price Arctic voyages cautiously because of remoteness, limited salvage capacity and the difficulty of responding to a spill. Since 2022, Western insurers, banks and classification societies have also had to weigh sanctions exposure.
3. **Regulatory discretion.** Passage requires permission from the Russian route administration, which sets conditions on vessel class, icebreaker escort and timing. The rules are extensive and can change with little notice.

> The route is short in nautical miles and long in paperwork. For most shippers, the second measure decides.

## Who actually uses the route

Most cargo on the Northern Sea Route is destinational — shipped to or from Arctic ports rather than through the route from one ocean to the other. Liquefied natural gas, crude oil, metals and construction materials for Arctic projects dominate volumes. Transit cargo between Europe and Asia, by contrast, has been concentrated among a small number of carriers prepared to accept reputational and regulatory risks that mainstream container lines have avoided.

The distinction matters for policy. A route used primarily to export Arctic resources is an instrument of national resource development; a route used by the world's shipping lines would be an artery of global trade. The first is what exists. The second remains, for now, a projection.

## Sanctions as a second climate

Sanctions have become, in effect, a second climate for Arctic shipping — a set of conditions as consequential as ice thickness and as hard to forecast. Restrictions on technology transfers, financing and services have slowed the construction of ice-class LNG carriers and complicated the operation of existing ones.[^2] The result is a route served by a narrower set of shipowners, flag states and insurers, some of them new to the trade.

That narrowing raises safety and environmental questions that extend well beyond the route's users. Vessels with opaque ownership or thin insurance cover, operating in remote and ice-infested waters, increase the risk that an accident will go unaddressed — or be paid for by coastal communities and ecosystems rather than by the responsible operator.

## What to watch

- **Deliveries of ice-class vessels**, which will decide whether export volumes from Arctic projects can grow.
- **Participation of Asian shipping lines** beyond occasional voyages, which would signal that transit cargo is moving from experiment to routine.
- **Search-and-rescue and spill-response capacity** along the route, which has lagged behind the growth of traffic.
- **Circumpolar cooperation**, including the working groups on shipping, emergency response and the marine environment that once made the Arctic a model of low-tension governance.

## Implications for Europe and Asia

For European governments, the question is less whether the Northern Sea Route will rival Suez than how a growing and less transparent fleet operating in fragile waters can be monitored. Norway, whose waters form the western approach to the route, has a particular interest in maritime domain awareness, port state control and emergency preparedness in the Barents Sea.

For Asian importers, the route offers a potential supply line for Arctic energy, but one that carries sanctions, insurance and reputational risks that are difficult to price. Governments and shipping companies in East and South Asia have approached it cautiously, and their choices will shape its trajectory more than any change in ice extent.

The Arctic will keep warming. Whether that produces a busier sea lane depends on decisions taken far from the ice edge — in shipyards, underwriting rooms and foreign ministries.

[^1]: "Transit" here means a voyage that begins and ends outside the route's waters. Voyages that load or discharge at Arctic ports are counted separately. Public statistics sometimes combine the two, which inflates impressions of transit growth.

[^2]: This article draws on the Institute's monitoring of publicly reported vessel movements and newbuilding orders. Counts are approximate and subject to revision.
    `,
  },
  {
    expert: 'maren-solheim',
    slug: 'norway-gas-dilemma',
    title: 'Norway’s Gas Dilemma: Europe’s Reliable Supplier in an Age of Managed Decline',
    lead: 'Norway became Europe’s largest gas supplier almost by default after 2022. Its challenge now is to remain a dependable partner while its fields mature, its climate commitments tighten and the pipelines on its seabed become a security concern in their own right.',
    tags: ['energy', 'norway', 'security', 'arctic'],
    publishedAt: '2025-06-24T08:00:00.000Z',
    image: {
      seed: 1102,
      alt: 'Abstract illustration of green hills rising in layers towards a low sun, with a dotted route and faint map contours.',
      credit: 'Rostrum Demo',
    },
    body: md`
## Reliability as a strategic asset

When pipeline gas from Russia to Europe fell away after 2022, Norway became the largest single supplier of gas to the European market almost by default. Its fields, pipelines and processing plants were already in place; what changed was their weight in Europe's energy security. Operators ran facilities harder, rescheduled maintenance and sought adjustments to production permits to maximise output. The system performed well, and its reliability became a strategic asset for the continent.

Reliability is not, however, a permanent property of a gas province. It depends on reservoirs, investment decisions and ageing infrastructure, and on political choices in Oslo about the future of petroleum activity. The next decade will test whether Norway can remain the dependable supplier Europe now assumes it to be while the shelf matures and climate commitments tighten.

## A maturing shelf

Many of the largest Norwegian gas fields have been producing for decades. Without new discoveries and continued investment in existing fields, output is expected to decline gradually over the coming decade and more steeply thereafter.[^1] Industry and government have responded with measures to extend the life of the province: tie-backs of smaller discoveries to existing infrastructure, compression upgrades and exploration in mature areas.

The Norwegian debate turns on how far to go. Supporters of continued exploration argue that Norwegian gas, produced with comparatively low emissions and delivered by pipeline, displaces higher-emission alternatives in Europe, and that petroleum revenues underpin the welfare state. Critics contend that new fields risk becoming stranded assets as European demand falls, and that continued exploration sits uneasily with international climate commitments.

Both sides agree on one point: decisions taken now will shape supply well into the 2030s, because the lead time from discovery to production is long.

## Seabed security

The pipelines linking Norwegian fields to terminals in Germany, Belgium, France and the United Kingdom run across hundreds of kilometres of seabed. So do power cables and data lines. The 2022 explosions that damaged the Nord Stream pipelines in the Baltic Sea showed how exposed such infrastructure can be, and how difficult it is to attribute an attack quickly.

Norway and its allies have since increased naval and coast guard patrols around critical infrastructure, expanded underwater surveillance and improved information-sharing between operators and the armed forces. These steps are necessary but costly, and they raise a question with no settled answer: who pays for protecting privately operated infrastructure whose disruption would be a matter of national and European security?

> Europe imported Norway's gas and, with it, a share of responsibility for the seabed it travels across.

## Electrification and the price of power

A distinctively Norwegian dimension of the debate concerns power from shore: supplying offshore installations with electricity from the mainland grid instead of gas turbines on the platforms. Electrification cuts emissions from production substantially and has been central to Norway's climate policy for the sector.

It also draws on a power system that households and industry depend on. When electricity prices in southern Norway rose sharply in recent years, the use of onshore power for offshore installations became politically contentious. The episode showed how energy security, climate policy and domestic affordability are intertwined — and how quickly a technical measure becomes a question of fairness.

## Three scenarios for the 2030s

1. **Managed plateau.** Continued investment in existing fields and nearby discoveries slows the decline; Norway remains Europe's anchor supplier into the 2030s as European demand gradually falls.
2. **Accelerated decline.** Reduced exploration and rising costs lead to a faster fall in output; Europe relies more on liquefied natural gas from global markets and accepts greater price volatility.
3. **Transition partnership.** Norway and its European partners pair gas supply with joint investment in carbon capture and storage, hydrogen and offshore wind, using existing infrastructure and expertise to shape the next energy system rather than only supply the current one.[^2]

The first scenario is the one most European planning implicitly assumes. The third is the one most worth working towards, because it treats Norway's decline as something to be planned jointly rather than discovered in a tight winter.

## Conclusion

Norway's gas dilemma is a European dilemma. The continent wants reliable supplies today and a rapid transition tomorrow, and Norway is being asked to deliver both. A partnership that recognises the real costs of security — in seabed protection, in infrastructure investment, in honest planning for decline — would serve both sides better than the current, largely implicit, arrangement.

[^1]: Official and industry projections differ on the pace of decline. The differences stem chiefly from assumptions about exploration success and investment in improved recovery from existing fields.

[^2]: Norway has injected carbon dioxide into geological formations beneath the North Sea since the 1990s, which gives it an unusual technical base for such a partnership.
    `,
  },
  {
    expert: 'maren-solheim',
    slug: 'hydrogen-corridors-diplomacy-before-engineering',
    title: 'Hydrogen Corridors Are Diplomacy Before They Are Engineering',
    lead: 'Plans to pipe or ship clean hydrogen from the Gulf and North Africa to Europe are usually judged on cost per kilogram. The harder questions are who bears the risk of stranded infrastructure, and whether exporting and importing states share a definition of “clean”.',
    tags: ['energy', 'technology', 'middle-east', 'trade'],
    publishedAt: '2025-09-16T08:00:00.000Z',
    image: {
      seed: 1204,
      alt: 'Abstract illustration of sand-coloured ridges beneath a pale sun, with a dotted route drawn across the sky.',
      credit: 'Sable & Lowe Pictures',
      creditUrl: 'https://example.org/sable-lowe',
    },
    body: md`
## The pitch and the gap

The case for importing clean hydrogen into Europe is straightforward on paper. Regions with abundant sun, wind and land — the Gulf, North Africa, parts of southern Europe — can produce renewable electricity more cheaply than northern Europe's industrial centres, and hydrogen made with that electricity could decarbonise steel, chemicals and fertiliser production where direct electrification is difficult. Corridors of pipelines and shipping routes would connect the two.

Several European governments have signed memoranda of understanding with prospective exporters, and many large projects have been announced. Far fewer have reached a final investment decision.[^1] The gap between announcement and investment is usually explained by cost: renewable hydrogen remains considerably more expensive than hydrogen made from natural gas. That is true but incomplete. The deeper obstacles concern risk, rules and trust — which makes hydrogen corridors a diplomatic project before they are an engineering one.

## Certification is foreign policy

A molecule of hydrogen looks the same whether it was made with solar power or coal-fired electricity. What makes it "clean" is a set of rules about how it was produced: the source of the electricity, whether that electricity was additional to what the grid would otherwise have had, whether production matched renewable generation in time and place, and what emissions occurred in conversion and transport.

Europe's rules on these questions are detailed and demanding. Exporting states must either adopt compatible standards or accept that their product will be valued differently. This is not merely a technical matter. It raises questions about whose standards govern a cross-border market, how compliance is verified in another jurisdiction, and whether exporters have a voice in rules that determine the value of their investments.

> The hardest part of a hydrogen corridor to build is not the pipeline. It is a shared definition of what flows through it.

## Who holds the risk?

Large hydrogen projects need long-term offtake contracts to secure financing. European industrial buyers, facing uncertain demand and intense competition, are reluctant to commit to volumes and prices a decade ahead. Exporting states and developers, for their part, are reluctant to build capacity without committed buyers.

Public instruments have begun to bridge the gap: auctions that pay the difference between the cost of clean hydrogen and a reference price, and state-backed purchasing schemes. These reduce risk but do not eliminate it, and they raise their own questions about public spending and fair competition.[^2] The allocation of stranded-asset risk — who pays if demand falls short or technology shifts — remains the central unresolved issue in most corridor negotiations.

## Ammonia first

Hydrogen is difficult to move over long distances. For shipping, it is usually converted into ammonia, which is easier to store and transport and already has a global trade. Ammonia can be used directly as a feedstock for fertiliser and chemicals, or "cracked" back into hydrogen at the destination, at a cost in energy and equipment.

The practical result is that the first international trade in clean hydrogen is likely to be a trade in clean ammonia, serving buyers who need ammonia itself. This is a more modest vision than the hydrogen economy of conference keynotes, but it builds on infrastructure and markets that already exist, and it lets exporters and importers learn to certify, contract and ship before larger commitments are made.

## What would make corridors credible

For European importers and prospective exporters alike, several steps would move corridors from memoranda to investments:

- **Mutual recognition of certification**, backed by joint verification bodies, so that exporters know in advance how their product will be treated.
- **Shared risk instruments**, in which importing governments, exporting governments and development banks each take defined shares of demand and price risk.
- **Anchor demand** from specific industrial clusters — steel, fertiliser, refining — rather than economy-wide targets.
- **Local benefits** in producing countries, including desalination capacity, domestic industrial use and skills, which strengthen political support for export projects.
- **Honest sequencing**, starting with ammonia and other derivatives before committing to large dedicated hydrogen pipelines.

## Conclusion

Hydrogen corridors will be built, if at all, on relationships of a kind energy trade has seldom required: long-term, rules-intensive and shared in their risks. Europe's partners in the Gulf and North Africa have the resources and, increasingly, the ambition to supply clean molecules. Whether they do so will depend on whether importers are willing to treat them as partners in rule-making rather than as suppliers to be certified from afar.

[^1]: Based on the Institute's tracking of publicly announced projects. Announced capacity greatly exceeds the capacity that has reached a final investment decision.

[^2]: Subsidy design also affects trade relations: support schemes that favour domestic producers can be read by partners as protectionism, even when that is not their purpose.
    `,
  },
  {
    expert: 'maren-solheim',
    slug: 'critical-minerals-high-north-permitting',
    title: 'Critical Minerals in the High North: Permitting, Not Geology, Sets the Pace',
    lead: 'The Nordic countries hold promising deposits of the minerals that batteries, magnets and power grids require. Whether they become producers depends less on what lies in the ground than on how quickly societies can agree on land use, Indigenous rights and the sharing of benefits.',
    tags: ['arctic', 'norway', 'energy', 'technology'],
    publishedAt: '2026-02-10T08:00:00.000Z',
    image: {
      seed: 1203,
      alt: 'Abstract illustration of steep blue mountain ridges beneath a grey sky, with dense contour lines like a geological survey map.',
      credit: 'Rostrum Demo',
    },
    body: md`
## A geological opportunity

Fennoscandia — Norway, Sweden and Finland — hosts some of Europe's most promising deposits of the minerals the energy transition depends on: rare earth elements for permanent magnets, phosphate, graphite, nickel, cobalt, copper and others. Recent discoveries and reassessments of known deposits have drawn attention from governments anxious to reduce Europe's reliance on a small number of suppliers, above all for rare earth processing.

European legislation now sets benchmarks for domestic extraction, processing and recycling of strategic raw materials, and designates priority projects eligible for faster permitting and financial support.[^1] The High North, with its mining traditions, ports and stable governance, is an obvious candidate to contribute.

Yet between a promising deposit and a producing mine lie a decade or more of exploration, feasibility studies, environmental assessment, permitting, financing and construction. In the Nordic countries it is permitting — and the social consent that permits are supposed to reflect — that sets the pace.

## The permitting bottleneck

A mining project in the Nordic states passes through several procedures under different laws: mineral rights, land-use planning, environmental permits, water permits and, where relevant, assessment of impacts on Indigenous land use. Each protects a legitimate interest. Together, they can take many years, and decisions are frequently appealed.

Industry argues that the process is too slow for Europe's strategic needs. Environmental organisations and local communities answer that speed should not come at the expense of thorough assessment, particularly in fragile northern ecosystems. Both positions contain truth. The task is to shorten timelines by improving the quality and coordination of procedures — not by lowering the bar.

> Europe cannot decide in Brussels that a mine is strategic and expect the tundra to agree. Consent is built locally, and slowly.

## Sámi rights and the legitimacy of extraction

Much of the mineral-rich land in northern Fennoscandia is also used for reindeer herding by Sámi communities, whose rights to land and culture are protected by national law and international human rights obligations. Mines, roads, power lines and wind farms can fragment the grazing lands and migration routes on which herding depends.

The 2021 ruling of Norway's Supreme Court that licences for wind farms on the Fosen peninsula violated the cultural rights of Sámi reindeer herders was a turning point. It showed that infrastructure serving the energy transition is not exempt from these obligations — and that a failure to consult meaningfully can leave projects in legal limbo long after construction.[^2]

For mining, the lessons are direct:

- Consultation must begin early, before key design decisions are made.
- Impact assessments should consider the cumulative effect of several projects on the same grazing areas.
- Benefit-sharing arrangements, not only compensation, can give affected communities a stake in the outcome.

## Processing: the missing middle

Even if new mines open, Europe's dependence would not end. The processing and refining of many critical minerals — separating rare earth elements, producing battery-grade materials — is concentrated in a few countries, above all China. A Nordic mine shipping concentrate abroad for processing would diversify the origin of raw materials but not the more strategic refining step.

Building processing capacity in Europe requires energy, skilled labour, chemical engineering expertise and tolerance for industrial facilities that carry environmental risks of their own. The Nordic countries' clean and relatively affordable electricity is an advantage here, provided grid capacity keeps pace — itself a constraint in parts of the north.

## Policy options

1. **Coordinate procedures, not only shorten them.** A single coordinating authority and parallel rather than sequential assessments could cut timelines without weakening standards.
2. **Invest in baseline data.** Public geological, ecological and land-use data reduce uncertainty for developers, regulators and communities alike.
3. **Make benefit-sharing standard.** Clear frameworks for local and Indigenous benefit-sharing would reduce conflict and legal risk.
4. **Link mining to processing.** Support for priority projects should favour value chains that include refining in Europe.
5. **Plan grids alongside mines.** Power supply for mining and processing belongs in regional planning from the outset.

## Conclusion

The High North can make a meaningful contribution to Europe's supply of critical minerals. It will do so only if the legitimacy of extraction is taken as seriously as its speed. Geology is the necessary condition; consent, processing capacity and power are the sufficient ones.

[^1]: The EU's framework for critical raw materials sets indicative benchmarks for the share of annual consumption to be met by extraction, processing and recycling within the Union. Norway, outside the EU, cooperates through the European Economic Area and a bilateral partnership on raw materials.

[^2]: The Fosen case concerned wind power rather than mining, but its reasoning on cultural rights under international human rights law applies to land-intensive projects generally.
    `,
  },
  {
    expert: 'maren-solheim',
    slug: 'gulf-producers-long-goodbye-to-oil-rents',
    title: 'Gulf Producers and the Long Goodbye to Oil Rents',
    lead: 'The Gulf’s hydrocarbon exporters are not waiting passively for oil demand to peak. Their strategies differ in instructive ways, but all face the same question: how to turn a depleting rent into durable state capacity before the market sets the timetable for them.',
    tags: ['energy', 'middle-east', 'security'],
    publishedAt: '2026-07-07T08:00:00.000Z',
    image: {
      seed: 1105,
      alt: 'Abstract illustration of rose-tinted desert ridges receding under a hazy sky, with a soft green sun and a dotted route.',
      credit: 'Halvard Atelier',
      creditUrl: 'https://example.org/halvard-atelier',
    },
    body: md`
## Low cost, last barrel

The large hydrocarbon exporters of the Gulf share a structural advantage: some of the lowest production costs, and among the lowest emissions per barrel, in the world. If global oil demand declines over the coming decades, as most transition scenarios assume, higher-cost producers would be expected to exit first. Gulf producers could therefore hold or even increase their market share in a shrinking market — a strategy sometimes summarised as producing the last barrel.

This position shapes behaviour today. Several national oil companies in the region have continued to invest in production capacity, on the reasoning that spare capacity is both a commercial asset and a source of geopolitical weight. At the same time, they have announced ambitious targets for renewable power, carbon capture and hydrogen, and their governments have pursued economic diversification on a very large scale.

These strategies are not contradictory. They reflect a judgement that the transition will be long, uneven and contested, and that the best preparation is to earn as much as possible from hydrocarbons while building the economy that must eventually replace them.

## Diversification, third time

Economic diversification is not a new ambition in the Gulf. Plans to reduce dependence on oil have been announced in almost every decade since the 1970s. What distinguishes the current wave is its scale, the role of sovereign wealth funds as active investors rather than passive savers, and its emphasis on sectors — tourism, logistics, finance, manufacturing, technology — that depend on attracting foreign talent and capital.[^1]

The results so far are mixed but real. Non-oil sectors have grown, women's participation in the labour force has risen markedly in some states, and several Gulf cities have become regional hubs for aviation, finance and media. The harder tests lie ahead: whether private sectors can employ citizens at scale without state support, and whether flagship projects earn returns commensurate with their costs.

## Fiscal breakevens and social contracts

The Gulf's social contracts have traditionally offered public employment, subsidised energy and the absence of income tax. Falling hydrocarbon revenues would strain that bargain. Governments have begun to introduce value-added taxes, trim energy subsidies and encourage citizens into private employment — measures that are fiscally prudent but politically delicate.

The differences among Gulf states are significant. The comparison below is schematic, but it captures the main strategic archetypes:

| Archetype           | Core logic                                                  | Principal risk                                      |
| ------------------- | ----------------------------------------------------------- | --------------------------------------------------- |
| Volume maximiser    | Expand capacity and defend market share as demand peaks     | Price collapse if demand falls faster than expected |
| Sovereign investor  | Convert rents into a global portfolio of assets             | Returns fall short of fiscal needs                  |
| Hub builder         | Use location and openness to attract services and logistics | Regional competition; reliance on expatriate labour |
| Transition supplier | Export low-carbon fuels and materials                       | Immature markets; uncertain certification rules     |

Most states combine several archetypes in different proportions, and the mix shifts with oil prices.

> The question is not whether the Gulf will diversify. It is whether diversification can outrun the decline of the market for its main export.

## Implications for importers

For importing regions — Europe, South and East Asia — the Gulf's strategy carries three implications. First, Gulf producers are likely to remain large and possibly growing suppliers of oil and gas for decades, so stable relations with them will remain an energy security priority. Second, their investments in low-carbon fuels could make them important partners in decarbonising heavy industry and shipping. Third, their sovereign funds will remain major investors in importing countries' infrastructure, technology and industry, which raises questions of investment screening that must be handled without discouraging welcome capital.[^2]

## Conclusion

The Gulf's goodbye to oil rents will be long. Its producers are positioning themselves to be among the last suppliers standing in a declining market and among the first in new ones. Success is not assured: it depends on global demand, technological change, regional security and domestic reform. But observers who assume that the transition will simply happen to the Gulf, rather than be shaped by it, will misread one of the most consequential variables in the world's energy future.

[^1]: Sovereign wealth funds in the region have moved from mainly passive portfolio investment towards direct stakes in domestic and foreign companies, infrastructure and technology.

[^2]: Several importing countries have tightened the screening of foreign investment in critical infrastructure and technology. The challenge is to distinguish genuine security concerns from protectionism.
    `,
  },

  // ---------------------------------------------------------------- Daniyar Seitkali
  {
    expert: 'daniyar-seitkali',
    coauthors: ['ananya-venkataraman'],
    slug: 'water-before-borders-amu-darya',
    title: 'Water Before Borders: The Amu Darya and the Politics of a New Canal',
    lead: 'A large irrigation canal in northern Afghanistan will draw water from the Amu Darya, the river on which much of Uzbek and Turkmen agriculture depends. The dispute it foreshadows will be settled less by treaties than by data, efficiency and the region’s habit of quiet bargaining.',
    tags: ['water', 'central-asia', 'uzbekistan', 'security', 'food-security'],
    publishedAt: '2026-10-27T08:00:00.000Z',
    featured: true,
    image: {
      seed: 1205,
      alt: 'Abstract illustration of teal river-valley ridges beneath a hazy sky and a low peach sun, with topographic contour lines and a dashed route.',
      credit: 'Steppe Lens Agency',
      creditUrl: 'https://example.org/steppe-lens',
    },
    body: md`
## A river already spoken for

The Amu Darya is Central Asia's largest river and one of its most overcommitted. Rising in the Pamir and the Hindu Kush, it forms part of the border between Afghanistan and its northern neighbours before turning north-west across Turkmenistan and Uzbekistan towards what remains of the Aral Sea. Along the way, Soviet-era canals carry its water into cotton and wheat fields, cities and industrial districts that were planned on the assumption that the river would always be divided among the republics of a single state.

That assumption outlived the Soviet Union. In 1992 the five newly independent Central Asian states agreed to keep the existing allocation principles while they worked out something better.[^1] They never fully did. The shares were preserved, the institutions that administered them were weakened, and Afghanistan — whose territory contributes a significant part of the river's flow — was not party to the arrangement at all.

For three decades the gap mattered little in practice, because Afghanistan used comparatively little of the Amu Darya's water. A large canal under construction in the country's north is changing that.

## The canal and the arithmetic

The Qosh Tepa canal is designed to carry water westward from the Amu Darya across the plains of northern Afghanistan, opening several hundred thousand hectares to irrigation. For the authorities in Kabul it is a flagship of national development, financed domestically and presented as a path to food self-sufficiency. For farmers in the region it promises livelihoods in an economy with few alternatives.

Downstream, the same project is read as a question mark over the water supply of Karakalpakstan, Khorezm and northern Turkmenistan — regions already living with salinised soils, a vanished sea and recurrent drought. Estimates of the canal's eventual withdrawals range widely, from a modest share of the river's annual flow to a volume large enough to reshape downstream agriculture.[^2] The spread reflects genuine uncertainty: how much of the canal will be lined, how much water will be lost to seepage and evaporation in the desert, how quickly fields will come under irrigation, and how the river itself will behave as its glaciers retreat.

> In a river basin without shared data, every estimate becomes a position. The first task of diplomacy is to turn positions back into numbers.

## A legal vacuum, filled by habit

No basin-wide treaty binds all of the Amu Darya's riparian states. International water law offers general principles — equitable and reasonable use, the obligation not to cause significant harm, prior notification of planned measures — but the states concerned have not accepted a framework that would give those principles force in this basin. The limited international recognition of the Afghan authorities complicates any formal negotiation further.

What the region does have is a long habit of practical bargaining. Uzbekistan and Turkmenistan have engaged the authorities in Kabul through technical delegations, trade and transit projects, and electricity supplies. Such contacts are no substitute for an agreement, but they create channels through which information on withdrawals, construction progress and seasonal releases can be exchanged informally. In Central Asia, quiet technical cooperation has historically achieved more than declaratory diplomacy.[^3]

## Efficiency as a form of diplomacy

The most consequential response to the canal may not be diplomatic at all. Irrigation efficiency along the lower Amu Darya is low by international standards: unlined canals lose a large share of the water they carry, and flood irrigation remains widespread. Uzbekistan has in recent years expanded support for drip and sprinkler irrigation, laser land levelling and canal lining, and has begun to shift land away from the most water-intensive crops.

Every cubic metre saved downstream is a cubic metre that does not have to be contested upstream. Efficiency also strengthens the hand of downstream governments in any future negotiation: a state that can show it uses water well is better placed to argue for its share than one that cannot.

There are limits. Savings can be absorbed by expanding the irrigated area rather than reducing withdrawals, and water saved on individual farms does not always reach the end of the system. Without basin-level water accounting, it is hard to know where saved water actually goes.

## Three scenarios for the coming decade

1. **Managed coexistence.** The canal is completed in stages; technical contacts produce an informal understanding on seasonal withdrawals; downstream efficiency gains offset part of the loss. Tension persists but is contained within routine channels.
2. **Creeping scarcity.** Construction proceeds without data-sharing, and a run of dry years coincides with rising withdrawals. Downstream regions face acute shortages, local hardship and migration pressures grow, and water becomes a standing irritant in relations with Kabul.
3. **Regional compact.** Downstream states and external donors offer technical and financial support for canal lining and efficient irrigation in northern Afghanistan in exchange for monitoring and agreed withdrawal limits. This is the most beneficial path — and the most politically demanding, given the questions it raises about engagement with the Afghan authorities.

## What outside partners can do

Outside partners have little leverage over construction in northern Afghanistan, but they can help build the shared evidence without which no bargain is possible. Support for hydrological monitoring stations, satellite estimates of irrigated area and evapotranspiration, and the open publication of river-flow data would lower the temperature of a dispute that is currently conducted largely through rumour and worst-case assumptions.

The Amu Darya has been divided among states before, and it will be again. Whether the next division is negotiated or merely suffered will depend on decisions taken in the next few years — most of them technical, all of them political.

[^1]: The 1992 agreement among the Central Asian states on cooperation in managing interstate water resources preserved the allocation principles of the late Soviet period and created the Interstate Commission for Water Coordination. Afghanistan was not a party.

[^2]: Published estimates differ mainly in their assumptions about canal lining, conveyance losses and the pace at which new land is irrigated. Ranges cited in this article are indicative and should not be read as forecasts.

[^3]: This judgement draws on the author's interviews with current and former water officials in the region, conducted on condition of anonymity.
    `,
  },
  {
    expert: 'daniyar-seitkali',
    slug: 'kazakhstan-multi-vector-foreign-policy-under-strain',
    title: 'Kazakhstan’s Multi-Vector Foreign Policy Under Strain',
    lead: 'For three decades Kazakhstan has balanced Russia, China, the West and its neighbours without choosing among them. Sanctions, war in Europe and competition over transit routes have made the balancing act more expensive, but not obsolete.',
    tags: ['kazakhstan', 'central-asia', 'security', 'sanctions', 'energy'],
    publishedAt: '2025-03-11T08:00:00.000Z',
    image: {
      seed: 1202,
      alt: 'Abstract illustration of rose-brown steppe ridges under a wide pale sky, with a teal sun and a dashed route.',
      credit: 'Steppe Lens Agency',
      creditUrl: 'https://example.org/steppe-lens',
    },
    body: md`
## The logic of balance

Kazakhstan's foreign policy has rested since independence on a simple geographical fact: a large, sparsely populated, landlocked country with long borders with Russia and China cannot afford to become the client of either. The answer, articulated in the 1990s and restated in every foreign policy concept since, has been multi-vectorism — constructive relations with all the major powers and no exclusive alignments.

In practice this has meant membership of Russian-led institutions such as the Eurasian Economic Union and the Collective Security Treaty Organization, alongside deep economic ties with China, large Western investment in oil and gas, and an active role in regional and multilateral diplomacy. The approach has served the country well. It has attracted capital from every direction and given Astana a reputation as a predictable, pragmatic partner.

## Sanctions compliance as statecraft

The war in Ukraine and the sanctions that followed have tested this model more severely than any earlier crisis. Kazakhstan has not recognised the annexation of Ukrainian territory and has said it will not help Russia circumvent sanctions, while remaining in the Eurasian Economic Union, whose common customs territory makes re-exports hard to control.[^1]

The result is compliance as statecraft. Kazakh authorities have introduced tracking for sensitive categories of goods, engaged regularly with Western sanctions officials and stressed their readiness to act on evidence of circumvention. At the same time, trade with Russia has continued, and parallel imports passing through the region have drawn scrutiny. The government's aim is to keep Kazakh banks and firms clear of secondary sanctions without provoking a rupture with its largest neighbour — a narrow path that requires constant adjustment.

> Multi-vectorism was designed for a world in which the great powers competed but did not demand that others choose. That world has not disappeared, but it has become more expensive to live in.

## The pipeline that cannot be balanced

The clearest limit on Kazakhstan's room for manoeuvre is physical. The bulk of its oil exports travels through the Caspian Pipeline Consortium to the Russian Black Sea port of Novorossiysk. Interruptions on that route, whether technical, regulatory or weather-related, translate immediately into lost revenue for the Kazakh state.

Diversification is under way but slow. Volumes shipped across the Caspian to Azerbaijan and onward by pipeline to the Mediterranean have grown from a small base; rail and tanker options exist but cost more. None can replace the main pipeline at current export volumes in the near term.[^2] For the foreseeable future, Kazakhstan's energy exports will depend on the goodwill — or at least the indifference — of the neighbour whose sanctions exposure it is trying to avoid.

## China: investor, market, neighbour

China's role has grown steadily: as a buyer of Kazakh commodities, as a lender and investor in infrastructure, and as the origin of the overland freight that makes Kazakhstan a transit state. Beijing's interest in stable, predictable neighbours aligns with Astana's own priorities, and China has taken care not to be seen competing openly with Russia in the region.

The relationship carries its own sensitivities. Public concern about land, debt and labour practices surfaces periodically, and Kazakh policymakers are conscious that economic dependence on one large partner is precisely the outcome multi-vectorism was meant to prevent. The response has been to welcome Chinese investment while encouraging European, Gulf, Turkish, Korean and Japanese partners to grow alongside it.

## Is the model still viable?

There are three reasons to expect multi-vectorism to survive, in modified form:

- **No partner offers an alternative.** Neither Russia, China nor the West can offer Kazakhstan the combination of security, markets and investment that balancing among them provides.
- **Middle powers are in demand.** Turkey, the Gulf states, India and others seek access to Central Asia, widening the menu of partners beyond the three traditional poles.
- **Domestic consensus.** Across the political elite the value of balance is rarely contested, even when its application is.

The risks lie in the details: a designation that hits a systemically important bank, a prolonged outage on the main export pipeline, or a regional security crisis that forces an explicit choice. Each would test whether balance can be held under pressure rather than only in calm conditions.

## What to watch

1. The evolution of Kazakh export-control practice, and how it is received in both Western capitals and Moscow.
2. Progress on trans-Caspian oil volumes and port capacity at Aktau and Kuryk.
3. The share of investors from outside Russia and China in large new projects.
4. Public debate on foreign land ownership and labour, which can constrain policy quickly.

Kazakh diplomats like to describe their country as a bridge. Bridges bear weight from both sides; the question for the coming decade is how much.

[^1]: Within the Eurasian Economic Union, goods move across internal borders largely without customs checks, which makes it harder to verify the final destination of imported goods once they have entered the common customs territory.

[^2]: Author's assessment based on publicly reported pipeline capacities and port throughput. Trans-Caspian volumes have risen but remain a small share of total crude exports.
    `,
  },
  {
    expert: 'daniyar-seitkali',
    slug: 'middle-corridor-promise-and-bottlenecks',
    title: 'The Middle Corridor: Promise, Bottlenecks and the Caspian Question',
    lead: 'The trans-Caspian route linking China and Europe through Kazakhstan, the South Caucasus and Turkey has moved from conference slogan to working corridor. Its capacity is set by ports, ferries and customs procedures — and by the hardest question of all: who pays for spare capacity.',
    tags: ['trade', 'central-asia', 'kazakhstan'],
    publishedAt: '2025-05-20T08:00:00.000Z',
    image: {
      seed: 1201,
      alt: 'Abstract illustration of blue-grey ridges beneath a lavender sky, with a dashed route linking waypoints.',
      credit: 'Caspian Light Photo Cooperative',
      creditUrl: 'https://example.org/caspian-light',
    },
    body: md`
## Why now

For most of the past decade the Trans-Caspian International Transport Route — better known as the Middle Corridor — was more often described than used. Rail freight between China and Europe overwhelmingly took the northern route through Russia and Belarus, which offered a single change of gauge, through-tariffs and predictable transit times. The Middle Corridor, by contrast, involved two sea crossings, several railway administrations and a patchwork of customs regimes.

Since 2022, shippers seeking alternatives to the northern route have given the corridor its first real test. Volumes grew rapidly from a low base, and the governments along the route — Kazakhstan, Azerbaijan, Georgia and Turkey, with China at one end and the European Union at the other — have announced investments in ports, rolling stock and digital customs. The corridor's champions now describe it as a permanent feature of Eurasian trade. Its sceptics point out that it still carries a small fraction of the cargo that moves by sea between Asia and Europe.

Both camps are right about different things. The Middle Corridor is unlikely to rival maritime routes for bulk or containerised trade. It can, however, become a reliable option for time-sensitive, higher-value cargo and for trade among the countries it crosses — provided its bottlenecks are addressed in the right order.

## Bottlenecks, in order of consequence

1. **The Caspian crossing.** Ferries and feeder vessels between the Kazakh ports of Aktau and Kuryk and the Azerbaijani port of Alat are few and small. Falling water levels in the northern Caspian compound the problem by reducing permissible drafts and requiring dredging.[^1]
2. **Coordination across borders.** A container may pass through five or more railway and port operators, each with its own tariffs, documents and schedules. A delay at any interface cascades along the route.
3. **The South Caucasus and Black Sea segment.** Rail capacity through Georgia and onward to Turkey, and port capacity on the Black Sea, decide how much cargo can continue towards Europe.
4. **Rolling stock and empty returns.** Unbalanced flows mean containers and wagons travel back empty, raising costs for every shipment.

## The tariff problem

The corridor's competitiveness depends less on any single piece of infrastructure than on whether a shipper can buy one service at one price. Joint ventures among national railways and port operators have begun to offer through-tariffs and unified schedules, but ownership of the underlying assets remains fragmented. Each participant has an incentive to maximise revenue from its own segment — rational for the operator, damaging for the route.

> A corridor is a contract before it is a railway. Until someone can promise a delivery date from Xi'an to Constanța, the route will be priced as a risk.

A comparison of the main overland options clarifies what the corridor can realistically offer:

| Route                | Typical strengths                                  | Main constraints                                          |
| -------------------- | -------------------------------------------------- | --------------------------------------------------------- |
| Northern, via Russia | Single through-tariff; mature operations           | Sanctions and reputational risk for European shippers     |
| Middle Corridor      | Avoids Russian territory; strong political support | Two sea crossings; fragmented operators; Caspian capacity |
| Southern, via Iran   | Short distances to the Gulf and Turkey             | Sanctions exposure; limited rail connections              |

## Who pays for spare capacity?

Infrastructure on trade corridors must be built for peak demand but paid for from average demand. If the northern route were to become attractive again, Middle Corridor volumes could fall sharply and leave ports and rolling stock idle. Governments are understandably reluctant to carry that risk alone, and private investors ask for guarantees.

This is where external partners can make a difference. Development banks and the European Union's connectivity programmes can finance the components with the most durable value — port modernisation, digital customs, rail signalling — which would serve regional trade even if transcontinental volumes disappoint. Kazakhstan, Azerbaijan and Georgia benefit from these investments whatever happens on other routes.[^2]

## Geopolitical risk runs both ways

The corridor is often presented as a way to reduce exposure to a single transit state. It does that, but it also concentrates exposure on a chain of smaller states whose relations with one another, and with their larger neighbours, are not free of tension. Stability in the South Caucasus, the legal regime of the Caspian and the politics of Black Sea shipping all bear on the route's reliability.

## Recommendations

- Prioritise Caspian port and fleet capacity, including dredging and vessels designed for shallower drafts.
- Move to a single electronic transit document accepted by every state along the route.
- Publish route-wide performance data — transit times, dwell times, delays — so that shippers can price the corridor accurately.
- Frame investments around regional trade as well as transcontinental flows, so that they pay off in a wider range of scenarios.

The Middle Corridor's future will be decided less in summit communiqués than in ferry schedules. That is encouraging: ferry schedules, unlike geopolitics, can be fixed.

[^1]: The decline in Caspian water levels has been reported over several years and is attributed to reduced inflow combined with higher evaporation. Its effect on port operations is most pronounced in the shallow northern part of the sea.

[^2]: The same logic applies to digital infrastructure: electronic customs and cargo tracking cut costs for all trade, not only for corridor traffic.
    `,
  },
  {
    expert: 'daniyar-seitkali',
    slug: 'uzbekistan-reform-decade-after-the-opening',
    title: 'Uzbekistan’s Reform Decade: What Comes After the Opening',
    lead: 'Since 2016 Uzbekistan has liberalised its currency, reopened its borders with neighbours and courted foreign investors. The easiest reforms are done. The next phase — state enterprises, land, energy pricing and the courts — touches interests the first phase left largely alone.',
    tags: ['uzbekistan', 'central-asia', 'trade', 'energy'],
    publishedAt: '2025-11-04T08:00:00.000Z',
    image: {
      seed: 1103,
      alt: 'Abstract illustration of green valley ridges beneath a pale sky, with a soft violet sun and a dashed route.',
      credit: 'Rostrum Demo',
    },
    body: md`
## An opening, in retrospect

It is easy to forget how closed Uzbekistan was a decade ago. The currency was not freely convertible, and the gap between official and market exchange rates was wide. Borders with several neighbours were difficult to cross, and relations with Tajikistan and Kyrgyzstan were shaped by unresolved disputes over water and territory. Foreign investors faced unpredictable regulation, and the cotton harvest relied on labour mobilised by the state.

The first wave of reforms, beginning in 2016–2017, addressed these problems with unusual speed. The exchange rate was unified; border crossings reopened and regional trade recovered; many administered prices were liberalised; and international monitors documented substantial progress in ending systemic forced labour in the cotton harvest.[^1] Uzbekistan became a regular presence at investment forums and a constructive voice in regional diplomacy.

These achievements were real. They were also, in one sense, the easier half of the reform agenda: they removed obstacles that imposed costs on almost everyone and benefited relatively few.

## The harder second act

The reforms that remain are different in kind. They redistribute rents, require new institutions and create identifiable losers. Four stand out:

- **State-owned enterprises.** Large parts of the economy — energy, mining, chemicals, transport, banking — remain dominated by state companies. Governance reforms, partial privatisations and minority listings have begun, but the central question is whether these firms will face real competition and hard budget constraints.
- **Land rights.** Farmers have gained more freedom over what to plant, but the state retains ultimate ownership of agricultural land, limiting its use as collateral and the consolidation of viable farms.
- **Energy pricing.** Electricity and gas tariffs have long been set well below cost recovery, straining public finances and discouraging efficiency.
- **Courts and property.** Investors, domestic and foreign, still name the predictability of dispute resolution as a principal concern.

## Energy pricing and the social contract

Energy is where reform meets daily life most directly. Severe winter shortages in recent years exposed the consequences of under-investment in generation and networks, and of a pricing model that left utilities unable to pay for maintenance. The government has begun a staged increase in tariffs, accompanied by protection for low-income households and a large programme of solar and wind procurement through competitive auctions.[^2]

Sequencing matters. Tariff increases that arrive before visible improvements in supply are politically fragile; improvements that are not paid for are fiscally unsustainable. Successful energy reforms elsewhere have combined gradual price adjustment with well-targeted compensation and plain communication about where the money goes.

> Reform in its second phase is less about opening doors than about renovating the rooms behind them — slower, costlier and far less photogenic.

## Regional dividends

One of the most important results of Uzbekistan's opening has been regional. Better relations with its neighbours have enabled border demarcation agreements, joint energy and water projects, and a revival of trade across the Fergana Valley. This dimension deserves more attention from outside observers than it usually receives: a Central Asia in which the most populous state is a good neighbour is more stable, more prosperous and better able to manage shared resources.

## Trade integration and the WTO

Uzbekistan's renewed pursuit of membership in the World Trade Organization offers a useful discipline. Accession requires commitments on tariffs, subsidies, state trading and technical regulation that would lock in many second-phase reforms. The risk is that negotiators treat accession as an end in itself, agreeing to commitments on paper while implementation lags. The opportunity is to use the process as an external anchor for changes that are hard to sustain through domestic politics alone.

## Conclusion

Uzbekistan's reform decade has changed the country and its region for the better. The question now is whether the reform coalition can widen — whether entrepreneurs, farmers, regional officials and urban consumers come to see themselves as stakeholders in the next phase rather than as its potential casualties. Outside partners can help, chiefly by supporting institutions rather than announcing projects, and by recognising that the least visible reforms will matter most.

[^1]: Independent monitoring of the cotton harvest by international organisations over several seasons reported that systemic forced labour had ended, while noting remaining risks at local level.

[^2]: Tariff reform has been phased over several years, with consumption thresholds below which households pay lower rates; details have been adjusted as the programme has progressed.
    `,
  },
  {
    expert: 'daniyar-seitkali',
    slug: 'food-security-on-the-steppe',
    title: 'Food Security on the Steppe: Grain, Fertiliser and Regional Resilience',
    lead: 'Kazakhstan is a major wheat exporter and the main supplier of grain and flour to its Central Asian neighbours and Afghanistan. Weather volatility, long transport distances and dependence on imported inputs make the region’s food system more fragile than headline harvests suggest.',
    tags: ['food-security', 'kazakhstan', 'central-asia', 'trade'],
    publishedAt: '2026-03-24T08:00:00.000Z',
    image: {
      seed: 1104,
      alt: 'Abstract illustration of earth-brown ridges under a pale sky with an olive sun, faint contour lines and a dotted route.',
      credit: 'Steppe Lens Agency',
      creditUrl: 'https://example.org/steppe-lens',
    },
    body: md`
## A breadbasket with thin margins

In a good year the wheat fields of northern Kazakhstan produce far more grain than the country consumes. Much of the surplus is exported, as grain and as flour, to neighbours in Central Asia, to Afghanistan, and increasingly to China, Iran and beyond. For Tajikistan, Kyrgyzstan, Turkmenistan, Uzbekistan and Afghanistan, Kazakh wheat and flour are staples of the daily diet as much as commodities.

The system rests on rain-fed farming in a harsh continental climate. Yields vary considerably from year to year with spring moisture, summer heat and the timing of the harvest. Recent seasons have alternated between drought-reduced harvests and large crops that overwhelmed storage and transport. Both extremes carry costs: the first for importers, the second for farmers who cannot move grain to market at a profitable price.

## Logistics is the harvest's second half

The distance from the grain belt to the nearest seaport is measured in thousands of kilometres. Most exports move by rail, and rail capacity, wagon availability and border procedures determine how quickly a harvest reaches buyers.[^1] In bumper years, shortages of grain wagons and slow border crossings can leave grain in elevators — or in the open — for months, degrading its quality and depressing farm-gate prices.

Storage is a related weakness. Modern elevator capacity is unevenly distributed, and some on-farm storage is rudimentary. Investment in storage and handling is less visible than investment in new farmland, but its effect on food security, for Kazakhstan and for its buyers, is considerably larger.

## Inputs and their hidden dependencies

Central Asian agriculture depends on imported and regionally traded inputs: fertiliser, crop protection, seed and machinery. Kazakhstan and Uzbekistan have domestic fertiliser industries, but supply, price and quality vary, and application rates across much of the region remain below agronomic recommendations. When global fertiliser prices spiked in recent years, farmers cut their use, with consequences for yields that appeared a season later.

> Food security in Central Asia is usually discussed as a question of how much grain the region grows. It is at least as much a question of how reliably that grain moves, and what it costs to grow the next crop.

## Neighbours and dependencies

For the region's importers, reliance on a single dominant supplier is both an advantage and a risk. Proximity keeps prices and freight costs below those of alternatives, and long commercial relationships make supply predictable in normal years. But after poor harvests, Kazakh authorities have at times restricted or licensed grain exports to protect domestic supply and prices.[^2] Such measures are understandable from a national perspective; for importing neighbours, they can arrive at precisely the moment when alternatives are most expensive.

Afghanistan deserves particular attention. The country relies heavily on wheat and flour imported from Central Asia, and humanitarian agencies buy significant volumes in the region. Disruption anywhere on the Kazakh–Uzbek–Afghan transport chain, or export restrictions upstream, feeds quickly into the price of bread in Afghan markets.

## A regional agenda

Central Asia's food security would benefit from measures that are modest individually but significant together:

1. **Predictable export policy.** Clear, rules-based triggers for any export restriction, announced in advance and coordinated with neighbours, would reduce panic buying and hoarding.
2. **Regional grain reserves.** Modest jointly managed reserves — or simply agreements to share information on national stocks — could soften the impact of poor harvests.
3. **Investment in storage and rail.** Prioritising elevators, grain wagons and border facilities would raise the region's effective supply without planting a single additional hectare.
4. **Climate adaptation in agronomy.** Drought-tolerant varieties, conservation tillage and better water management in irrigated zones would reduce yield volatility over time.
5. **Better market information.** Timely public data on planted area, yields, stocks and prices would help traders, governments and humanitarian buyers act earlier.

## Conclusion

Central Asia does not lack food. It lacks the buffers that turn good harvests into year-round security and bad harvests into manageable shortfalls. Those buffers — storage, logistics, predictable policy and shared information — are unglamorous but achievable. In a region where wheat remains the foundation of the diet, they are among the most effective investments in stability a government can make.

[^1]: Rail dominates grain exports from northern Kazakhstan because of the distances involved; road transport is competitive mainly on shorter cross-border routes.

[^2]: Restrictions in the region have taken several forms, including temporary bans, quotas and licensing requirements. Their effect depends heavily on how far in advance they are announced.
    `,
  },

  // ---------------------------------------------------------------- Ananya Venkataraman
  {
    expert: 'ananya-venkataraman',
    slug: 'chokepoints-in-silicon-export-controls',
    title: 'Chokepoints in Silicon: What Export Controls Can and Cannot Do',
    lead: 'Export controls on advanced chips and chipmaking tools have become a central instrument of technology policy. They can slow a rival’s access to the frontier; they cannot freeze it, and their costs fall unevenly on the allies asked to enforce them.',
    tags: ['technology', 'sanctions', 'trade', 'indo-pacific'],
    publishedAt: '2025-01-21T08:00:00.000Z',
    image: {
      seed: 1301,
      alt: 'Abstract illustration of indigo ridges beneath a lavender sky, with concentric contour lines and a dashed route.',
      credit: 'Rostrum Demo',
    },
    body: md`
## Why semiconductors invite controls

Few industries concentrate capability as sharply as semiconductors. The software used to design advanced chips comes from a handful of firms. The most advanced lithography equipment is made by a single company, relying on components from a small number of specialised suppliers. Leading-edge fabrication is concentrated in a few facilities in East Asia. Each concentration is a potential chokepoint: a place where a government can restrict access to capabilities that are very hard to replicate.

Since the late 2010s, and with growing intensity since 2022, governments have used these chokepoints to restrict exports of advanced chips, chipmaking equipment and related technology to strategic competitors, above all China.[^1] The stated aim is to slow the development of military and surveillance applications, particularly in artificial intelligence, while preserving broad commercial trade in less advanced semiconductors.

## What controls can achieve

Export controls are a blunt instrument, but not an ineffective one. At their best they can:

- **Raise costs and delay progress** at the technological frontier, where substitutes are hardest to develop.
- **Deny specific end-users** access to capabilities with clear military applications.
- **Buy time** for allied industrial and research investment to maintain a lead.
- **Signal priorities** to firms, investors and research institutions about the direction of policy.

The evidence so far suggests that controls have made the most advanced chips harder and more expensive to produce in the targeted countries, and have complicated access to the equipment needed to make them at scale.

## What controls cannot do

The limits are just as important:

1. **Controls cannot freeze a capable competitor.** A large economy with a deep engineering base, generous state funding and a vast domestic market will invest heavily in substitution. Controls change the incentives for that investment — often by intensifying it.
2. **Controls leak.** Chips are small, valuable and easy to ship. Stockpiling ahead of new rules, transshipment through third countries and remote access to computing capacity all reduce their effect.
3. **Controls age.** Thresholds defined by today's performance metrics become obsolete as technology advances, requiring constant revision that creates uncertainty for legitimate trade.
4. **Controls mostly miss legacy chips.** Mature-node semiconductors, essential for cars, appliances and industrial equipment, lie largely outside their scope — and targeted countries have expanded capacity in precisely this segment.

> An export control is a bet that the time it buys will be used well. Its value depends less on the rule itself than on what the controlling states do with the delay.

## The coalition problem

Unilateral controls on a globally distributed supply chain achieve little. If one country's firms may not sell a tool or component while competitors elsewhere may, the result is lost market share without strategic effect. Effective controls therefore require coordination among the few countries that host critical capabilities in North America, Europe and East Asia.

Coordination has advanced, but its costs fall unevenly. Allied firms lose revenue from a large market; their governments face domestic pressure to protect national champions; and the targeted state may respond with restrictions of its own — for example on exports of minerals used in chipmaking.[^2] The coalition holds together only if its members believe that burdens are shared fairly and that the rules are predictable.

## Designing controls that last

For export controls to remain effective, their design should follow a few principles:

1. **Focus on genuine chokepoints** — capabilities that cannot easily be substituted — rather than broad categories of goods.
2. **Coordinate thresholds and timing** with allies, so that firms in different jurisdictions face similar rules.
3. **Invest in enforcement**, including end-use checks, data-sharing among customs authorities and attention to transshipment hubs.
4. **Pair restrictions with investment** in research, talent and manufacturing, so that the time controls buy is used to extend a lead.
5. **Review regularly and publicly**, explaining the rationale for changes to build trust with industry and partners.

## Conclusion

Export controls on semiconductors are now a permanent feature of technology policy. They are best understood not as a wall but as a speed bump: valuable when they slow a rival at the right point, counterproductive when they distract from the harder work of innovation. The important question is not how high the barrier can be raised, but what the controlling states build behind it.

[^1]: This article uses "export controls" broadly, to include controls on export, re-export and in-country transfer, as well as restrictions on services and support provided by the controlling states' nationals.

[^2]: Restrictions on exports of gallium, germanium and other materials have been widely interpreted as a response to semiconductor controls, although their stated rationale differed.
    `,
  },
  {
    expert: 'ananya-venkataraman',
    slug: 'india-semiconductor-bet',
    title: 'India’s Semiconductor Bet: Assembly First, Fabrication Later',
    lead: 'India has committed substantial public funds to attracting semiconductor manufacturing. Its most realistic near-term prize is not a leading-edge fab but assembly, testing and packaging — together with the chip-design talent it already has in abundance.',
    tags: ['india', 'technology', 'trade', 'indo-pacific'],
    publishedAt: '2025-04-15T08:00:00.000Z',
    image: {
      seed: 1302,
      alt: 'Abstract illustration of slate-blue ridges under a lilac sky, with a low peach sun and a dashed route.',
      credit: 'Monsoon Frame Studio',
      creditUrl: 'https://example.org/monsoon-frame',
    },
    body: md`
## An industrial policy with a long memory

India's ambition to manufacture semiconductors is not new. Earlier attempts to attract chip fabrication foundered on cost, infrastructure and the absence of a supporting ecosystem. What distinguishes the current effort is its scale, its alignment with partner governments seeking to diversify supply chains, and the state's willingness to share a large part of the capital cost of new facilities.

The India Semiconductor Mission, launched in 2021, offers fiscal support for fabrication plants, display fabs and facilities for assembly, testing, marking and packaging (ATMP), alongside incentives for chip design.[^1] Several projects have been approved, including a fabrication plant built with a foreign technology partner and a number of assembly and packaging units. State governments have competed to host them, offering land, water and power.

## Assembly first

The most immediate gains are likely to come from the back end of the value chain. Assembly, testing and packaging are less capital-intensive than fabrication, employ more people and sit closer to India's existing strengths in electronics assembly. Advanced packaging — techniques that combine several chips in a single package — is also growing in strategic importance as the gains from miniaturisation slow.

Back-end facilities build the supplier networks, logistics, technicians and quality systems on which any future fabrication industry would depend. They also integrate India into the supply chains of global firms looking for alternatives to concentration in a few locations in East and South-East Asia.

## Fabrication later

Leading-edge fabrication is a different proposition. A modern fab requires investment measured in tens of billions of dollars, ultra-pure water in large volumes, uninterrupted high-quality power, specialised chemicals and gases, and thousands of experienced engineers. Even the most advanced economies have struggled to build such plants on schedule.

India's first fabrication projects target mature nodes — technologies used for power management, automotive, industrial and consumer electronics rather than for cutting-edge processors. This is a sensible choice. Demand for mature-node chips is large and growing, the technology is established, and the experience gained will be valuable if India later moves towards more advanced processes.

> The question is not whether India can build a fab. It is whether it can build the hundred smaller things a fab depends on.

## The design advantage

India's most significant existing strength in semiconductors lies in design. Many of the world's largest chip companies run major design centres in Bengaluru, Hyderabad and other cities, employing a large share of the global chip-design workforce.[^2] Those centres design chips that are manufactured elsewhere and owned by foreign firms.

Turning this talent into domestic intellectual property — Indian-owned chip designs, design tools and start-ups — could yield more value than manufacturing alone. Design-linked incentives, affordable access to design software and prototyping, and venture funding for hardware start-ups deserve as much attention as factory subsidies.

## Risks and trade-offs

India's semiconductor push faces several risks:

- **Fiscal cost.** Capital subsidies are large, and their value depends on facilities operating at scale for many years.
- **Infrastructure.** Reliable power, water and logistics remain uneven across the country, and fabs cannot tolerate interruptions.
- **The cycle.** Semiconductors are a cyclical industry; capacity that comes online in a downturn can face weak prices for years.
- **Talent competition.** Engineers with fab experience are scarce worldwide, and India's skilled workers are sought after abroad.

## What partners can do

For partner countries seeking to diversify supply chains, India offers scale, talent and broad political alignment. Cooperation on standards, research, workforce training and supply-chain security can accelerate progress. Trade facilitation — predictable rules for importing equipment, chemicals and components — matters as much as headline announcements.

## Conclusion

India's semiconductor bet is a long one. Its prospects depend on patience: accepting that the back end and mature nodes come first, that design is an asset as valuable as any fab, and that the ecosystem must be built piece by piece. Judged by those standards rather than by the number of leading-edge fabs announced, India's progress can be substantial.

[^1]: Programme details, including the share of project costs supported, have been adjusted over time; this article refers to the general structure of support rather than specific figures.

[^2]: Estimates of India's share of the global chip-design workforce vary with definitions; industry sources consistently describe it as large and growing.
    `,
  },
  {
    expert: 'ananya-venkataraman',
    slug: 'secondary-sanctions-logistics-of-evasion',
    title: 'Secondary Sanctions and the Logistics of Evasion',
    lead: 'Sanctions increasingly target not only governments but the ships, traders and banks that help them trade. Enforcement has become a contest of data: whoever sees a cargo’s true origin, ownership and destination first holds the advantage.',
    tags: ['sanctions', 'trade', 'security', 'energy'],
    publishedAt: '2025-08-05T08:00:00.000Z',
    image: {
      seed: 1303,
      alt: 'Abstract illustration of taupe hills under a pale sky, with a blue-grey sun and faint contour lines.',
      credit: 'Northlight Editorial Images',
      creditUrl: 'https://example.org/northlight',
    },
    body: md`
## From primary to secondary

Classic sanctions restrict what a sanctioning state's own citizens and companies may do: they may not trade with, lend to or invest in a designated country, company or person. Secondary sanctions go further. They threaten penalties against third parties — foreign banks, shipowners, traders — that do business with the target, even when that business involves no citizen or territory of the sanctioning state.[^1]

The reach of secondary sanctions rests largely on the central role of the US dollar and of Western financial, insurance and shipping services in world trade. A foreign bank that risks losing access to dollar clearing, or a shipowner that risks losing insurance cover, has a strong incentive to comply with rules its own government never adopted. This leverage is powerful but not unlimited — and overuse risks encouraging alternatives to the very services that make it work.

## The evasion toolkit

As sanctions have expanded, so has the infrastructure of evasion. The techniques are not new, but their scale and sophistication have grown:

- **Ship-to-ship transfers** at sea, which obscure a cargo's origin by moving it between tankers away from port.
- **Manipulation of vessel tracking**, including switching off or falsifying the identification signals ships are required to broadcast.
- **Flags of convenience and frequent reflagging**, which complicate oversight by flag states.
- **Layered ownership**, with vessels and trading companies held through chains of shell companies in several jurisdictions.
- **Trade through third countries**, in which goods are re-exported or lightly transformed in intermediate states before reaching their destination.

Each technique exploits a gap in information: about where a ship is, who owns it, what it carries, or where goods are really going.

> Sanctions enforcement has become a contest of data. The side that sees a cargo's true origin, ownership and destination first holds the advantage.

## Why transshipment hubs matter

Much of the attention in enforcement now falls on transshipment hubs — ports and trading centres in third countries through which goods pass on their way to sanctioned destinations. These hubs often have legitimate reasons for high volumes of re-export trade, and their governments may not share the sanctioning states' foreign policy goals.

Sanctioning governments have responded with a mix of diplomacy, information-sharing and targeted designations of firms in third countries. The approach can work, but it demands judgement: penalising legitimate trade or imposing heavy compliance burdens on partners erodes cooperation and encourages hedging.

## The compliance burden

For banks, insurers, logistics firms and exporters in third countries, the proliferation of sanctions regimes has created a demanding compliance environment. Firms must screen counterparties against several lists, unravel ownership structures and watch trade patterns for red flags. Smaller firms, and those in developing economies, often lack the resources to do so, and some respond by abandoning whole markets or categories of customer — the practice known as de-risking.[^2]

De-risking can undermine the purpose of sanctions by pushing trade into less transparent channels, and it harms legitimate commerce and humanitarian work. Clear guidance, humanitarian exemptions that work in practice, and support for compliance capacity in partner countries can limit the damage.

## Making enforcement smarter

Several measures could make sanctions more effective without widening their scope:

1. **Invest in maritime and trade data.** Satellite imagery, vessel-tracking analytics and the matching of trade records can reveal patterns that individual documents conceal.
2. **Target enablers, not only end-users.** Focusing on the service providers that make evasion possible — ship managers, insurers, traders — can have disproportionate effects.
3. **Coordinate among sanctioning states.** Divergent lists and rules create gaps that evaders exploit.
4. **Engage transshipment hubs as partners.** Information-sharing and technical assistance are often more productive than public designation alone.
5. **Measure outcomes.** Sanctions should be assessed against their stated objectives, with candid evaluation of costs and unintended consequences.

## Conclusion

Secondary sanctions are among the most powerful instruments available to states at the centre of the global economy. Their power depends on that centrality, and on the willingness of third parties to comply. Used precisely and enforced intelligently, they impose real costs on their targets. Used indiscriminately, they risk accelerating the fragmentation of the very system that gives them force.

[^1]: The term is used loosely in public debate. Here it covers measures that expose non-nationals to penalties, including loss of access to the sanctioning state's financial system, for dealings with a designated party.

[^2]: De-risking is not new — it has long affected remittance companies and correspondent banking in some regions — but the expansion of sanctions has extended it to trade finance and shipping.
    `,
  },
  {
    expert: 'ananya-venkataraman',
    slug: 'rice-export-bans-thin-markets',
    title: 'Rice, Export Bans and the Fragility of Thin Markets',
    lead: 'When a dominant exporter restricts shipments of a staple, prices in importing countries can move faster than any policy response. India’s rice export measures show how domestic food policy becomes international food security policy.',
    tags: ['food-security', 'india', 'trade', 'indo-pacific'],
    publishedAt: '2025-12-09T08:00:00.000Z',
    image: {
      seed: 1304,
      alt: 'Abstract illustration of green terraced hills beneath a pale sky, with a rose-coloured sun and a dashed route.',
      credit: 'Monsoon Frame Studio',
      creditUrl: 'https://example.org/monsoon-frame',
    },
    body: md`
## A thin market for a staple

Rice is the staple food of more than half the world's population, yet only a small share of global production — roughly a tenth, by most estimates — is traded internationally. Most rice is eaten in the country where it is grown. The international market is therefore thin: a modest change in supply from a major exporter can move prices sharply for the countries that depend on imports.[^1]

Over the past decade and a half India has become the world's largest rice exporter, accounting for a large share of global trade. Its domestic policies on procurement, public distribution, support prices and exports consequently have international effects that are hard to overstate.

## The logic of export restrictions

In 2023 India restricted exports of non-basmati white rice and imposed duties on other categories, citing the need to secure domestic availability and contain food inflation ahead of an uncertain monsoon. The restrictions were eased in stages over the following year as stocks recovered and domestic prices stabilised.

From a domestic perspective the logic was clear. India runs one of the largest food distribution programmes in the world, providing subsidised or free grain to hundreds of millions of people. Governments everywhere are held responsible for the price of staple foods, and an export restriction is a quick and visible tool.

From an international perspective the effects were significant. Prices in world markets rose sharply after the announcement, and importing countries, particularly in West Africa and parts of Asia, faced higher costs. Other exporters benefited from higher prices but could not replace Indian supplies in the short term.

> An export restriction protects consumers in one country by transferring risk to consumers in others — usually poorer ones, with fewer alternatives.

## The contagion effect

Export restrictions rarely travel alone. When a major exporter restricts trade, importers rush to secure supplies, traders hoard, and other exporters may follow with restrictions of their own. During the 2007–2008 food price crisis, a cascade of restrictions across several commodities amplified price increases well beyond what underlying supply and demand justified.[^2] The risk of a similar cascade is why export restrictions on staples are a matter of international concern and not only of national policy.

## Rules and their limits

International trade rules permit export restrictions in certain circumstances, including to prevent or relieve critical shortages of foodstuffs, and they require notification and due consideration of importing countries' food security. In practice these disciplines are weak: notification is often late or incomplete, and affected importers have little recourse.

Proposals to strengthen them — for example, by exempting humanitarian food purchases from export restrictions — have gained support, but agreement on broader rules has proved elusive. Major exporters are reluctant to limit their policy space, particularly in a crisis, which is exactly when the rules would matter.

## Options for importers and exporters

Several approaches could reduce the fragility of thin staple markets:

1. **Transparency.** Timely information on stocks, production and policy intentions reduces the uncertainty that fuels panic buying. Market information systems that pool data from major producers and importers have already shown their value.
2. **Predictable triggers.** Exporters could announce in advance the conditions under which they would restrict trade, allowing markets to adjust gradually.
3. **Humanitarian exemptions.** Purchases by humanitarian agencies for food assistance should be exempt from export restrictions.
4. **Diversified sourcing.** Importers can reduce exposure by diversifying suppliers and, where feasible, holding strategic reserves.
5. **Government-to-government arrangements.** Bilateral supply agreements can reassure vulnerable importers, though they risk thinning the open market further.

## Conclusion

India's rice policy illustrates a broader truth: in a world of thin markets for staples, domestic food policy is international food security policy. Large exporters face legitimate domestic pressures, and no government will sacrifice its own consumers for the sake of trade rules. But predictability, transparency and consideration for vulnerable importers cost little and prevent much. Building those habits in calm years is the best preparation for the next crisis.

[^1]: Estimates of the traded share vary by year and source but consistently show rice to be much less traded, relative to production, than wheat or maize.

[^2]: Assessments of the 2007–2008 crisis differ on the relative weight of export restrictions, biofuel demand, energy prices and speculation; most agree that restrictions amplified the price spikes.
    `,
  },
  {
    expert: 'ananya-venkataraman',
    slug: 'undersea-cables-infrastructure-nobody-votes-for',
    title: 'Undersea Cables: The Infrastructure Nobody Votes For',
    lead: 'Almost all intercontinental data travels through a few hundred fibre-optic cables on the seabed. Their ownership is shifting towards a handful of technology firms, their repair depends on a small fleet of specialised ships, and their protection sits awkwardly between navies, regulators and private operators.',
    tags: ['technology', 'security', 'indo-pacific', 'arctic'],
    publishedAt: '2026-05-12T08:00:00.000Z',
    image: {
      seed: 1305,
      alt: 'Abstract illustration of grey-green ridges like ocean swells, with contour lines and a dashed route suggesting a cable path.',
      credit: 'Rostrum Demo',
    },
    body: md`
## The physical internet

It is easy to imagine that international data travels through the air, by satellite. In fact the great majority of intercontinental internet traffic, financial transactions and communications passes through fibre-optic cables on the seabed — a few hundred systems spanning well over a million kilometres.[^1] In deep water these cables are often no thicker than a garden hose, and they lie largely unprotected on the ocean floor.

Cables fail regularly. Most faults are caused by fishing gear and ship anchors; earthquakes and underwater landslides account for many others. Because the global network has substantial redundancy, individual failures usually go unnoticed by users. But some places — island states, remote territories, coastlines served by one or two cables — are far more exposed, and incidents in recent years, from the Baltic to the waters around Svalbard and the Red Sea, have drawn attention to the possibility of deliberate damage.

## Shifting ownership

Submarine cables were historically built and owned by consortia of telecommunications operators. Over the past decade large technology companies have become the dominant investors in new transoceanic capacity, building cables to connect their own data centres.[^2] This shift has brought investment and innovation, but it has also concentrated control over critical infrastructure in a small number of firms whose commercial priorities need not match public interests in resilience and access.

Governments have responded in different ways: by scrutinising cable landing licences on security grounds, by supporting cables to underserved regions, and by seeking to exclude certain suppliers from projects. Cable routes have become a subject of geopolitical competition, particularly in the Indo-Pacific, where decisions about which companies build and supply a cable are increasingly shaped by strategic considerations.

## The repair gap

When a cable is damaged, repair depends on a small global fleet of specialised cable ships, many of them ageing. Repairs can take days or many weeks, depending on ship availability, weather, permits and the security situation. Where redundancy is limited, a single fault can disrupt connectivity for an extended period.

> A cable network is only as resilient as the ship that can reach it. Investment in new cables has outpaced investment in the fleet that keeps them working.

Expanding repair capacity — new vessels, regional maintenance agreements and faster permits for repair operations — is one of the most cost-effective ways to improve resilience.

## Between navies, regulators and operators

Protecting submarine cables involves an awkward division of responsibility. Cables are mostly privately owned and operated. They cross international waters, where jurisdiction is limited, before entering territorial seas and landing stations subject to national regulation. Navies and coast guards can monitor and deter threats in some areas, but they cannot patrol the whole network.

International law offers some protection: the UN Convention on the Law of the Sea obliges states to make wilful or culpably negligent damage to submarine cables by their ships or nationals a punishable offence. Enforcement, however, is difficult, attribution is often uncertain, and the legal framework was not designed with deliberate interference by states in mind.

## A resilience agenda

Making submarine cable networks more resilient does not require dramatic new institutions. It requires attention to a handful of practical measures:

- **Route diversity.** Encourage new cables along different routes and landing points, particularly for regions with few connections.
- **Repair capacity.** Invest in cable ships and regional maintenance arrangements, and simplify permits for repairs.
- **Monitoring.** Improve maritime awareness around critical cable corridors, including through cooperation between operators and public authorities.
- **Information-sharing.** Establish channels through which operators and governments can share information on incidents and threats quickly.
- **Legal clarity.** Update national laws and international cooperation on investigating and prosecuting damage to cables.

## Conclusion

Submarine cables are the infrastructure nobody votes for: invisible, privately owned and rarely discussed until they fail. As economies depend on them more, and as geopolitical competition extends to the seabed, their resilience deserves a place on the public agenda. The measures required are neither glamorous nor expensive by the standards of other security spending. Their absence would be felt immediately, and everywhere.

[^1]: Counts of cable systems and their total length vary with definitions, for example whether systems under construction are included; industry sources describe several hundred active systems.

[^2]: Technology companies participate both as sole owners of some systems and as members of consortia in others.
    `,
  },
];

export const demoPortals: DemoPortal[] = [
  {
    slug: 'business',
    title: 'For business',
    intro: md`
Trade routes, sanctions regimes and energy markets are changing faster than most planning cycles. Our fellows follow the policy decisions behind those changes — and the practical constraints that decide how far they go.

The analysis gathered here is chosen for executives, risk managers and investors who need the direction of regulation and geopolitics without a specialist's reading list. Every piece is written by a named expert, states its assumptions and can be cited.
    `,
    featured: [
      'daniyar-seitkali/middle-corridor-promise-and-bottlenecks',
      'ananya-venkataraman/secondary-sanctions-logistics-of-evasion',
      'ananya-venkataraman/chokepoints-in-silicon-export-controls',
    ],
  },
  {
    slug: 'researchers',
    title: 'For researchers',
    intro: md`
Our fellows publish analysis with its reasoning in view: footnotes, stated assumptions and a clear line between evidence and judgement. We welcome correspondence, shared data and challenge from colleagues in universities and other institutes.

The articles below are a starting point for work on shared rivers, critical minerals and staple-food markets. Each has a permanent address for citation, and its print version carries the full notes.
    `,
    featured: ['daniyar-seitkali/water-before-borders-amu-darya', 'maren-solheim/critical-minerals-high-north-permitting', 'ananya-venkataraman/rice-export-bans-thin-markets'],
  },
  {
    slug: 'students',
    title: 'For students',
    intro: md`
If you study international relations, economics or public policy, these pieces show how experts reason about questions without easy answers: how they weigh evidence, state uncertainty and still reach a judgement.

Start with the articles below, then follow the tags to explore a region or a topic in depth. Many of our fellows began as interns and research assistants, and the Institute's programmes are open to applicants from every discipline.
    `,
    featured: ['daniyar-seitkali/kazakhstan-multi-vector-foreign-policy-under-strain', 'ananya-venkataraman/undersea-cables-infrastructure-nobody-votes-for', 'maren-solheim/norway-gas-dilemma'],
  },
];

export interface DemoGlossaryTerm {
  term: string;
  expansion: string;
  definition: string;
}

/** Terms the demo articles use, so their first uses are marked and /glossary has something to browse. */
export const demoGlossary: DemoGlossaryTerm[] = [
  { term: 'LNG', expansion: 'Liquefied natural gas', definition: 'Natural gas cooled to about −162 °C, which shrinks it some 600 times so that it can travel by ship rather than pipeline.' },
  { term: 'EU', expansion: 'European Union', definition: 'The political and economic union of 27 European states, with a single market and a common trade policy.' },
  { term: 'WTO', expansion: 'World Trade Organization', definition: 'The organisation that administers the multilateral rules of trade in goods and services and settles disputes among its members.' },
  { term: 'UN', expansion: 'United Nations', definition: 'The intergovernmental organisation of 193 member states founded in 1945.' },
  { term: 'ATMP', expansion: 'Assembly, testing, marking and packaging', definition: 'The back end of semiconductor manufacturing, where finished wafers become packaged chips.' },
  {
    term: 'Eurasian Economic Union',
    expansion: 'EAEU: Russia, Belarus, Kazakhstan, Kyrgyzstan and Armenia',
    definition: 'A customs union and single market of five post-Soviet states, in force since 2015.',
  },
  {
    term: 'Collective Security Treaty Organization',
    expansion: 'CSTO: a Russian-led military alliance',
    definition: 'A mutual-defence alliance of Russia, Belarus, Armenia, Kazakhstan, Kyrgyzstan and Tajikistan.',
  },
  {
    term: 'Middle Corridor',
    expansion: 'Trans-Caspian International Transport Route',
    definition: 'The rail, sea and road route from China to Europe through Kazakhstan, the Caspian Sea, the South Caucasus and Turkey.',
  },
  {
    term: 'Caspian Pipeline Consortium',
    expansion: 'CPC: the pipeline from Kazakhstan to Novorossiysk',
    definition: 'The pipeline that carries most of Kazakhstan’s crude oil exports to the Russian Black Sea coast.',
  },
  {
    term: 'Secondary sanctions',
    expansion: 'Sanctions on third parties that deal with a sanctioned state',
    definition: 'Measures that penalise foreign banks, firms or shippers for doing business with a country under sanctions.',
  },
];
