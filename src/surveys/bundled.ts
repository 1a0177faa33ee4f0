// The survey files, bundled as text for runtimes without a file system (the Worker).
// wrangler.toml imports *.yaml as text; a test checks that this list matches surveys/.
import parentCarer from '../../surveys/parent-carer.yaml'
import studentIag from '../../surveys/student-iag.yaml'

export const surveyFiles = [
  { file: 'surveys/parent-carer.yaml', text: parentCarer },
  { file: 'surveys/student-iag.yaml', text: studentIag },
]
