// The survey files and their translations, bundled as text for runtimes without a file
// system (the Worker). wrangler.toml imports *.yaml as text; a test checks that this list
// matches surveys/ and surveys/translations/.
import employerPartners from '../../surveys/employer-partners.yaml'
import parentCarer from '../../surveys/parent-carer.yaml'
import staffCareers from '../../surveys/staff-careers.yaml'
import studentIag from '../../surveys/student-iag.yaml'
import parentCarerPl from '../../surveys/translations/parent-carer.pl.yaml'
import parentCarerRo from '../../surveys/translations/parent-carer.ro.yaml'
import parentCarerUr from '../../surveys/translations/parent-carer.ur.yaml'
import studentIagPl from '../../surveys/translations/student-iag.pl.yaml'
import studentIagRo from '../../surveys/translations/student-iag.ro.yaml'
import studentIagUr from '../../surveys/translations/student-iag.ur.yaml'

export const surveyFiles = [
  { file: 'surveys/employer-partners.yaml', text: employerPartners },
  { file: 'surveys/parent-carer.yaml', text: parentCarer },
  { file: 'surveys/staff-careers.yaml', text: staffCareers },
  { file: 'surveys/student-iag.yaml', text: studentIag },
  { file: 'surveys/translations/parent-carer.pl.yaml', text: parentCarerPl },
  { file: 'surveys/translations/parent-carer.ro.yaml', text: parentCarerRo },
  { file: 'surveys/translations/parent-carer.ur.yaml', text: parentCarerUr },
  { file: 'surveys/translations/student-iag.pl.yaml', text: studentIagPl },
  { file: 'surveys/translations/student-iag.ro.yaml', text: studentIagRo },
  { file: 'surveys/translations/student-iag.ur.yaml', text: studentIagUr },
]
