export { courseFileName, findCourseFile, readCourseFile, type CourseFile } from './file.js';
export { loadCourse, loadCourseFile, requireWhole, type Course, type CourseExercise, type ExpectedVerdict, type Mistake } from './load.js';
export type { LoadProblem } from './modules.js';
export { checkCourse, coursePhases, expectedInWords, failedChecks, solutionPasses, verdictMatches, whatHappened, type CourseCheckRow, type CoursePhase, type Outcome } from './check.js';
