import { describe, expect, it } from 'vitest'
import { neutraliseCell } from '../../src/http/csv.ts'

describe('neutraliseCell', () => {
  it.each([
    '=1+1',
    '  +SUM(A1)',
    '-2',
    '@cmd',
    '\t=x',
    '\r=x',
    '=HYPERLINK("http://example.com")',
    ' \t@x',
    // a line feed, a no-break space or an ideographic space in front hides nothing either
    '\n=1+1',
    '\r\n-1',
    '\u00a0=1',
    '\u3000@SUM(A1)',
    "=cmd|' /C calc'!A0",
    '\t',
    '\r',
  ])('neutralises %j', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`)
  })

  it.each(['Careers fair', '42', '3.5', 'a=b', 'E-mail', '', 'Year 8; Year 9', "'quoted", '<script>alert(1)</script>', '1 = 1'])('leaves %j alone', (value) => {
    expect(neutraliseCell(value)).toBe(value)
  })
})
