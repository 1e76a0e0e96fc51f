export { documentUpload } from '../shared/documents';
