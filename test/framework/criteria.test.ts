import { describe, expect, it } from 'vitest'
import { criteriaForYear, defaultCriteria, frameworkCriteriaSchema } from '../../src/framework/criteria.ts'
import { criteriaFromForm, fieldName } from '../../src/framework/forms.ts'

describe('framework criteria', () => {
  it('has documented defaults: Destination Measure not set, at the average within 0.5 points, the framework’s 2 and 5, the open band Amber/Red, mean of points from 3 elements', () => {
    expect(defaultCriteria).toEqual({
      destination: { ks4: null, post16: null },
      y11: { atWidth: 0.5, amberRedDepth: 2, redDepth: 5, gapBand: 'Amber/Red', cityAverage: null },
      overall: { method: 'mean-of-points', minimumRated: 3 },
    })
  })

  it('refuses criteria that contradict themselves, saying what is wrong and where', () => {
    const issues = (input: unknown) => frameworkCriteriaSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues({ y11: { atWidth: 2, amberRedDepth: 2 } })).toEqual([
      'y11.atWidth: the width of “at the city average” must be smaller than the depth of the Amber/Red band',
    ])
    expect(issues({ y11: { amberRedDepth: 4, redDepth: 3 } })).toEqual(['y11.redDepth: the Red depth must be at least the Amber/Red depth'])
    expect(issues({ destination: { ks4: { green: 90, amberGreen: 92, amberRed: 80 } } })?.[0]).toContain('destination.ks4: the minimum for Green must be above')
    expect(issues({ destination: { ks4: { green: 190, amberGreen: 92, amberRed: 80 } } })?.[0]).toBe('destination.ks4.green: a percentage cannot be above 100')
    expect(issues({ y11: { gapBand: 'Green' } })).toEqual(['y11.gapBand: choose Amber/Red or Red'])
    expect(issues({ overall: { minimumRated: 6 } })).toEqual(['overall.minimumRated: there are only 5 elements'])
    expect(issues({ surprise: true })?.[0]).toContain('surprise')
  })

  it('uses a year’s own version, else the latest earlier one without its entered city average, else the defaults', () => {
    const saved = frameworkCriteriaSchema.parse({ y11: { atWidth: 1, cityAverage: 91.5 }, overall: { method: 'lowest' } })
    const versions = [{ year: '2023/24', criteria: JSON.stringify(saved), updatedAt: '2023-10-01T00:00:00Z' }]
    expect(criteriaForYear('2023/24', versions)).toEqual({ criteria: saved, source: { kind: 'saved', year: '2023/24', updatedAt: '2023-10-01T00:00:00Z' } })
    const later = criteriaForYear('2025/26', versions)
    expect(later.source).toEqual({ kind: 'inherited', year: '2023/24' })
    expect(later.criteria.y11).toEqual({ ...saved.y11, cityAverage: null })
    expect(later.criteria.overall.method).toBe('lowest')
    expect(criteriaForYear('2022/23', versions)).toEqual({ criteria: defaultCriteria, source: { kind: 'default' } })
  })
})

describe('the criteria form', () => {
  const form = (fields: Record<string, string>) => {
    const base: Record<string, string> = {
      [fieldName('y11.atWidth')]: '0.5',
      [fieldName('y11.amberRedDepth')]: '2',
      [fieldName('y11.redDepth')]: '5',
      [fieldName('y11.gapBand')]: 'Amber/Red',
      [fieldName('y11.cityAverage')]: '',
      [fieldName('overall.method')]: 'mean-of-points',
      [fieldName('overall.minimumRated')]: '3',
    }
    return criteriaFromForm({ ...base, ...fields })
  }

  it('reads the fields into criteria; empty Destination Measure boxes leave the stage not set', () => {
    const r = form({ destination_ks4_green: '95', destination_ks4_amberGreen: '92%', destination_ks4_amberRed: '88.5', y11_cityAverage: '91.2' })
    expect(r).toEqual({
      ok: true,
      value: {
        ...defaultCriteria,
        destination: { ks4: { green: 95, amberGreen: 92, amberRed: 88.5 }, post16: null },
        y11: { ...defaultCriteria.y11, cityAverage: 91.2 },
      },
    })
  })

  it('keys each problem to its field: a half-filled stage, text for a number, a missing required number', () => {
    const r = form({ destination_post16_green: '90', y11_atWidth: 'half', y11_redDepth: '' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors['destination.post16']).toContain('give all three minimum shares')
    expect(r.errors['y11.atWidth']).toBe('give a number of percentage points, such as 2')
    expect(r.errors['y11.redDepth']).toBe('give a number of percentage points, such as 2')
  })
})
