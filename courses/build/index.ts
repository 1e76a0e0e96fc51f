/** Turns the course sources in `courses/<key>/` into SCORM 2004 and SCORM 1.2 zips. */
export { buildAllCourses, buildCourse, sourceHash } from './build-courses';
export type { BuildOptions, BuiltCourse } from './build-courses';
export { loadCourseSource } from './load-course-source';
export { CourseSourceError } from './course-source-error';
export { REAL_MODULE_RULES, SAMPLE_MODULE_RULES } from './course-schema';
export type { CourseSource, ModuleJson, Question, QuizRules } from './course-schema';
