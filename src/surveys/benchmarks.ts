/**
 * The eight Gatsby Benchmarks of good career guidance, as the statutory guidance for schools and
 * colleges adopts them (updated 2025). Survey questions name the ones they give evidence on
 * (`benchmarks: [1, 3]`); the report and the partnership overview group by them.
 */
export const gatsbyBenchmarks: Record<number, string> = {
  1: 'A stable careers programme',
  2: 'Learning from career and labour market information',
  3: 'Addressing the needs of each young person',
  4: 'Linking curriculum learning to careers',
  5: 'Encounters with employers and employees',
  6: 'Experiences of workplaces',
  7: 'Encounters with further and higher education',
  8: 'Personal guidance',
}

export const benchmarkNumbers = Object.keys(gatsbyBenchmarks).map(Number)
