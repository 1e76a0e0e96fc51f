/** Claim names of LTI 1.3 Core, Deep Linking 2.0, AGS 2.0 and NRPS 2.0 (1EdTech). */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  dlSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  dlContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  dlData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  dlMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
} as const;

export const SCOPE = {
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  lineitem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  resultRead: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

export const MESSAGE = {
  resourceLink: 'LtiResourceLinkRequest',
  deepLinking: 'LtiDeepLinkingRequest',
  deepLinkingResponse: 'LtiDeepLinkingResponse',
} as const;

const ROLE_PREFIXES = [
  'http://purl.imsglobal.org/vocab/lis/v2/membership#',
  'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#',
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#',
];

/** Instructor-like context roles (Instructor, ContentDeveloper, TeachingAssistant as a sub-role). */
export function isInstructor(roles: unknown): boolean {
  if (!Array.isArray(roles)) return false;
  return roles.some(
    (r) =>
      typeof r === 'string' &&
      (r === 'Instructor' ||
        r === `${ROLE_PREFIXES[0]}Instructor` ||
        r === `${ROLE_PREFIXES[0]}ContentDeveloper` ||
        r.startsWith(ROLE_PREFIXES[1])),
  );
}

/** Learner context roles (Learner, its sub-roles). */
export function isLearner(roles: unknown): boolean {
  if (!Array.isArray(roles)) return false;
  return roles.some(
    (r) =>
      typeof r === 'string' &&
      (r === 'Learner' ||
        r === `${ROLE_PREFIXES[0]}Learner` ||
        r.startsWith('http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#')),
  );
}
