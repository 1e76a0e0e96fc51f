/**
 * The one safe path for files people upload (authorisation evidence, exchange attachments): into
 * memory under a size limit, type read from the content (PDF, PNG, JPEG), a stored name that is a
 * random key, a shown name made safe for headers, and sent back only as a download.
 */
export { detectDocumentType, safeFileName, type DocumentType } from './document-type';
export { sendDocument } from './send-document';
export { documentUpload, uploadedFiles, type SubmittedFile } from './upload';
